import { describe, expect, it } from 'vitest';
import { FakeHost, key, pointer } from '../../testing/fake-host.js';
import { DrawFreehandMode, FREEHAND_STEP_PX } from './draw-freehand.mode.js';

function setup() {
  const host = new FakeHost();
  const mode = new DrawFreehandMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

function stroke(mode: DrawFreehandMode, points: [number, number][]) {
  const [first, ...rest] = points;
  const taken = mode.onPointerDown(pointer(...first!));
  for (const p of rest.slice(0, -1)) mode.onDrag(pointer(...p));
  mode.onPointerUp(pointer(...rest[rest.length - 1]!));
  return taken;
}

describe('draw-freehand mode', () => {
  it('takes the drag, keeps a vertex every few pixels and creates the ring on release', async () => {
    const { host, mode } = setup();
    const path: [number, number][] = [];
    for (let x = 0; x <= 100; x++) path.push([x, 0]);
    for (let y = 1; y <= 100; y++) path.push([100, y]);
    const taken = stroke(mode, path);
    await mode.idle();
    expect(taken).toBe(true);
    const ring = (host.commits[0] as { geometry: { coordinates: unknown[][] } }).geometry.coordinates[0]!;
    expect(ring.length).toBeGreaterThan(20);
    expect(ring.length).toBeLessThanOrEqual(Math.ceil(200 / FREEHAND_STEP_PX) + 2);
  });

  it('refuses a stroke that crosses itself or has no area', async () => {
    const { host, mode } = setup();
    stroke(mode, [[0, 0], [100, 100], [100, 0], [0, 100]]);
    await mode.idle();
    stroke(mode, [[0, 0], [50, 0], [100, 0]]);
    await mode.idle();
    expect(host.commits).toEqual([]);
    expect(host.notices.map((n) => n.key)).toEqual(['editing.problem.self_intersection', 'editing.problem.zero_area']);
  });

  it('leaves the right button and Esc alone', () => {
    const { mode } = setup();
    expect(mode.onPointerDown(pointer(0, 0, { button: 2 }))).toBe(false);
    mode.onPointerDown(pointer(0, 0));
    expect(mode.onKeyDown(key('Escape'))).toBe(true);
  });
});
