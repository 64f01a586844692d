import { describe, expect, it } from 'vitest';
import { exactAt, FakeHost, key, lonLatAt, pointer } from '../../testing/fake-host.js';
import { SplitByLineMode } from './split-by-line.mode.js';

function setup() {
  const host = new FakeHost();
  const mode = new SplitByLineMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

describe('split-by-line mode', () => {
  it('sends the drawn line (double-click) for every feature it divides when nothing is selected', async () => {
    const { host, mode } = setup();
    mode.onClick(pointer(-10, 50));
    mode.onClick(pointer(110, 50));
    mode.onClick(pointer(110, 50));
    mode.onDoubleClick(pointer(110, 50));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'split', line: [lonLatAt(-10, 50), lonLatAt(110, 50)] }]);
  });

  it('limits the split to the selected features and clears the selection afterwards', async () => {
    const { host, mode } = setup();
    host.selectionValue = [{ layerId: 1, fid: 4 }, { layerId: 2, fid: 8 }];
    mode.onClick(pointer(-10, 50));
    mode.onClick(pointer(110, 50));
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.commits[0]).toMatchObject({ type: 'split', fids: [4] });
    expect(host.selectionValue).toEqual([]);
  });

  it('snaps the line ends exactly and needs two vertices', async () => {
    const { host, mode } = setup();
    host.snapVertices = [[0, 50]];
    mode.onClick(pointer(2, 52));
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.commits).toEqual([]);
    expect(host.notices).toContainEqual({ tone: 'error', key: 'editing.problem.too_short' });
    mode.onClick(pointer(200, 50));
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect((host.commits[0] as { line: unknown[] }).line[0]).toEqual(exactAt(0, 50));
  });

  it('measures the line, without an area', async () => {
    const { host, mode } = setup();
    mode.onClick(pointer(0, 0));
    await mode.idle();
    mode.onPointerMove(pointer(30, 40));
    expect(host.lastStatus.lengthM).toBeCloseTo(50, 6);
    expect(host.lastStatus.areaM2).toBeNull();
  });
});
