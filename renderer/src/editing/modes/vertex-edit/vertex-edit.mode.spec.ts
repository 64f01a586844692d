import { describe, expect, it } from 'vitest';
import { exactAt, FakeHost, flush, key, lonLatAt, pointer } from '../../testing/fake-host.js';
import { midpointHandles, VertexEditMode, vertexHandles } from './vertex-edit.mode.js';

async function setup() {
  const host = new FakeHost();
  host.features = [{ layerId: 1, fid: 4, parts: [[[[0, 0], [100, 0], [100, 100], [0, 100]]]] }];
  host.selectionValue = [{ layerId: 1, fid: 4 }];
  const mode = new VertexEditMode();
  mode.register(host);
  mode.start();
  await mode.idle();
  return { host, mode };
}

describe('vertex-edit mode', () => {
  it('lists vertex and midpoint handles of every ring', async () => {
    const { host } = await setup();
    const g = (await host.featureGeometry({ layerId: 1, fid: 4 }))!;
    expect(vertexHandles(g).map((h) => h.index)).toEqual([0, 1, 2, 3]);
    expect(midpointHandles(g).map((h) => h.index)).toEqual([1, 2, 3, 4]);
    expect(midpointHandles(g)[0]!.position[0]).toBeCloseTo(lonLatAt(50, 0)[0], 12);
  });

  it('shows the handles of the selected feature', async () => {
    const { host } = await setup();
    const roles = host.lastPreview.vertices.map((v) => v.role);
    expect(roles.filter((r) => r === 'vertex')).toHaveLength(4);
    expect(roles.filter((r) => r === 'midpoint')).toHaveLength(4);
    expect(host.lastPreview.highlight).toEqual([{ layerId: 1, fid: 4 }]);
  });

  it('moves a dragged vertex onto a snapped position, exactly', async () => {
    const { host, mode } = await setup();
    host.snapVertices = [[150, 150]];
    expect(mode.onPointerDown(pointer(101, 99))).toBe(true);
    mode.onDrag(pointer(130, 130));
    await flush();
    expect(host.lastPreview.polygons).toHaveLength(1);
    mode.onPointerUp(pointer(148, 151));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'vertices', fid: 4, ops: [{ op: 'move', part: 0, ring: 0, index: 2, to: exactAt(150, 150) }] }]);
  });

  it('does not snap a dragged vertex to its own feature (itself, its ring neighbours)', async () => {
    const { host, mode } = await setup();
    // The feature's own vertices as snap targets: the dragged one and its neighbour.
    host.snapVertices = [[100, 100, 4], [100, 0, 4]];
    mode.onPointerDown(pointer(100, 100));
    mode.onDrag(pointer(104, 103));
    await flush();
    expect(host.lastPreview.snap).toBeNull();
    expect(host.snapQueries.at(-1)!.exclude).toEqual({ features: [{ layerId: 1, fids: [4] }] });
    mode.onPointerUp(pointer(104, 103));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'vertices', fid: 4, ops: [{ op: 'move', part: 0, ring: 0, index: 2, to: lonLatAt(104, 103) }] }]);
    // Dragged next to its ring neighbour (100, 0): not collapsed onto it.
    mode.onPointerDown(pointer(100, 100));
    mode.onPointerUp(pointer(101, 4));
    await mode.idle();
    expect(host.commits[1]).toEqual({ type: 'vertices', fid: 4, ops: [{ op: 'move', part: 0, ring: 0, index: 2, to: lonLatAt(101, 4) }] });
  });

  it('with topological editing, does not snap back to a neighbour\'s copy of the dragged vertex', async () => {
    const { host, mode } = await setup();
    // Feature 5 shares the corner (100, 100).
    host.snapVertices = [[100, 100, 5]];
    mode.onPointerDown(pointer(100, 100));
    mode.onPointerUp(pointer(105, 104));
    await mode.idle();
    // Without topological editing the neighbour's vertex stays put and is a fair target: back where it was, no edit.
    expect(host.commits).toEqual([]);
    host.settingsValue = { ...host.settingsValue, topological: { enabled: true, layerIds: [1], toleranceM: 0 } };
    mode.onPointerDown(pointer(100, 100));
    mode.onDrag(pointer(105, 104));
    await flush();
    expect(host.snapQueries.at(-1)!.exclude).toEqual({ features: [{ layerId: 1, fids: [4] }], positions: [exactAt(100, 100)] });
    mode.onPointerUp(pointer(105, 104));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'vertices', fid: 4, ops: [{ op: 'move', part: 0, ring: 0, index: 2, to: lonLatAt(105, 104) }] }]);
  });

  it('moves several selected vertices together by the drag', async () => {
    const { host, mode } = await setup();
    mode.onPointerDown(pointer(100, 0));
    mode.onPointerUp(pointer(100, 0));
    mode.onPointerDown(pointer(100, 100, { shiftKey: true }));
    mode.onPointerUp(pointer(100, 100, { shiftKey: true }));
    expect(mode.editing.selected.sort()).toEqual(['0:0:1', '0:0:2']);
    mode.onPointerDown(pointer(100, 100));
    mode.onPointerUp(pointer(120, 100));
    await mode.idle();
    const ops = (host.commits[0] as { ops: { index: number; to: number[] }[] }).ops;
    expect(ops.map((o) => o.index).sort()).toEqual([1, 2]);
    const moved1 = ops.find((o) => o.index === 1)!.to;
    expect(moved1[0]).toBeCloseTo(lonLatAt(120, 0)[0], 12);
    expect(moved1[1]).toBeCloseTo(lonLatAt(120, 0)[1], 12);
  });

  it('selects vertices in a Shift-dragged box and deletes them, highest index first', async () => {
    const { host, mode } = await setup();
    expect(mode.onPointerDown(pointer(90, -10, { shiftKey: true }))).toBe(true);
    mode.onDrag(pointer(110, 50, { shiftKey: true }));
    expect(host.lastPreview.guides).toHaveLength(1);
    mode.onPointerUp(pointer(110, 110, { shiftKey: true }));
    expect(mode.editing.selected.sort()).toEqual(['0:0:1', '0:0:2']);
    expect(mode.onKeyDown(key('Delete'))).toBe(true);
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'vertices', fid: 4, ops: [
      { op: 'delete', part: 0, ring: 0, index: 2 },
      { op: 'delete', part: 0, ring: 0, index: 1 },
    ] }]);
  });

  it('inserts a vertex by clicking a midpoint handle or double-clicking an edge', async () => {
    const { host, mode } = await setup();
    expect(mode.onPointerDown(pointer(50, 1))).toBe(true);
    mode.onPointerUp(pointer(50, 1));
    await mode.idle();
    expect(host.commits[0]).toMatchObject({ type: 'vertices', fid: 4, ops: [{ op: 'insert', part: 0, ring: 0, index: 1 }] });
    mode.onDoubleClick(pointer(100, 30));
    await mode.idle();
    const op = (host.commits[1] as { ops: { index: number; at: number[] }[] }).ops[0]!;
    expect(op.index).toBe(2);
    expect(op.at[0]).toBeCloseTo(lonLatAt(100, 30)[0], 9);
  });

  it('switches feature on click and lets go with Esc', async () => {
    const { host, mode } = await setup();
    host.features.push({ layerId: 1, fid: 5, parts: [[[[200, 0], [300, 0], [300, 100]]]] });
    mode.onClick(pointer(280, 20));
    await mode.idle();
    expect(mode.editing.target).toEqual({ layerId: 1, fid: 5 });
    mode.onKeyDown(key('Escape'));
    await mode.idle();
    expect(mode.editing.target).toBeNull();
    expect(host.lastStatus.hint).toBe('editing.hint.pickTarget');
  });

  it('reloads the feature after an undo changed it, and drops it when deleted', async () => {
    const { host, mode } = await setup();
    host.features[0]!.parts = [[[[0, 0], [50, 0], [50, 50]]]];
    mode.onFeaturesChanged([{ layerId: 1, fid: 4 }], []);
    await mode.idle();
    expect(host.lastPreview.vertices.filter((v) => v.role === 'vertex')).toHaveLength(3);
    mode.onFeaturesChanged([], [{ layerId: 1, fid: 4 }]);
    await mode.idle();
    expect(mode.editing.target).toBeNull();
  });
});
