// Tracing graph (main/core/editing/trace-graph.ts): shared edges once, T-junctions and crossings split edges,
// shortest way round, exact vertices.
import { describe, expect, it } from 'vitest';
import { BoundaryGraph } from '../../../main/core/editing/trace-graph.js';

const ring = (ref: number, pts: number[][]) => ({ ref, xy: Float64Array.from([...pts, pts[0]!].flat()) });

describe('boundary graph', () => {
  it('goes the short way round one ring', () => {
    const g = BoundaryGraph.build([ring(0, [[0, 0], [100, 0], [100, 10], [0, 10]])]);
    const r = g.shortestPath(g.find([0, 0])!, g.find([100, 10])!)!;
    expect(r.length).toBeCloseTo(110, 9);
    const a = g.attach([50, 0], 1e-6)!, b = g.attach([0, 5], 1e-6)!;
    const s = g.shortestPath(a, b)!;
    expect(s.path).toEqual([[50, 0], [0, 0], [0, 5]]);
    expect(s.refs).toEqual([0]);
  });

  it('merges shared edges and turns at T-junctions and crossings', () => {
    // Two squares side by side; a small one whose corner lies on the big one's top edge (T-junction); a line-like
    // thin ring crossing.
    const g = BoundaryGraph.build([
      ring(0, [[0, 0], [10, 0], [10, 10], [0, 10]]),
      ring(1, [[10, 0], [20, 0], [20, 10], [10, 10]]),
      ring(2, [[5, 10], [8, 10], [8, 13], [5, 13]]),
      ring(3, [[15, -5], [15.5, -5], [15.5, 15], [15, 15]]),
    ]);
    // The shared edge x = 10 is one edge with both refs.
    const shared = g.shortestPath(g.find([10, 0])!, g.find([10, 10])!)!;
    expect(shared.path).toEqual([[10, 0], [10, 10]]);
    expect(shared.refs.sort()).toEqual([0, 1]);
    // (5, 10) is a vertex of ring 2 on ring 0's top edge: reachable along it.
    const t = g.shortestPath(g.find([0, 10])!, g.find([5, 10])!)!;
    expect(t.path).toEqual([[0, 10], [5, 10]]);
    // Ring 3 crosses y = 0 at x = 15: a node there.
    const c = g.shortestPath(g.find([15, -5])!, g.find([10, 0])!)!;
    expect(c.path).toEqual([[15, -5], [15, 0], [10, 0]]);
  });

  it('attaches a point near an edge by projecting it, and refuses points off every boundary', () => {
    const g = BoundaryGraph.build([ring(0, [[0, 0], [100, 0], [100, 10], [0, 10]])]);
    const n = g.attach([30, 0.004], 0.01)!;
    expect(g.nodes[n]).toEqual([30, 0]);
    expect(g.attach([30, 5], 0.01)).toBeUndefined();
  });
});
