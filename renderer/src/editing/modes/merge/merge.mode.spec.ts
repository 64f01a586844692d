import { describe, expect, it } from 'vitest';
import { FakeHost, key, okResult, pointer } from '../../testing/fake-host.js';
import { MergeMode } from './merge.mode.js';

function setup() {
  const host = new FakeHost();
  host.features = [
    { layerId: 1, fid: 1, parts: [[[[0, 0], [100, 0], [100, 100], [0, 100]]]] },
    { layerId: 1, fid: 2, parts: [[[[100, 0], [200, 0], [200, 100], [100, 100]]]] },
  ];
  const mode = new MergeMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

describe('merge mode', () => {
  it('collects clicked features and merges them with Enter; the kept feature is selected', async () => {
    const { host, mode } = setup();
    host.commitAnswer = () => okResult([{ layerId: 1, created: [], updated: [2], deleted: [1] }]);
    mode.onClick(pointer(50, 50));
    mode.onClick(pointer(150, 50));
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'merge', fids: [1, 2] }]);
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 2 }]);
  });

  it('needs two features', async () => {
    const { host, mode } = setup();
    mode.onClick(pointer(50, 50));
    mode.onDoubleClick(pointer(50, 50));
    await mode.idle();
    expect(host.commits).toEqual([]);
    expect(host.notices).toEqual([{ tone: 'warning', key: 'editing.notice.mergeNeedsTwo' }]);
  });
});
