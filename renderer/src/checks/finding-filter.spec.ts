import { describe, expect, it } from 'vitest';
import type { Finding, FindingGeometry } from '../../../shared/contract/schemas.js';
import { filterFindings, findingFacets, NO_FILTER, subsetGeometry } from './finding-filter.js';

const area = (m2: number) => ({ m2, ha: m2 / 1e4, mu: (m2 / 1e4) * 15 });
function finding(id: number, over: Partial<Finding>): Finding {
  return {
    id, runId: 1, type: 'conflict_eco_urban', severity: 'error', layers: ['stbhhx', 'czkfbj'], featureIds: [[1], [2]],
    area: { planar: area(100), ellipsoidal: area(100) }, town: '朱林镇', townCode: null, village: null, villageCode: null,
    dlbm: null, detail: '', suggestion: null, bbox: null, ...over,
  };
}

const findings = [
  finding(1, { area: { planar: area(50), ellipsoidal: area(50) } }),
  finding(2, { type: 'cultivated_in_urban', severity: 'info', layers: ['dltb', 'czkfbj'], town: '金城镇', area: { planar: area(900), ellipsoidal: area(900) } }),
  finding(3, { type: 'gap', severity: 'error', layers: ['dltb'], town: null, area: { planar: area(50), ellipsoidal: area(50) } }),
  finding(4, { type: 'cultivated_in_urban', severity: 'info', layers: ['dltb', 'czkfbj'], area: { planar: area(300), ellipsoidal: area(300) } }),
];

describe('finding filter', () => {
  it('sorts by area, largest first, ties by id', () => {
    expect(filterFindings(findings, NO_FILTER).map((f) => f.id)).toEqual([2, 4, 1, 3]);
  });

  it('narrows by type, layer and town together', () => {
    expect(filterFindings(findings, { ...NO_FILTER, types: new Set(['cultivated_in_urban']) }).map((f) => f.id)).toEqual([2, 4]);
    expect(filterFindings(findings, { ...NO_FILTER, layer: 'stbhhx' }).map((f) => f.id)).toEqual([1]);
    expect(filterFindings(findings, { types: new Set(['cultivated_in_urban']), layer: 'dltb', town: '朱林镇' }).map((f) => f.id)).toEqual([4]);
    expect(filterFindings(findings, { ...NO_FILTER, town: '薛埠镇' })).toEqual([]);
  });

  it('offers only the values that occur, errors first', () => {
    const f = findingFacets(findings);
    expect(f.types.map((t) => [t.type, t.count, t.areaM2])).toEqual([
      ['conflict_eco_urban', 1, 50], ['gap', 1, 50], ['cultivated_in_urban', 2, 1200],
    ]);
    expect(f.layers).toEqual(['czkfbj', 'dltb', 'stbhhx']);
    expect(f.towns).toHaveLength(2);
  });
});

describe('subset geometry', () => {
  // Finding 7: a square with a square hole (2 rings, 4 vertices each); finding 8: two triangular parts (3 vertices each).
  const g: FindingGeometry = {
    findingIds: new Float64Array([7, 8]),
    positions: new Float64Array([
      0, 0, 10, 0, 10, 10, 0, 10, 2, 2, 2, 8, 8, 8, 8, 2, // finding 7
      20, 0, 30, 0, 20, 10, // finding 8 part 1
      40, 0, 50, 0, 40, 10, // finding 8 part 2
    ]),
    partStarts: new Uint32Array([0, 8, 11, 14]),
    partFeature: new Uint32Array([0, 1, 1]),
    ringStarts: new Uint32Array([0, 4, 8, 11, 14]),
    triangles: new Uint32Array([0, 1, 4, 1, 2, 7, 8, 9, 10, 11, 12, 13]),
  };

  it('keeps the chosen findings with their rings and triangles renumbered', () => {
    const s = subsetGeometry(g, new Set([8]));
    expect(Array.from(s.findingIds)).toEqual([8]);
    expect(Array.from(s.partStarts)).toEqual([0, 3, 6]);
    expect(Array.from(s.partFeature)).toEqual([0, 0]);
    expect(Array.from(s.ringStarts)).toEqual([0, 3, 6]);
    expect(Array.from(s.triangles)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(s.positions.subarray(6, 8))).toEqual([40, 0]);
  });

  it('keeps holes of a kept polygon, and everything when all are kept', () => {
    const s = subsetGeometry(g, new Set([7]));
    expect(Array.from(s.ringStarts)).toEqual([0, 4, 8]);
    expect(Array.from(s.triangles)).toEqual([0, 1, 4, 1, 2, 7]);
    const all = subsetGeometry(g, new Set([7, 8]));
    expect(Array.from(all.positions)).toEqual(Array.from(g.positions));
    expect(Array.from(all.triangles)).toEqual(Array.from(g.triangles));
    expect(Array.from(all.ringStarts)).toEqual(Array.from(g.ringStarts));
    expect(subsetGeometry(g, new Set()).partStarts.length).toBe(1);
  });
});
