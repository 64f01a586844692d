// Reshape of a ring by a line with QGIS's semantics (main/core/editing/reshape-ring.ts).
import { describe, expect, it } from 'vitest';
import { closeRing, ringSignedArea } from '../../../main/core/editing/geometry.js';
import { crossings, reshapeRing } from '../../../main/core/editing/reshape-ring.js';

const square = () => closeRing([[0, 0], [100, 0], [100, 100], [0, 100]]);
const area = (r: [number, number][]) => Math.abs(ringSignedArea(r));

describe('reshape a ring by a line', () => {
  it('adds what a line going out and back encloses', () => {
    const r = reshapeRing(square(), [[40, 5], [40, -10], [60, -10], [60, 5]])!;
    expect(area(r.ring)).toBeCloseTo(10_000 + 20 * 10, 9);
    expect(r.ring).toContainEqual([40, -10]);
  });

  it('cuts off the smaller side of a line across the polygon (the longer boundary arc is kept)', () => {
    const r = reshapeRing(square(), [[-5, 85], [15, 105]])!;
    expect(area(r.ring)).toBeCloseTo(10_000 - 50, 9);
    expect(r.keptArcLength).toBeGreaterThan(r.droppedArcLength);
    // Deep cut: the kept side is the one with the longer boundary, here the big one.
    const deep = reshapeRing(square(), [[-1, 30], [101, 30]])!;
    expect(area(deep.ring)).toBeCloseTo(7000, 9);
  });

  it('ignores the line beyond its first and last crossing, and keeps untouched vertices exact', () => {
    const ring = closeRing([[0.123456, 0.654321], [100.000001, 0.654321], [100.000001, 100], [0.123456, 100]]);
    // In through the bottom edge at x = 50, out again at x = 60: a 10 m wide notch up to y = 10.
    const r = reshapeRing(ring, [[-50, -50], [50, -30], [50, 10], [60, 10], [60, -30], [200, -30]])!;
    expect(r.ring).toContainEqual([100.000001, 100]);
    expect(r.ring).toContainEqual([0.123456, 100]);
    expect(r.ring).not.toContainEqual([-50, -50]);
    expect(area(ring) - area(r.ring)).toBeCloseTo(10 * (10 - 0.654321), 6);
  });

  it('needs two crossings', () => {
    expect(reshapeRing(square(), [[50, 50], [50, -10]])).toBeNull();
    expect(reshapeRing(square(), [[150, 50], [160, -10]])).toBeNull();
    // A line through a vertex is one crossing, not two.
    expect(crossings(square(), [[-10, -10], [10, 10]])).toHaveLength(1);
  });
});
