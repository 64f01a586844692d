import { describe, expect, it } from 'vitest';
import { exactAt, FakeHost, flush, lonLatAt, pointer } from '../testing/fake-host.js';
import { SketchBehavior } from './sketch.behavior.js';

function setup(closed = true) {
  const host = new FakeHost();
  let changes = 0;
  const sketch = new SketchBehavior(host, { closed, remoteValidation: {} }, () => changes++);
  return { host, sketch, changes: () => changes };
}

describe('SketchBehavior', () => {
  it('adds clicked vertices, snapped where main has a vertex', async () => {
    const { host, sketch } = setup();
    host.snapVertices = [[100, 0]];
    expect(await sketch.click(pointer(0, 0))).toBe('added');
    expect(await sketch.click(pointer(103, 2))).toBe('added');
    expect(sketch.vertices).toEqual([lonLatAt(0, 0), exactAt(100, 0)]);
  });

  it('closes on the first vertex and ignores a repeated click on the last', async () => {
    const { sketch } = setup();
    for (const [x, y] of [[0, 0], [100, 0], [100, 100]] as const) await sketch.click(pointer(x, y));
    expect(await sketch.click(pointer(100, 101))).toBe('ignored');
    expect(await sketch.click(pointer(2, 1))).toBe('closed');
    expect(sketch.count).toBe(3);
  });

  it('removes the last click and clears', async () => {
    const { sketch } = setup();
    await sketch.click(pointer(0, 0));
    await sketch.click(pointer(50, 0));
    expect(sketch.removeLast()).toBe(true);
    expect(sketch.vertices).toEqual([lonLatAt(0, 0)]);
    sketch.clear();
    expect(sketch.active).toBe(false);
    expect(sketch.removeLast()).toBe(false);
  });

  it('traces between two snapped clicks and removes a traced stretch as one click', async () => {
    const { host, sketch } = setup(false);
    host.settingsValue.tracing = true;
    host.snapVertices = [[0, 0], [100, 100]];
    host.traceFn = () => [[0, 0], [100, 0], [100, 100]];
    await sketch.click(pointer(1, 1));
    await sketch.click(pointer(99, 99));
    expect(sketch.vertices).toEqual([exactAt(0, 0), exactAt(100, 0), exactAt(100, 100)]);
    sketch.removeLast();
    expect(sketch.vertices).toEqual([exactAt(0, 0)]);
  });

  it('drops the traced rubber band once its end is clicked (no stale stretch, no false self-intersection)', async () => {
    const { host, sketch } = setup();
    host.settingsValue.tracing = true;
    host.snapVertices = [[0, 0], [100, 100]];
    host.traceFn = () => [[0, 0], [100, 0], [100, 100]];
    await sketch.click(pointer(1, 1));
    sketch.move(pointer(99, 99));
    await flush();
    await flush();
    expect(sketch.preview().guides![0]).toHaveLength(3);
    await sketch.click(pointer(99, 99));
    expect(sketch.vertices).toEqual([exactAt(0, 0), exactAt(100, 0), exactAt(100, 100)]);
    const p = sketch.preview();
    expect(p.issues).toEqual([]);
    expect(p.guides!.every((g) => g.length === 2)).toBe(true);
    expect(sketch.status(null).problems).toEqual([]);
  });

  it('traces the rubber band from the vertex last added, even when a snap answer comes after a click', async () => {
    const { host, sketch } = setup();
    host.settingsValue.tracing = true;
    host.snapVertices = [[0, 0], [100, 100]];
    host.traceFn = () => [[0, 0], [100, 0], [100, 100]];
    await sketch.click(pointer(1, 1));
    // The pointer moves onto b and the click follows before the hover's snap answer is in.
    sketch.move(pointer(99, 99));
    await sketch.click(pointer(99, 99));
    await flush();
    await flush();
    expect(sketch.preview().issues).toEqual([]);
    expect(sketch.preview().guides!.every((g) => g.length === 2)).toBe(true);
  });

  it('shows the rubber band and the snap marker, and measures with the pointer', async () => {
    const { host, sketch } = setup();
    host.snapVertices = [[100, 100]];
    await sketch.click(pointer(0, 0));
    await sketch.click(pointer(100, 0));
    sketch.move(pointer(102, 98));
    await flush();
    const p = sketch.preview();
    expect(p.snap).toEqual({ position: lonLatAt(100, 100), kind: 'vertex' });
    expect(p.polygons).toHaveLength(1);
    expect(p.guides).toHaveLength(2);
    const s = sketch.status('x');
    expect(s.snapped).toBe('vertex');
    expect(s.areaM2).toBeCloseTo(5000, 6);
    expect(s.lengthM).toBeCloseTo(200 + Math.SQRT2 * 100, 6);
  });

  it('flags a self-intersection at once, with its place', async () => {
    const { sketch } = setup();
    for (const [x, y] of [[0, 0], [100, 100], [100, 0]] as const) await sketch.click(pointer(x, y));
    sketch.move(pointer(0, 100));
    const p = sketch.preview();
    expect(p.issues).toHaveLength(1);
    expect(p.issues![0]!.position[0]).toBeCloseTo(lonLatAt(50, 50)[0], 9);
    expect(sketch.status(null).problems[0]).toMatchObject({ tone: 'error', key: 'editing.problem.self_intersection' });
    await sketch.click(pointer(0, 100));
    expect(sketch.check()).toMatchObject({ valid: false, reason: 'self_intersection' });
  });

  it('asks main to validate the ring and reports overlaps, clipped or not', async () => {
    const { host, sketch } = setup();
    host.settingsValue.avoidOverlapLayerIds = [7];
    host.validation = { valid: false, issues: [], overlaps: [{ layerId: 1, fid: 3, areaM2: 20 }, { layerId: 7, fid: 4, areaM2: 5 }], areaM2: 100 };
    for (const [x, y] of [[0, 0], [100, 0], [100, 100]] as const) await sketch.click(pointer(x, y));
    await flush();
    expect(host.validations).toHaveLength(1);
    const problems = sketch.status(null).problems;
    expect(problems).toEqual([
      { tone: 'warning', key: 'editing.problem.overlap', values: { count: 1, areaM2: 20 } },
      { tone: 'info', key: 'editing.problem.willClip', values: { count: 1, areaM2: 5 } },
    ]);
    // Wholly inside what avoid-overlap protects: said before saving, as an error.
    host.validation = { valid: false, issues: [], overlaps: [{ layerId: 7, fid: 4, areaM2: 60 }, { layerId: 7, fid: 5, areaM2: 40 }], areaM2: 100 };
    await sketch.click(pointer(0, 100));
    await flush();
    expect(sketch.status(null).problems).toEqual([{ tone: 'error', key: 'editing.problem.willEmpty', values: { count: 2 } }]);
  });
});
