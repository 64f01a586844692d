// Vertex editing on closed rings (main/core/editing/vertex-ops.ts).
import { describe, expect, it } from 'vitest';
import { closeRing, type Ring } from '../../../main/core/editing/geometry.js';
import { dedupeRing, deleteVertex, edgesNear, insertVertex, moveVertex, verticesNear } from '../../../main/core/editing/vertex-ops.js';

const square = (): Ring => closeRing([[0, 0], [10, 0], [10, 10], [0, 10]]);

describe('vertex operations', () => {
  it('moves a vertex; moving vertex 0 moves the closing repeat with it', () => {
    const r = square();
    moveVertex(r, 2, [12, 11]);
    expect(r[2]).toEqual([12, 11]);
    moveVertex(r, 0, [-1, -1]);
    expect(r[0]).toEqual([-1, -1]);
    expect(r[4]).toEqual([-1, -1]);
  });

  it('inserts on the edge before an index; 0 and n both mean the closing edge', () => {
    const r = square();
    insertVertex(r, 1, [5, -1]);
    expect(r.slice(0, 3)).toEqual([[0, 0], [5, -1], [10, 0]]);
    const s = square();
    insertVertex(s, 0, [-1, 5]);
    expect(s.slice(-3)).toEqual([[0, 10], [-1, 5], [0, 0]]);
    const t = square();
    insertVertex(t, 4, [-1, 5]);
    expect(t).toEqual(s);
  });

  it('deletes a vertex (vertex 0 moves the start), never below three', () => {
    const r = square();
    deleteVertex(r, 0);
    expect(r).toEqual([[10, 0], [10, 10], [0, 10], [10, 0]]);
    expect(() => deleteVertex(r, 1)).toThrow(/at least three/);
    expect(() => moveVertex(square(), 4, [0, 0])).toThrow(/outside/);
  });

  it('finds vertices and edges near a point (topological editing)', () => {
    const r = square();
    expect(verticesNear(r, [10, 10], 0)).toEqual([2]);
    expect(verticesNear(r, [10.4, 10], 0.5)).toEqual([2]);
    expect(verticesNear(r, [10.4, 10], 0.1)).toEqual([]);
    expect(edgesNear(r, [5, 0.0000001], 1e-6)).toEqual([0]);
    expect(edgesNear(r, [10, 10], 1)).toEqual([]);
    expect(dedupeRing([[0, 0], [0, 0], [1, 0], [1, 1], [1, 1], [0, 0]])).toEqual([[0, 0], [1, 0], [1, 1], [0, 0]]);
  });
});
