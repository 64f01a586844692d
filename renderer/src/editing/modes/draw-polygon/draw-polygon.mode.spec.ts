import { describe, expect, it } from 'vitest';
import { exactAt, FakeHost, flush, key, lonLatAt, pointer } from '../../testing/fake-host.js';
import { DrawPolygonMode } from './draw-polygon.mode.js';

function setup() {
  const host = new FakeHost();
  const mode = new DrawPolygonMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

async function clicks(mode: DrawPolygonMode, points: [number, number][]) {
  for (const [x, y] of points) mode.onClick(pointer(x, y));
  await mode.idle();
}

describe('draw-polygon mode', () => {
  it('finishes with a double-click: the second click of it adds nothing', async () => {
    const { host, mode } = setup();
    await clicks(mode, [[0, 0], [100, 0], [100, 100], [100, 100]]);
    mode.onDoubleClick(pointer(100, 100));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'create', geometry: { type: 'Polygon', coordinates: [[lonLatAt(0, 0), lonLatAt(100, 0), lonLatAt(100, 100)]] } }]);
    // The sketch is cleared after a successful save.
    expect(host.lastPreview.polygons).toEqual([]);
  });

  it('finishes with Enter, or by clicking the first vertex', async () => {
    const a = setup();
    await clicks(a.mode, [[0, 0], [100, 0], [100, 100]]);
    expect(a.mode.onKeyDown(key('Enter'))).toBe(true);
    await a.mode.idle();
    expect(a.host.commits).toHaveLength(1);

    const b = setup();
    await clicks(b.mode, [[0, 0], [100, 0], [100, 100], [3, 2]]);
    expect(b.host.commits).toHaveLength(1);
  });

  it('removes the last vertex with Backspace and cancels with Esc', async () => {
    const { host, mode } = setup();
    await clicks(mode, [[0, 0], [100, 0], [100, 100]]);
    mode.onKeyDown(key('Backspace'));
    await mode.idle();
    expect(host.lastStatus.vertexCount).toBe(2);
    mode.onKeyDown(key('Escape'));
    await mode.idle();
    expect(host.lastStatus.vertexCount).toBe(0);
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.commits).toEqual([]);
  });

  it('keeps exact vertices where it snapped', async () => {
    const { host, mode } = setup();
    host.snapVertices = [[100, 0]];
    await clicks(mode, [[0, 0], [104, 3], [100, 100]]);
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    const ring = (host.commits[0] as { geometry: { coordinates: unknown[][] } }).geometry.coordinates[0]!;
    expect(ring[1]).toEqual(exactAt(100, 0));
  });

  it('shows the snap marker and live area in the status while moving', async () => {
    const { host, mode } = setup();
    host.snapVertices = [[100, 100]];
    await clicks(mode, [[0, 0], [100, 0]]);
    mode.onPointerMove(pointer(103, 97));
    await flush();
    expect(host.lastPreview.snap).toEqual({ position: lonLatAt(100, 100), kind: 'vertex' });
    expect(host.lastStatus).toMatchObject({ snapped: 'vertex', hint: 'editing.hint.drawPolygon', vertexCount: 2 });
    expect(host.lastStatus.areaM2).toBeCloseTo(5000, 6);
  });

  it('refuses to finish a self-intersecting ring and says so', async () => {
    const { host, mode } = setup();
    await clicks(mode, [[0, 0], [100, 100], [100, 0], [0, 100]]);
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.commits).toEqual([]);
    expect(host.notices).toContainEqual({ tone: 'error', key: 'editing.problem.self_intersection' });
  });

  it('keeps the sketch when main refuses (nothing saved) so the user can fix it', async () => {
    const { host, mode } = setup();
    host.commitAnswer = () => null;
    await clicks(mode, [[0, 0], [100, 0], [100, 100]]);
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.commits).toHaveLength(1);
    expect(host.lastStatus.vertexCount).toBe(3);
  });

  it('refuses fewer than three vertices', async () => {
    const { host, mode } = setup();
    await clicks(mode, [[0, 0], [100, 0]]);
    mode.onDoubleClick(pointer(100, 0));
    await mode.idle();
    expect(host.commits).toEqual([]);
    expect(host.notices).toContainEqual({ tone: 'error', key: 'editing.problem.too_few_vertices' });
  });
});
