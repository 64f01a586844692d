import { describe, expect, it } from 'vitest';
import { FakeHost, key, pointer } from '../../testing/fake-host.js';
import { SelectMode } from './select.mode.js';

function setup() {
  const host = new FakeHost();
  host.features = [
    { layerId: 1, fid: 1, parts: [[[[0, 0], [100, 0], [100, 100], [0, 100]]]] },
    { layerId: 1, fid: 2, parts: [[[[100, 0], [200, 0], [200, 100], [100, 100]]]] },
  ];
  const mode = new SelectMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

describe('select mode', () => {
  it('selects the clicked feature, adds with Shift, clears on empty map', async () => {
    const { host, mode } = setup();
    mode.onClick(pointer(50, 50));
    await mode.idle();
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 1 }]);
    mode.onClick(pointer(150, 50, { shiftKey: true }));
    await mode.idle();
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 1 }, { layerId: 1, fid: 2 }]);
    expect(host.lastPreview.highlight).toHaveLength(2);
    mode.onClick(pointer(50, 50, { ctrlKey: true }));
    await mode.idle();
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 2 }]);
    mode.onClick(pointer(500, 500));
    await mode.idle();
    expect(host.selectionValue).toEqual([]);
  });

  it('deletes the selection with Delete and clears it with Esc', async () => {
    const { host, mode } = setup();
    expect(mode.onKeyDown(key('Delete'))).toBe(false);
    host.selectionValue = [{ layerId: 1, fid: 2 }];
    expect(mode.onKeyDown(key('Delete'))).toBe(true);
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'delete', fids: [2] }]);
    host.selectionValue = [{ layerId: 1, fid: 1 }];
    mode.onKeyDown(key('Escape'));
    await mode.idle();
    expect(host.selectionValue).toEqual([]);
  });
});
