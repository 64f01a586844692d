import { describe, expect, it } from 'vitest';
import type { Bbox } from '../../../../shared/contract/schemas.js';
import { metersPerPixel } from '../scale-bar.js';
import { DENSE_LABEL_MIN_ZOOM, LABEL_TARGET_PX, labelData, labelMinZoom } from './label-data.js';

// Roughly 金坛区: 0.42° × 0.42° around 31.7°N, about 1 550 km² of bounding box.
const county: Bbox = [119.28, 31.47, 119.70, 31.89];

describe('labels', () => {
  it('keeps non-empty labels with their positions', () => {
    const data = labelData({ labels: ['金城镇', '', '薛埠镇'], labelPositions: new Float64Array([1, 2, 3, 4, 5, 6]) });
    expect(data).toEqual([{ position: [1, 2], text: '金城镇' }, { position: [5, 6], text: '薛埠镇' }]);
  });

  it('shows labels once a typical feature is LABEL_TARGET_PX wide', () => {
    const z = labelMinZoom(county, 10);
    const widthM = Math.sqrt((0.42 * 111_320 * Math.cos((31.68 * Math.PI) / 180) * 0.42 * 110_574) / 10);
    expect(widthM / metersPerPixel(31.68, z)).toBeCloseTo(LABEL_TARGET_PX, 6);
  });

  it('labels fewer, bigger features earlier', () => {
    const towns = labelMinZoom(county, 10);
    const villages = labelMinZoom(county, 131);
    // The county fits the map at about zoom 10: town names show there, village names a couple of levels later.
    expect(towns).toBeGreaterThan(8);
    expect(towns).toBeLessThan(10);
    expect(villages).toBeGreaterThan(10);
    expect(villages - towns).toBeCloseTo(Math.log2(131 / 10) / 2, 6);
  });

  it('never labels a dense layer below the dense-layer zoom', () => {
    expect(labelMinZoom(county, 2011)).toBe(DENSE_LABEL_MIN_ZOOM);
    expect(labelMinZoom(county, 200_000)).toBeGreaterThan(DENSE_LABEL_MIN_ZOOM);
    expect(labelMinZoom(null, 5)).toBe(Infinity);
  });
});
