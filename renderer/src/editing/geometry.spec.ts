import { describe, expect, it } from 'vitest';
import { closestOnSegment, openRing, pathLength, pointInRing, segmentIntersection, signedArea } from './geometry.js';

describe('editing geometry', () => {
  it('finds the closest point of a segment, clamped to its ends', () => {
    expect(closestOnSegment([5, 5], [0, 0], [10, 0])).toEqual({ point: [5, 0], t: 0.5, distance: 5 });
    expect(closestOnSegment([-3, 4], [0, 0], [10, 0]).distance).toBe(5);
  });

  it('intersects crossing segments and touching ones, not parallel ones', () => {
    expect(segmentIntersection([0, 0], [10, 10], [0, 10], [10, 0])).toEqual([5, 5]);
    expect(segmentIntersection([0, 0], [10, 0], [10, 0], [10, 5])).toEqual([10, 0]);
    expect(segmentIntersection([0, 0], [10, 0], [0, 1], [10, 1])).toBeNull();
  });

  it('tests points in rings and measures rings and paths', () => {
    const square = [[0, 0], [10, 0], [10, 10], [0, 10]] as const;
    expect(pointInRing([5, 5], square)).toBe(true);
    expect(pointInRing([15, 5], square)).toBe(false);
    expect(signedArea(square)).toBe(100);
    expect(signedArea([...square].reverse())).toBe(-100);
    expect(pathLength(square)).toBe(30);
    expect(openRing([[0, 0], [1, 0], [1, 1], [0, 0]])).toEqual([[0, 0], [1, 0], [1, 1]]);
  });
});
