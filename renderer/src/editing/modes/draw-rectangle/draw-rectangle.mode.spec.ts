import { describe, expect, it } from 'vitest';
import type { Vertex } from '../../types.js';
import { exactAt, FakeHost, key, lonLatAt, pointer } from '../../testing/fake-host.js';
import { axisRectangle, DrawRectangleMode, threePointRectangle } from './draw-rectangle.mode.js';

// The fake map is rotated against nothing, so to tell "along the grid" from "along meridians" the fake host's
// planar CRS is turned here by a few degrees, as Gauss–Krüger is turned against the meridians away from the
// central meridian (the grid convergence).
const TURN = (3 * Math.PI) / 180;

function setup(rectangleMode: 'extent' | 'threePoints' = 'extent') {
  const host = new FakeHost();
  host.settingsValue = { ...host.settingsValue, rectangleMode };
  const c = Math.cos(TURN), s = Math.sin(TURN);
  // Screen pixel (px, py) ↔ planar metres, rotated.
  host.planar = (v: Vertex) => {
    if (v.length >= 4) return [v[2]!, v[3]!];
    const { x, y } = host.project([v[0], v[1]]);
    return [500_000 + c * x - s * -y, 3_500_000 + s * x + c * -y];
  };
  host.fromPlanar = ([X, Y]) => {
    const dx = X - 500_000, dy = Y - 3_500_000;
    return lonLatAt(c * dx + s * dy, -(-s * dx + c * dy));
  };
  const mode = new DrawRectangleMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

type Ring = number[][];
const ringOf = (host: FakeHost, i = 0): Ring => (host.commits[i] as { geometry: { coordinates: Ring[] } }).geometry.coordinates[0]!;

describe('draw-rectangle mode', () => {
  it('builds the corners from two opposite ones, and from one side and a width', () => {
    expect(axisRectangle([0, 0], [2, 1])).toEqual([[0, 0], [2, 0], [2, 1], [0, 1]]);
    expect(threePointRectangle([0, 0], [4, 0], [1, 3])).toEqual([[0, 0], [4, 0], [4, 3], [0, 3]]);
    expect(threePointRectangle([0, 0], [4, 0], [1, -2])).toEqual([[0, 0], [4, 0], [4, -2], [0, -2]]);
    expect(threePointRectangle([1, 1], [1, 1], [3, 3])).toBeNull();
  });

  it('draws along the workspace grid, not the meridians: exact corners sharing x and y bit for bit', async () => {
    const { host, mode } = setup();
    mode.onClick(pointer(0, 0));
    mode.onClick(pointer(200, 100));
    await mode.idle();
    const ring = ringOf(host);
    expect(ring).toHaveLength(4);
    for (const v of ring) expect(v).toHaveLength(4);
    const [a, b, c, d] = ring as [number[], number[], number[], number[]];
    expect(b[2]).toBe(c[2]);
    expect(a[2]).toBe(d[2]);
    expect(a[3]).toBe(b[3]);
    expect(c[3]).toBe(d[3]);
    // Free clicks are on the 1 mm grid.
    for (const v of ring) expect(Math.abs(v[2]! * 1000 - Math.round(v[2]! * 1000))).toBeLessThan(1e-3);
    // The lon/lat sent is the inverse of the x, y; the grid is turned, so the sides are not on meridians.
    for (const v of ring) expect(host.fromPlanar([v[2]!, v[3]!])).toEqual([v[0], v[1]]);
    expect(Math.abs(b[1]! - a[1]!)).toBeGreaterThan(1e-6);
  });

  it('keeps a snapped corner exact, with its own lon/lat', async () => {
    const { host, mode } = setup();
    host.snapVertices = [[200, 100]];
    mode.onClick(pointer(0, 0));
    mode.onPointerMove(pointer(150, 80));
    mode.onClick(pointer(202, 98));
    await mode.idle();
    const ring = ringOf(host);
    const c = exactAt(200, 100);
    expect(ring[2]).toEqual(c);
    expect(ring[1]![2]).toBe(c[2]);
    expect(ring[3]![3]).toBe(c[3]);
  });

  it('draws a rotated rectangle from three points: right angles, parallel sides, the first side as clicked', async () => {
    const { host, mode } = setup('threePoints');
    host.snapVertices = [[0, 0], [300, -100]];
    mode.onClick(pointer(1, 1));
    mode.onClick(pointer(299, -99));
    await mode.idle();
    mode.onPointerMove(pointer(260, 60));
    expect(host.lastPreview.polygons).toHaveLength(1);
    expect(host.lastStatus.hint).toBe('editing.hint.drawRectangle3');
    mode.onClick(pointer(260, 60));
    await mode.idle();
    const ring = ringOf(host);
    expect(ring[0]).toEqual(exactAt(0, 0));
    expect(ring[1]).toEqual(exactAt(300, -100));
    const xy = ring.map((v) => [v[2]!, v[3]!]);
    const side = (i: number) => [xy[(i + 1) % 4]![0]! - xy[i]![0]!, xy[(i + 1) % 4]![1]! - xy[i]![1]!];
    for (let i = 0; i < 4; i++) {
      const [ax, ay] = side(i), [bx, by] = side((i + 1) % 4);
      expect(Math.abs(ax! * bx! + ay! * by!) / (Math.hypot(ax!, ay!) * Math.hypot(bx!, by!))).toBeLessThan(1e-12);
    }
    expect(Math.hypot(...(side(0) as [number, number]))).toBeCloseTo(Math.hypot(...(side(2) as [number, number])), 6);
  });

  it('previews the rectangle with its area; Backspace takes back a corner and Esc starts over', async () => {
    const { host, mode } = setup();
    mode.onClick(pointer(0, 0));
    await mode.idle();
    mode.onPointerMove(pointer(100, 50));
    expect(host.lastPreview.polygons).toHaveLength(1);
    // The grid is turned: the rectangle spans the grid's Δx × Δy between the corners.
    const [c, si] = [Math.cos(TURN), Math.sin(TURN)];
    expect(host.lastStatus.areaM2).toBeCloseTo(Math.abs((c * 100 + si * 50) * (si * 100 - c * 50)), 0);
    mode.onKeyDown(key('Backspace'));
    await mode.idle();
    mode.onClick(pointer(10, 10));
    await mode.idle();
    expect(host.commits).toEqual([]);
    expect(mode.onKeyDown(key('Escape'))).toBe(true);
    await mode.idle();
    mode.onClick(pointer(10, 10));
    await mode.idle();
    expect(host.commits).toEqual([]);
  });

  it('refuses a rectangle without area', async () => {
    const { host, mode } = setup();
    mode.onClick(pointer(0, 0));
    mode.onClick(pointer(0, 0.0001));
    await mode.idle();
    expect(host.commits).toEqual([]);
    expect(host.notices[0]).toMatchObject({ tone: 'error' });
  });
});
