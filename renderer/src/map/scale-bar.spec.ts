import { describe, expect, it } from 'vitest';
import { formatDistance, metersPerPixel, scaleBar } from './scale-bar.js';

describe('scale bar', () => {
  it('matches the Web Mercator ground resolution', () => {
    // 512-px world at zoom 0: 40 075 km / 512 px at the equator
    expect(metersPerPixel(0, 0)).toBeCloseTo(78271.517, 2);
    expect(metersPerPixel(60, 1)).toBeCloseTo(78271.517 / 4, 2);
  });

  it('picks the longest 1-2-5 length that fits', () => {
    const lat = 31.78; // Changzhou
    for (const zoom of [6, 9.3, 12, 14.7, 17, 19.5]) {
      const bar = scaleBar(lat, zoom, 120);
      expect(bar.widthPx).toBeLessThanOrEqual(120);
      expect(bar.widthPx).toBeGreaterThan(120 / 2.5 - 1e-9);
      const mantissa = bar.meters / 10 ** Math.floor(Math.log10(bar.meters));
      expect([1, 2, 5]).toContain(Math.round(mantissa));
      expect(bar.widthPx).toBeCloseTo(bar.meters / metersPerPixel(lat, zoom), 6);
    }
  });

  it('labels metres and kilometres', () => {
    expect(formatDistance(500)).toBe('500 m');
    expect(formatDistance(2000)).toBe('2 km');
    expect(formatDistance(0.5)).toBe('50 cm');
    // 16.24 m/px at zoom 12 in Changzhou: 120 px ≈ 1.95 km, so the bar is 1 km ≈ 62 px
    expect(scaleBar(31.78, 12, 120)).toMatchObject({ meters: 1000, label: '1 km' });
    expect(scaleBar(31.78, 12, 120).widthPx).toBeCloseTo(61.6, 1);
  });
});
