import { describe, expect, it } from 'vitest';
import { SNAP_COLORS, snapMarkerData } from './snap-marker.js';

describe('snap marker', () => {
  it('is a hollow ring and a solid centre in the colour of the snap kind', () => {
    const data = snapMarkerData({ position: [120, 31], kind: 'intersection' });
    expect(data).toHaveLength(2);
    expect(data[0]!.line).toEqual(SNAP_COLORS.intersection);
    expect(data[0]!.fill[3]).toBe(0);
    expect(data[1]!.fill).toEqual(SNAP_COLORS.intersection);
    expect(new Set(Object.values(SNAP_COLORS).map((c) => c.join(','))).size).toBe(4);
  });

  it('is nothing without a snap', () => {
    expect(snapMarkerData(null)).toEqual([]);
  });
});
