import { describe, expect, it } from 'vitest';
import { FakeHost, key, okResult, pointer } from '../../testing/fake-host.js';
import { CopyPasteMode } from './copy-paste.mode.js';

function setup() {
  const host = new FakeHost();
  host.otherFeatures = [
    { layerId: 12, fid: 1, parts: [[[[0, 0], [100, 0], [100, 100], [0, 100]]]] },
    { layerId: 12, fid: 2, parts: [[[[100, 0], [200, 0], [200, 100], [100, 100]]]] },
    { layerId: 3, fid: 9, parts: [[[[0, 200], [100, 200], [100, 300], [0, 300]]]] },
  ];
  const mode = new CopyPasteMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

describe('copy-paste mode', () => {
  it('collects features of another layer and pastes them into the edited one with Ctrl+V', async () => {
    const { host, mode } = setup();
    host.commitAnswer = () => okResult([{ layerId: 1, created: [40, 41], updated: [], deleted: [] }]);
    mode.onClick(pointer(50, 50));
    mode.onClick(pointer(150, 50));
    await mode.idle();
    expect(host.lastPreview.highlight).toHaveLength(2);
    expect(mode.onKeyDown(key('v', { ctrlKey: true }))).toBe(true);
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'copy', from: [{ layerId: 12, fid: 1 }, { layerId: 12, fid: 2 }] }]);
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 40 }, { layerId: 1, fid: 41 }]);
    expect(mode.collected).toEqual([]);
  });

  it('keeps one source layer at a time and toggles with a second click', async () => {
    const { mode } = setup();
    mode.onClick(pointer(50, 50));
    mode.onClick(pointer(50, 250));
    await mode.idle();
    expect(mode.collected).toEqual([{ layerId: 3, fid: 9 }]);
    mode.onClick(pointer(50, 250));
    await mode.idle();
    expect(mode.collected).toEqual([]);
  });

  it('has nothing to paste before anything is collected (Ctrl+V is then the clipboard\'s)', async () => {
    const { host, mode } = setup();
    expect(mode.onKeyDown(key('v', { ctrlKey: true }))).toBe(false);
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.notices).toEqual([{ tone: 'warning', key: 'editing.notice.nothingToPaste' }]);
  });
});
