// The 朱林镇 pilot of the generated sample: its indicators against sums computed independently here with plain
// SpatiaLite SQL (planar areas of the parcels' intersections, scaled to the ellipsoid piece by piece), and the
// verdict of the default rules, which the pilot is built to meet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectReport } from '../../shared/contract/consolidation.js';
import { checkProjectsHere } from '../../main/core/consolidation/projects.js';
import { ellipsoidalFactor } from '../../main/core/overlay/ellipsoid.js';
import { generateSample } from '../../main/core/sample/generate-sample.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;
let report: ProjectReport;
const f = ellipsoidalFactor(4528);

beforeAll(async () => {
  tmp = tempDir('sanxian-pilot-');
  const file = tmp.file('sample.sqlite');
  await generateSample(file, { parcels: 3000 });
  ws = Workspace.open(file);
  const result = checkProjectsHere(ws);
  expect(result.reports).toHaveLength(1);
  report = result.reports[0]!;
});
afterAll(() => {
  ws.close();
  tmp.cleanup();
});

/**
 * Σ planar area × 1/k² at each piece's centroid, for the polygons `sql` selects as column x; with the bound of the
 * checks' 1 mm snapping (docs/checks.md): the sample's coordinates carry micrometres, each vertex moves by ≤ 0.7 mm,
 * so an area moves by at most its perimeter × 1 mm.
 */
function ellipsoidal(sql: string, ...params: unknown[]): { m2: number; bound: number } {
  const rows = ws.db.prepare(`SELECT ST_Area(x) a, ST_Perimeter(x) p, ST_X(ST_Centroid(x)) cx, ST_Y(ST_Centroid(x)) cy FROM (${sql}) WHERE x IS NOT NULL AND ST_Area(x) > 0`)
    .all(...params) as { a: number; p: number; cx: number; cy: number }[];
  return { m2: rows.reduce((s, r) => s + r.a * f(r.cx, r.cy), 0), bound: rows.reduce((s, r) => s + r.p * 0.001, 0) };
}
const value = (id: string) => report.indicators.find((i) => i.id === id)!;
function close(actual: number | null, expected: { m2: number; bound: number }, what: string) {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected.m2), `${what}: ${actual} vs ${expected.m2} (bound ${expected.bound})`).toBeLessThanOrEqual(Math.max(0.01, expected.bound));
}
const ZONE = (type: string) => `(SELECT ST_Union(geom) FROM zz_zq WHERE ZQLX = '${type}')`;
const PROJECT = '(SELECT geom FROM zz_xmq)';

describe('the 朱林镇 pilot', () => {
  it('has every kind of sub-zone the indicators need', () => {
    expect(report.project).toMatchObject({ code: '320413-QYZZ-2023-01', type: '全域整治', typeRaw: '全域整治', town: '朱林镇' });
    const kinds = new Set(report.subzones.map((z) => z.kind));
    for (const k of ['farmland', 'demolish', 'new_build', 'industrial_reclaim', 'ecology', 'pbf_out', 'pbf_in']) expect(kinds.has(k as never), k).toBe(true);
    expect(report.subzones.find((z) => z.kind === 'pbf_in')!.gddb).not.toBeNull();
  });

  it('耕地 before and the gains agree with plain SQL', () => {
    const c0 = ellipsoidal(`SELECT ST_Intersection(d.geom, ${PROJECT}) x FROM dltb d WHERE substr(d.DLBM, 1, 2) = '01'
      AND d.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'dltb' AND search_frame = ${PROJECT})`);
    close(value('cultivated').before, c0, '原有耕地');
    // Works sub-zones do not overlap in the sample: gross gain = non-耕地 parcels inside those planned as 耕地.
    const gain = ellipsoidal(`SELECT ST_Intersection(d.geom, z.geom) x FROM zz_zq z JOIN dltb d ON d.ROWID IN
      (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'dltb' AND search_frame = z.geom)
      WHERE substr(z.GHDLBM, 1, 2) = '01' AND z.ZQLX NOT LIKE '永久基本农田%' AND substr(d.DLBM, 1, 2) <> '01'`);
    close(value('cultivated_gain').value, gain, '新增耕地（毛）');
    const loss = ellipsoidal(`SELECT ST_Intersection(d.geom, z.geom) x FROM zz_zq z JOIN dltb d ON d.ROWID IN
      (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'dltb' AND search_frame = z.geom)
      WHERE substr(z.GHDLBM, 1, 2) <> '01' AND z.ZQLX NOT LIKE '永久基本农田%' AND substr(d.DLBM, 1, 2) = '01'`);
    close(value('cultivated_loss').value, loss, '减少耕地');
    expect(value('cultivated_net_ratio').value!).toBeCloseTo((gain.m2 - loss.m2) / c0.m2, 6);
    expect(value('cultivated_net_ratio').value!).toBeGreaterThanOrEqual(0.05);
  });

  it('增减挂钩 and 永久基本农田 agree with plain SQL', () => {
    const reclaimed = ellipsoidal(`SELECT ST_Intersection(d.geom, z.geom) x FROM zz_zq z JOIN dltb d ON d.ROWID IN
      (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'dltb' AND search_frame = z.geom)
      WHERE z.ZQLX = '建设用地整理-拆旧区' AND (d.DLBM LIKE '07%' OR d.DLBM LIKE '06%' OR d.DLBM LIKE '05%' OR d.DLBM LIKE '08%')`);
    close(value('demolish_reclaimed').value, reclaimed, '拆旧复垦');
    close(value('new_build_area').value, ellipsoidal(`SELECT geom x FROM zz_zq WHERE ZQLX = '建设用地整理-建新区'`), '建新区');
    const pbfNear = `(SELECT ST_Union(p.geom) FROM yjjbnt p WHERE p.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'yjjbnt' AND search_frame = ${PROJECT}))`;
    close(value('pbf_out').value, ellipsoidal(`SELECT ST_Intersection(${ZONE('永久基本农田调出')}, ${pbfNear}) x`), '调出');
    close(value('pbf_in').value, ellipsoidal(`SELECT ST_Difference(${ZONE('永久基本农田调入')}, ${pbfNear}) x`), '调入');
    const patches = (ws.db.prepare(`SELECT ST_NumGeometries(ST_Union(d.geom)) n FROM dltb d WHERE substr(d.DLBM, 1, 2) = '01'
      AND ST_Within(d.geom, ${PROJECT}) AND d.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'dltb' AND search_frame = ${PROJECT})`).get() as { n: number }).n;
    expect(value('cultivated_patches').before).toBe(patches);
  });

  it('meets every default rule', () => {
    expect(report.rules.filter((r) => r.status !== 'pass').map((r) => `${r.ruleId}: ${r.status} ${r.value}`)).toEqual([]);
    expect(report.notes).toEqual([]);
  });
});
