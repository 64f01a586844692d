import { describe, expect, it } from 'vitest';
import { distinctSegmentStarts } from './shared-segments.js';

// Closed rings as flat lon/lat positions plus ring starts.
function rings(...rs: number[][][]): { positions: Float64Array; ringStarts: Uint32Array } {
  const flat: number[] = [];
  const starts = [0];
  for (const r of rs) {
    for (const [x, y] of r) flat.push(x!, y!);
    starts.push(starts[starts.length - 1]! + r.length);
  }
  return { positions: new Float64Array(flat), ringStarts: new Uint32Array(starts) };
}

describe('distinct outline segments', () => {
  it('draws the edge two neighbouring parcels share once, whichever way their rings run', () => {
    // Two unit squares side by side sharing x = 1; the second ring runs the shared edge the other way round.
    const { positions, ringStarts } = rings(
      [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]],
      [[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]],
    );
    const starts = distinctSegmentStarts(positions, ringStarts);
    expect(starts.length).toBe(7);
    // The shared edge (1,0)-(1,1) is kept from the first ring (vertex 1) and left out of the second (vertex 8).
    expect([...starts]).toEqual([0, 1, 2, 3, 5, 6, 7]);
  });

  it('keeps edges that only touch or overlap in part, and drops zero-length segments', () => {
    const { positions, ringStarts } = rings(
      [[0, 0], [2, 0], [2, 1], [2, 1], [0, 0]],
      [[0, 0], [1, 0], [1, -1], [0, 0]],
    );
    // (0,0)-(2,0) and (0,0)-(1,0) overlap but are different segments; (2,1)-(2,1) has no length.
    expect(distinctSegmentStarts(positions, ringStarts).length).toBe(6);
  });

  it('keeps every edge of a 60×60 grid of cells exactly once', () => {
    // A 60×60 grid of square cells, each its own ring: 2·60·61 distinct edges out of 4·3600 ring segments.
    const cells: number[][][] = [];
    for (let i = 0; i < 60; i++) for (let j = 0; j < 60; j++) {
      const x = 120 + i * 0.001, y = 31 + j * 0.001;
      cells.push([[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]);
    }
    // The cells' shared corners must be bit-identical for them to count as shared: recompute them the same way.
    const { positions, ringStarts } = rings(...cells.map((c) => c.map(([x, y]) => [Math.round(x! * 1e6) / 1e6, Math.round(y! * 1e6) / 1e6])));
    const starts = distinctSegmentStarts(positions, ringStarts);
    expect(starts.length).toBe(2 * 60 * 61);
    const keys = new Set<string>();
    for (const k of starts) {
      const a = `${positions[2 * k]},${positions[2 * k + 1]}`, b = `${positions[2 * k + 2]},${positions[2 * k + 3]}`;
      keys.add(a < b ? `${a}|${b}` : `${b}|${a}`);
    }
    expect(keys.size).toBe(starts.length);
  });
});
