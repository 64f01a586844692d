import { describe, expect, it } from 'vitest';
import { exactAt, FakeHost, key, lonLatAt, pointer } from '../../testing/fake-host.js';
import { DrawRectangleMode, rectangleCorners } from './draw-rectangle.mode.js';

function setup() {
  const host = new FakeHost();
  const mode = new DrawRectangleMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

describe('draw-rectangle mode', () => {
  it('builds the corners from two opposite ones', () => {
    expect(rectangleCorners([0, 0], [2, 1])).toEqual([[0, 0], [2, 0], [2, 1], [0, 1]]);
  });

  it('creates a rectangle from two clicks, keeping a snapped corner exact', async () => {
    const { host, mode } = setup();
    host.snapVertices = [[200, 100]];
    mode.onClick(pointer(0, 0));
    mode.onPointerMove(pointer(150, 80));
    mode.onClick(pointer(202, 98));
    await mode.idle();
    const c = exactAt(200, 100);
    expect(host.commits).toEqual([{ type: 'create', geometry: { type: 'Polygon', coordinates: [[lonLatAt(0, 0), [c[0], lonLatAt(0, 0)[1]], c, [lonLatAt(0, 0)[0], c[1]]]] } }]);
  });

  it('previews the rectangle with its area, and Esc starts over', async () => {
    const { host, mode } = setup();
    mode.onClick(pointer(0, 0));
    await mode.idle();
    mode.onPointerMove(pointer(100, 50));
    expect(host.lastPreview.polygons).toHaveLength(1);
    expect(host.lastStatus.areaM2).toBeCloseTo(5000, 6);
    mode.onKeyDown(key('Escape'));
    await mode.idle();
    mode.onClick(pointer(10, 10));
    await mode.idle();
    expect(host.commits).toEqual([]);
  });

  it('refuses a rectangle without area', async () => {
    const { host, mode } = setup();
    mode.onClick(pointer(0, 0));
    mode.onClick(pointer(100, 0));
    await mode.idle();
    expect(host.commits).toEqual([]);
    expect(host.notices[0]).toMatchObject({ tone: 'error' });
  });
});
