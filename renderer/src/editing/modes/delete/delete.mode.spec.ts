import { describe, expect, it } from 'vitest';
import { FakeHost, key, pointer } from '../../testing/fake-host.js';
import { DeleteMode } from './delete.mode.js';

describe('delete mode', () => {
  it('deletes a clicked feature, and the selection with Delete', async () => {
    const host = new FakeHost();
    host.features = [{ layerId: 1, fid: 7, parts: [[[[0, 0], [100, 0], [100, 100], [0, 100]]]] }];
    host.selectionValue = [{ layerId: 1, fid: 7 }, { layerId: 1, fid: 8 }];
    const mode = new DeleteMode();
    mode.register(host);
    mode.start();
    mode.onClick(pointer(500, 500));
    mode.onClick(pointer(50, 50));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'delete', fids: [7] }]);
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 8 }]);
    mode.onKeyDown(key('Delete'));
    await mode.idle();
    expect(host.commits[1]).toEqual({ type: 'delete', fids: [8] });
    expect(host.selectionValue).toEqual([]);
  });
});
