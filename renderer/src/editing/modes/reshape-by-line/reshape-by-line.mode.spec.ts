import { describe, expect, it } from 'vitest';
import { FakeHost, key, lonLatAt, pointer } from '../../testing/fake-host.js';
import { ReshapeByLineMode } from './reshape-by-line.mode.js';

describe('reshape-by-line mode', () => {
  it('reshapes the selected feature with the drawn line', async () => {
    const host = new FakeHost();
    host.selectionValue = [{ layerId: 1, fid: 3 }];
    const mode = new ReshapeByLineMode();
    mode.register(host);
    mode.start();
    for (const [x, y] of [[50, -20], [50, 20], [70, 20], [70, -20]] as const) mode.onClick(pointer(x, y));
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'reshape', fid: 3, line: [lonLatAt(50, -20), lonLatAt(50, 20), lonLatAt(70, 20), lonLatAt(70, -20)] }]);
  });

  it('with several features selected, the first click picks one', async () => {
    const host = new FakeHost();
    host.features = [{ layerId: 1, fid: 3, parts: [[[[0, 0], [100, 0], [100, 100], [0, 100]]]] }];
    host.selectionValue = [{ layerId: 1, fid: 3 }, { layerId: 1, fid: 4 }];
    const mode = new ReshapeByLineMode();
    mode.register(host);
    mode.start();
    mode.onClick(pointer(50, 50));
    await mode.idle();
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 3 }]);
    // Esc lets go of the target when nothing is drawn.
    mode.onKeyDown(key('Escape'));
    await mode.idle();
    expect(host.lastStatus.hint).toBe('editing.hint.pickTarget');
  });
});
