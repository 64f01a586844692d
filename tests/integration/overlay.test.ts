// The overlay and QA engine on hand-made workspaces with known answers (tests/integration/overlay-fixtures.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOutput } from '../../shared/contract/contract.js';
import type { Finding } from '../../shared/contract/schemas.js';
import { computeStats, executeRun, planRun } from '../../main/core/overlay/coordinator.js';
import { siteCheck } from '../../main/core/overlay/site.js';
import { compareRuns, listRuns, queryFindings, runSavedStats } from '../../main/core/overlay/store.js';
import { registerLayerTable } from '../../main/core/workspace/layer-registry.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { tempDir } from './helpers.js';
import { box, buildDistrictWorkspace, buildLinesWorkspace, inProcess, multi, polygon, rect, X0, Y0 } from './overlay-fixtures.js';

let tmp: ReturnType<typeof tempDir>;

beforeAll(() => { tmp = tempDir('sanxian-overlay-'); });
afterAll(() => tmp.cleanup());

function findings(ws: Workspace, runId: number, types?: string[]): Finding[] {
  const page = queryFindings(ws.db, ws.srid, { runId, types, limit: 100_000, withGeometry: false });
  return page.findings;
}

const sum = (fs: Finding[]) => fs.reduce((s, f) => s + f.area.planar.m2, 0);

describe('conflicts between the three lines', () => {
  let ws: Workspace;
  let runId: number;
  beforeAll(async () => {
    ws = buildLinesWorkspace(tmp.file('lines.sqlite'));
    runId = (await executeRun(ws, planRun(ws, {}), inProcess)).runId;
  });
  afterAll(() => ws.close());

  it('measures an overlap of 250 m × 400 m as 100,000 m² = 10 公顷 = 150 亩', () => {
    const f = findings(ws, runId, ['conflict_eco_farmland']).find((x) => x.featureIds[0]![0] === 1 && x.featureIds[1]![0] === 1)!;
    expect(f).toBeDefined();
    expect(f.layers).toEqual(['stbhhx', 'yjjbnt']);
    expect(f.area.planar.m2).toBeCloseTo(100_000, 6);
    expect(f.area.planar.ha).toBeCloseTo(10, 9);
    expect(f.area.planar.mu).toBeCloseTo(150, 7);
    expect(f.suggestion).toMatch(/调出|cut|adjust/);
  });

  it('reports no conflict across a shared boundary nor across a 1 mm overlap', () => {
    expect(findings(ws, runId, ['conflict_eco_urban'])).toHaveLength(0);
    expect(findings(ws, runId, ['conflict_farmland_urban'])).toHaveLength(0);
  });

  it('handles holes, multipolygons and a bow-tie: 100,000 + 280,000 + 5,000 + 5,000 m²', () => {
    const all = findings(ws, runId, ['conflict_eco_farmland']);
    const byPair = new Map(all.map((f) => [`${f.featureIds[0]![0]}-${f.featureIds[1]![0]}`, f.area.planar.m2]));
    expect(byPair.get('2-3')).toBeCloseTo(280_000, 6);
    expect(byPair.get('3-4')).toBeCloseTo(5_000, 6);
    expect(byPair.get('4-5')).toBeCloseTo(5_000, 6);
    expect(all).toHaveLength(4);
    expect(sum(all)).toBeCloseTo(390_000, 5);
    const run = listRuns(ws.db).find((r) => r.runId === runId)!;
    expect(run.totals.conflict_eco_farmland).toMatchObject({ count: 4 });
    expect(run.totals.conflict_eco_farmland!.areaM2).toBeCloseTo(390_000, 5);
  });

  it('reports the bow-tie as an invalid geometry, with the area of its repair', () => {
    const inv = findings(ws, runId, ['invalid_geometry']);
    expect(inv).toHaveLength(1);
    expect(inv[0]!.featureIds).toEqual([[5]]);
    expect(inv[0]!.detail).toMatch(/自相交.*Self-intersection/);
    expect(inv[0]!.area.planar.m2).toBeCloseTo(5_000, 6);
  });

  it('gives ellipsoidal areas that agree with SpatiaLite on CGCS2000 within 1e-6', () => {
    for (const f of findings(ws, runId)) {
      if (f.type === 'invalid_geometry') continue;
      const r = ws.db.prepare('SELECT ST_Area(ST_Transform(geom, 4490), 1) e FROM sx_findings WHERE id = ?').get(f.id) as { e: number };
      expect(Math.abs(f.area.ellipsoidal.m2 - r.e) / r.e).toBeLessThan(1e-6);
      expect(f.area.ellipsoidal.m2).toBeLessThan(f.area.planar.m2); // near the central meridian the GK scale is > 1
    }
  });

  it('checks a pair of layers the user picks, and refuses unknown or identical tables', async () => {
    const run = await executeRun(ws, planRun(ws, { checks: ['pair_conflicts'], layerPairs: [['czkfbj', 'yjjbnt']] }), inProcess);
    expect(findings(ws, run.runId)).toHaveLength(0); // only a 1 mm hairline
    const run2 = await executeRun(ws, planRun(ws, { checks: ['pair_conflicts'], layerPairs: [['stbhhx', 'yjjbnt']] }), inProcess);
    const pairs = findings(ws, run2.runId, ['conflict_pair']);
    expect(pairs).toHaveLength(4);
    expect(sum(pairs)).toBeCloseTo(390_000, 5);
    expect(() => planRun(ws, { layerPairs: [['stbhhx', 'nope']] })).toThrow(/nope/);
    expect(() => planRun(ws, { layerPairs: [['stbhhx', 'stbhhx']] })).toThrow(/different/);
  });

  it('validates the run listing and findings against the contract', () => {
    parseOutput('checks.runs', listRuns(ws.db));
    const page = queryFindings(ws.db, ws.srid, { runId, limit: 10 });
    parseOutput('checks.findings', page);
    // Geometry for drawing: lon/lat around 金坛, one part per polygon.
    expect(page.geometry!.findingIds.length).toBe(page.findings.length);
    const lon = page.geometry!.positions[0]!, lat = page.geometry!.positions[1]!;
    expect(lon).toBeGreaterThan(119);
    expect(lon).toBeLessThan(121);
    expect(lat).toBeGreaterThan(31);
    expect(lat).toBeLessThan(32);
  });
});

describe('a district: coverage, land use in the lines, statistics', () => {
  let ws: Workspace;
  let runId: number;
  beforeAll(async () => {
    ws = buildDistrictWorkspace(tmp.file('district.sqlite'));
    runId = (await executeRun(ws, planRun(ws, {}), inProcess)).runId;
  });
  afterAll(() => ws.close());

  it('finds the missing parcel as a 10,000 m² gap and the extra parcel as a 2,500 m² overlap, and no hairlines', () => {
    const gaps = findings(ws, runId, ['gap']);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.area.planar.m2).toBeCloseTo(10_000, 4);
    expect(gaps[0]!.layers).toEqual(['dltb']);
    expect(gaps[0]!.village).toBe('三村');
    expect(gaps[0]!.town).toBe('乙镇');
    const overlaps = findings(ws, runId, ['overlap']);
    expect(overlaps).toHaveLength(1);
    expect(overlaps[0]!.area.planar.m2).toBeCloseTo(2_500, 6);
    expect(overlaps[0]!.featureIds).toEqual([[162], [200]]);
  });

  it('finds 建设用地 in the red line, 建设用地 and non-耕地 in 永久基本农田, 耕地 in 城镇开发边界', () => {
    // eco 0..300: column 1 (0702) → 10 parcels = 100,000 m²
    const ce = findings(ws, runId, ['construction_in_eco']);
    expect(ce).toHaveLength(10);
    expect(sum(ce)).toBeCloseTo(100_000, 4);
    // farmland 200..600 × 0..500: column 4 (0702) → 5 parcels; columns 2, 5 (0301) → 10 parcels, one 1 mm wider
    expect(sum(findings(ws, runId, ['construction_in_farmland']))).toBeCloseTo(50_000, 4);
    const nc = findings(ws, runId, ['farmland_not_cultivated']);
    expect(nc).toHaveLength(10);
    expect(sum(nc)).toBeCloseTo(100_000.1, 3);
    expect(nc.every((f) => f.dlbm === '0301')).toBe(true);
    // urban 1500..2000: columns 15, 18 are 0101 → 19 parcels (one missing)
    const cu = findings(ws, runId, ['cultivated_in_urban']);
    expect(cu).toHaveLength(19);
    expect(sum(cu)).toBeCloseTo(190_000, 4);
    expect(cu[0]!.severity).toBe('info');
  });

  it('reports a parcel lying outside the village its ZLDWDM names', () => {
    const out = findings(ws, runId, ['outside_admin']);
    expect(out).toHaveLength(1); // villages and towns lie inside the units their SJXZQDM names
    expect(out[0]!.area.planar.m2).toBeCloseTo(10_000, 4);
    expect(out[0]!.village).toBe('二村');
  });

  it('sums parcels inside each line by DLBM class', () => {
    const saved = runSavedStats(ws.db, runId)!;
    expect(saved.byLine.eco_redline).toEqual({ '0101': expect.closeTo(100_000, 4), '0702': expect.closeTo(100_000, 4), '0301': expect.closeTo(100_000, 4) });
    expect(saved.byLine.urban_boundary!['0702']).toBeCloseTo(202_500, 4); // two columns plus the extra parcel
  });

  it('adds statistics up exactly: villages → towns → county', () => {
    const saved = runSavedStats(ws.db, runId)!;
    const v = saved.levels.village!, t = saved.levels.town!, c = saved.levels.county!;
    expect(v.rows.map((r) => r.name)).toEqual(['一村', '二村', '三村']);
    expect(t.rows.map((r) => [r.name, r.parentName])).toEqual([['甲镇', '金坛区'], ['乙镇', '金坛区']]);
    const total = (rows: typeof v.rows, f: (r: (typeof v.rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    for (const lvl of [v, t, c]) {
      expect(total(lvl.rows, (r) => r.landArea.m2)).toBe(2_000_000);
      expect(lvl.total.landArea.m2).toBe(2_000_000);
      expect(lvl.total.lines.eco_redline!.m2).toBeCloseTo(300_000, 6);
      expect(lvl.total.lines.permanent_farmland!.m2).toBeCloseTo(200_000, 6);
      expect(lvl.total.lines.urban_boundary!.m2).toBeCloseTo(500_000, 6);
    }
    // Town 甲镇 = 一村 + 二村 exactly, for every number.
    const jia = t.rows[0]!;
    expect(jia.landArea.m2).toBe(v.rows[0]!.landArea.m2 + v.rows[1]!.landArea.m2);
    expect(jia.lines.permanent_farmland!.m2).toBe(v.rows[0]!.lines.permanent_farmland!.m2 + v.rows[1]!.lines.permanent_farmland!.m2);
    expect(jia.dlbm1['07']).toBe(v.rows[0]!.dlbm1['07']! + v.rows[1]!.dlbm1['07']!);
    // 开发强度: 甲镇 columns 1, 4, 7 are 0702 = 300,000 m² of 1,000,000 m².
    expect(jia.construction.m2).toBeCloseTo(300_000, 6);
    expect(jia.intensity).toBeCloseTo(0.3, 9);
    expect(jia.lineShare.eco_redline).toBeCloseTo(0.3, 9);
    expect(jia.construction.mu).toBeCloseTo(450, 7); // 300,000 m² = 30 公顷 = 450 亩
    // County: parcels 1,990,000 (one missing) + 2,500 (overlap) = 1,992,500 m² of DLBM classes.
    expect(Object.values(c.total.dlbm2).reduce((s, x) => s + x, 0)).toBeCloseTo(1_992_500, 4);
    expect(c.unassigned.landuse).toBeCloseTo(0, 6);
    parseOutput('stats.get', t);
  });

  it('computes statistics on demand without saving a run', async () => {
    const before = listRuns(ws.db).length;
    const s = await computeStats(ws, 'town', inProcess);
    expect(listRuns(ws.db).length).toBe(before);
    expect(s.rows).toHaveLength(2);
    expect(s.total.landArea.m2).toBe(2_000_000);
    await expect(computeStats(ws, 'village', inProcess)).resolves.toMatchObject({ by: 'village' });
  });

  it('saves the run with its parameters and compares it with the previous one after an edit', async () => {
    // Remove the overlapping parcel, fill the gap, and move the farmland edge: overlap and gap resolved, farmland findings changed.
    ws.db.prepare("DELETE FROM dltb WHERE TBBH = 'extra'").run();
    const dltb = ws.layers().find((l) => l.table === 'dltb')!;
    ws.insertFeatures(dltb.id, [{ attributes: { TBBH: '15-5', DLBM: '0101', ZLDWDM: '320482101001' }, wkt: rect(1500, 500, 1600, 600) }]);
    ws.db.prepare('UPDATE yjjbnt SET geom = CastToMulti(GeomFromText(?, 4528)) WHERE fid = 1').run(rect(200, 0, 600, 450).replace('MULTIPOLYGON(((', 'POLYGON((').replace(')))', '))'));
    const run2 = await executeRun(ws, planRun(ws, { params: { minConflictArea: 1 } }), inProcess);
    expect(run2.params.gridSize).toBe(0.001);
    expect(run2.scheme).toBe(String(ws.scheme));
    const cmp = compareRuns(ws.db, run2.runId);
    expect(cmp.previousRunId).toBe(runId);
    expect(cmp.resolved.map((r) => r.type).sort()).toEqual(['gap', 'overlap']);
    expect(cmp.byType.cultivated_in_urban).toMatchObject({ new: 1, unchanged: 19 });
    // Row 4 of the 0301 columns 2 and 5 is now half inside: two findings changed, eight unchanged.
    expect(cmp.byType.farmland_not_cultivated).toMatchObject({ changed: 2, unchanged: 8, new: 0, resolved: 0 });
    expect(cmp.byType.construction_in_eco).toMatchObject({ unchanged: 10, new: 0, resolved: 0 });
    expect(cmp.changed[0]!.areaM2).toBeLessThan(cmp.changed[0]!.previousAreaM2);
    parseOutput('checks.compare', cmp);
  });
});

describe('a line whose features overlap each other', () => {
  it('reports the overlap and counts the overlapping area once in the statistics', async () => {
    const ws = Workspace.create(tmp.file('dissolve.sqlite'), { name: '叠加', srid: 4528 });
    try {
      const v = ws.addLayer('village');
      ws.insertFeatures(v.id, [{ attributes: { ZLDWDM: '320482100001', ZLDWMC: '一村' }, wkt: rect(0, 0, 1000, 1000) }]);
      const eco = ws.addLayer('eco_redline');
      ws.insertFeatures(eco.id, [{ attributes: { HXMC: 'a' }, wkt: rect(0, 0, 100, 100) }, { attributes: { HXMC: 'b' }, wkt: rect(50, 0, 150, 100) }]);
      const run = await executeRun(ws, planRun(ws, {}), inProcess);
      const ov = findings(ws, run.runId, ['overlap']);
      expect(ov).toHaveLength(1);
      expect(ov[0]!.area.planar.m2).toBeCloseTo(5_000, 6);
      const st = runSavedStats(ws.db, run.runId)!.levels.village!;
      expect(st.rows[0]!.lines.eco_redline!.m2).toBeCloseTo(15_000, 6);
      expect(st.rows[0]!.lineShare.eco_redline).toBeCloseTo(0.015, 9);
    } finally {
      ws.close();
    }
  });
});

describe('admin units outside their parent', () => {
  it('reports a village reaching outside the town its SJXZQDM names, and one outside the district', async () => {
    const ws = buildDistrictWorkspace(tmp.file('admin.sqlite'));
    try {
      // 二村 grows 50 m into 乙镇 (x 1000..1050) and 10 m south of the district (y −10..0).
      ws.db.prepare("UPDATE cjdcq SET geom = CastToMulti(GeomFromText(?, 4528)) WHERE ZLDWMC = '二村'")
        .run(rect(500, -10, 1050, 1000).replace('MULTIPOLYGON(((', 'POLYGON((').replace(')))', '))'));
      const run = await executeRun(ws, planRun(ws, { checks: ['extent'] }), inProcess);
      const admin = findings(ws, run.runId, ['outside_admin']).filter((f) => f.layers[0] === 'cjdcq');
      expect(admin).toHaveLength(1);
      expect(admin[0]!.layers).toEqual(['cjdcq', 'xzq_town']);
      expect(admin[0]!.area.planar.m2).toBeCloseTo(50 * 1010 + 500 * 10, 4); // into 乙镇, and south of 甲镇
      const outside = findings(ws, run.runId, ['outside_extent']).filter((f) => f.layers[0] === 'cjdcq');
      expect(outside).toHaveLength(1);
      expect(outside[0]!.area.planar.m2).toBeCloseTo(550 * 10, 4);
    } finally {
      ws.close();
    }
  });
});

describe('line features copied from the parcels (the usual 永久基本农田)', () => {
  it('gives the same areas with and without the copy shortcut, also next to an overlapping parcel', async () => {
    const ws = Workspace.create(tmp.file('copies.sqlite'), { name: '复制', srid: 4528 });
    try {
      const dltb = ws.addLayer('landuse');
      ws.insertFeatures(dltb.id, [
        { attributes: { TBBH: 'A', DLBM: '0101' }, wkt: rect(0, 0, 100, 100) },
        { attributes: { TBBH: 'B', DLBM: '0301' }, wkt: rect(100, 0, 200, 100) },
        { attributes: { TBBH: 'C', DLBM: '0101' }, wkt: rect(200, 0, 300, 100) },
        { attributes: { TBBH: 'D', DLBM: '0702' }, wkt: rect(150, 0, 250, 50) }, // overlaps B and C
      ]);
      const farm = ws.addLayer('permanent_farmland');
      ws.insertFeatures(farm.id, [{ attributes: { DLBM: '0301' }, wkt: rect(100, 0, 200, 100) }, { attributes: { DLBM: '0101' }, wkt: rect(0, 0, 100, 100) }]);
      const expected = { '0101': 10_000, '0301': 10_000, '0702': 2_500 };
      for (const checks of [undefined, ['landuse_in_lines', 'stats'] as const]) {
        const run = await executeRun(ws, planRun(ws, { checks: checks ? [...checks] : undefined }), inProcess);
        const byLine = runSavedStats(ws.db, run.runId)!.byLine.permanent_farmland!;
        expect(Object.keys(byLine).sort()).toEqual(Object.keys(expected).sort());
        for (const [k, v] of Object.entries(expected)) expect(byLine[k]).toBeCloseTo(v, 6);
        expect(sum(findings(ws, run.runId, ['farmland_not_cultivated']))).toBeCloseTo(10_000, 6);
        expect(sum(findings(ws, run.runId, ['construction_in_farmland']))).toBeCloseTo(2_500, 6);
      }
    } finally {
      ws.close();
    }
  });
});

describe('site pre-check (选址)', () => {
  it('measures what a site takes and ranks replacement plots from the reserve', () => {
    const ws = buildDistrictWorkspace(tmp.file('site.sqlite'));
    try {
      const reserve = ws.addLayer('user', { table: 'yjjbnt_cbq', name: '永久基本农田储备区' });
      ws.insertFeatures(reserve.id, [
        { attributes: { MC: 'far' }, wkt: rect(800, 800, 900, 950) },
        { attributes: { MC: 'small' }, wkt: rect(600, 100, 620, 120) },
        { attributes: { MC: 'big' }, wkt: rect(600, 0, 700, 100) },
      ]);
      const r = siteCheck(ws, { wkt: 'POLYGON((40450250 3510100, 40450350 3510100, 40450350 3510200, 40450250 3510200, 40450250 3510100))' });
      expect(r.siteArea.planar.m2).toBeCloseTo(10_000, 6);
      // Every area of the report is ellipsoidal: the planar overlay scaled like the site itself (whose ellipsoidal
      // area SpatiaLite integrates on CGCS2000); the two ways of getting there agree to ~1e-6.
      const k = r.siteArea.ellipsoidal.m2 / r.siteArea.planar.m2;
      expect(k).toBeLessThan(1);
      const by = Object.fromEntries(r.constraints.map((c) => [c.layer, c.area.m2]));
      expect(by).toEqual({ stbhhx: expect.closeTo(5_000 * k, 2), yjjbnt: expect.closeTo(10_000 * k, 1) });
      expect(r.cultivated.m2).toBeCloseTo(5_000 * k, 2);
      expect(r.paddy.m2).toBeCloseTo(5_000 * k, 2);
      expect(r.farmlandToReplace.m2).toBeCloseTo(r.siteArea.ellipsoidal.m2, 1);
      expect(r.candidates.map((c) => [c.fid, c.adjacent])).toEqual([[3, true], [2, true], [1, false]]);
      expect(r.pass).toBe(false);
      expect(r.reasons.join(' ')).toMatch(/生态保护红线/);
      parseOutput('checks.site', r);
      const ok = siteCheck(ws, { wkt: 'POLYGON((40451000 3510100, 40451050 3510100, 40451050 3510150, 40451000 3510100))' });
      expect(ok.pass).toBe(true);
      expect(ok.constraints).toEqual([]);
      expect(() => siteCheck(ws, { wkt: 'POLYGON((1 2' })).toThrow(/WKT/);
      expect(() => siteCheck(ws, { wkt: 'LINESTRING(40451000 3510100, 40451050 3510100)' })).toThrow(/polygon/);
    } finally {
      ws.close();
    }
  });

  it('uses the 永久基本农田储备区 layer kind, fails a site in a 自然保护地 and only notes a 生态空间管控区域', () => {
    const ws = buildDistrictWorkspace(tmp.file('site-kinds.sqlite'));
    try {
      // A user layer named like a reserve must not win over the layer of the reserve kind.
      const decoy = ws.addLayer('user', { table: 'old_cbq', name: '储备区（旧）' });
      ws.insertFeatures(decoy.id, [{ attributes: { MC: 'decoy' }, wkt: rect(600, 0, 700, 100) }]);
      const reserve = ws.addLayer('farmland_reserve');
      ws.insertFeatures(reserve.id, [{ attributes: { TBBH: '1', DLBM: '0101' }, wkt: rect(600, 100, 720, 220) }]);
      const zone = ws.addLayer('eco_space');
      ws.insertFeatures(zone.id, [{ attributes: { GKQYMC: '长荡湖重要湿地' }, wkt: rect(1000, 0, 1200, 200) }]);
      const park = ws.addLayer('nature_reserve');
      ws.insertFeatures(park.id, [{ attributes: { ZRBHDMC: '湿地公园', ZRBHDLX: '自然公园' }, wkt: rect(1300, 0, 1400, 100) }]);

      // Inside 永久基本农田 only: the reserve plot is the candidate, large enough, so the site passes.
      const farm = siteCheck(ws, { wkt: 'POLYGON((40450400 3510100, 40450450 3510100, 40450450 3510150, 40450400 3510150, 40450400 3510100))' });
      expect(farm.candidates).toHaveLength(1);
      // Ellipsoidal, scaled at the candidate's own centroid: within 1e-5 of the site's scale 250 m away.
      const kSite = farm.siteArea.ellipsoidal.m2 / farm.siteArea.planar.m2;
      expect(Math.abs(farm.candidates[0]!.area.m2 / (14_400 * kSite) - 1)).toBeLessThan(1e-5);
      expect(farm.candidates[0]!.area.m2).toBeLessThan(14_400);
      expect(farm.constraints.map((c) => c.layer)).not.toContain('jbntcbq');
      expect(farm.reserveLayer).toBe('jbntcbq');

      const inZone = siteCheck(ws, { wkt: 'POLYGON((40451050 3510050, 40451100 3510050, 40451100 3510100, 40451050 3510100, 40451050 3510050))' });
      expect(inZone.constraints.find((c) => c.kind === 'eco_space')?.area.m2).toBeCloseTo(inZone.siteArea.ellipsoidal.m2, 2);
      expect(inZone.pass).toBe(true);
      expect(inZone.reasons.join(' ')).toMatch(/生态空间管控区域/);

      const inPark = siteCheck(ws, { wkt: 'POLYGON((40451350 3510050, 40451450 3510050, 40451450 3510090, 40451350 3510090, 40451350 3510050))' });
      expect(inPark.constraints.find((c) => c.kind === 'nature_reserve')?.area.m2).toBeCloseTo(inPark.siteArea.ellipsoidal.m2 / 2, 2);
      expect(inPark.pass).toBe(false);
      expect(inPark.reasons.join(' ')).toMatch(/自然保护地/);
    } finally {
      ws.close();
    }
  });
});

describe('bad input gives findings or clear errors, never a crash or a wrong total', () => {
  it('runs on an empty workspace and on empty layers', async () => {
    const ws = Workspace.create(tmp.file('empty.sqlite'), { name: '空', srid: 4528 });
    try {
      ws.addLayer('eco_redline');
      ws.addLayer('permanent_farmland');
      ws.addLayer('landuse');
      const run = await executeRun(ws, planRun(ws, {}), inProcess);
      expect(run.status).toBe('done');
      expect(run.findingCount).toBe(0);
      expect(run.skipped.map((s) => s.check)).toContain('stats');
    } finally {
      ws.close();
    }
  });

  it('reports duplicate vertices, multipart parcels, slivers and fragments', async () => {
    const ws = Workspace.create(tmp.file('shapes.sqlite'), { name: '形状', srid: 4528 });
    try {
      const dltb = ws.addLayer('landuse');
      const X = X0, Y = Y0;
      ws.insertFeatures(dltb.id, [
        { attributes: { TBBH: 'ok', DLBM: '0101' }, wkt: rect(0, 0, 100, 100) },
        { attributes: { TBBH: 'dup', DLBM: '0101' }, wkt: `MULTIPOLYGON(((${X + 200} ${Y}, ${X + 300} ${Y}, ${X + 300} ${Y}, ${X + 300} ${Y + 100}, ${X + 200} ${Y + 100}, ${X + 200} ${Y})))` },
        { attributes: { TBBH: 'multi', DLBM: '0101' }, wkt: `MULTIPOLYGON(((${X + 400} ${Y}, ${X + 500} ${Y}, ${X + 500} ${Y + 100}, ${X + 400} ${Y}))` +
          `,((${X + 600} ${Y}, ${X + 700} ${Y}, ${X + 700} ${Y + 100}, ${X + 600} ${Y})))` },
        { attributes: { TBBH: 'sliver', DLBM: '1006' }, wkt: rect(0, 200, 500, 200.5) },
        { attributes: { TBBH: 'small', DLBM: '0702' }, wkt: rect(0, 300, 10, 310) },
      ]);
      const run = await executeRun(ws, planRun(ws, {}), inProcess);
      const fs = findings(ws, run.runId);
      const of = (type: string) => fs.filter((f) => f.type === type).map((f) => f.featureIds[0]![0]);
      expect(of('invalid_geometry')).toEqual([2]);
      expect(fs.find((f) => f.type === 'invalid_geometry' && f.featureIds[0]![0] === 2)!.detail).toMatch(/重复节点/);
      expect(of('multipart')).toEqual([3]);
      expect(of('sliver')).toEqual([4]);
      expect(of('fragment')).toEqual([5]); // 100 m² of 0702 < 200 m²
      expect(fs.find((f) => f.type === 'fragment')!.area.planar.m2).toBeCloseTo(100, 9);
    } finally {
      ws.close();
    }
  });

  it('refuses a layer in another CRS with a clear error and marks the run failed', async () => {
    const ws = Workspace.create(tmp.file('crs.sqlite'), { name: '坐标', srid: 4528 });
    try {
      ws.addLayer('permanent_farmland');
      ws.db.exec('CREATE TABLE stbhhx (fid INTEGER PRIMARY KEY AUTOINCREMENT, HXMC TEXT)');
      ws.db.prepare("SELECT AddGeometryColumn('stbhhx', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1)").get();
      ws.db.prepare("SELECT CreateSpatialIndex('stbhhx', 'geom')").get();
      ws.db.prepare("INSERT INTO stbhhx (HXMC, geom) VALUES ('x', CastToMulti(GeomFromText('POLYGON((119 31, 119.1 31, 119.1 31.1, 119 31))', 4326)))").run();
      ws.db.prepare(`INSERT INTO sx_layers (table_name, kind, name, name_en, geometry_type, sort_order, style_json, created_at)
        VALUES ('stbhhx', 'eco_redline', '红线', 'red line', 'MULTIPOLYGON', 9, '{}', '')`).run();
      registerLayerTable(ws.db, Number(ws.db.prepare("SELECT id FROM sx_layers WHERE table_name = 'stbhhx'").pluck().get()), 'stbhhx');
      ws.insertFeatures(ws.layersOfKind('permanent_farmland')[0]!.id, [{ attributes: {}, wkt: rect(0, 0, 10, 10) }]);
      const plan = planRun(ws, { checks: ['line_conflicts'] });
      await expect(executeRun(ws, plan, inProcess)).rejects.toMatchObject({ code: 'UNSUPPORTED_CRS', message: expect.stringMatching(/EPSG:4326/) });
      expect(listRuns(ws.db)[0]).toMatchObject({ status: 'failed', findingCount: 0 });
    } finally {
      ws.close();
    }
  });

  it('rejects bad parameters before starting', () => {
    const ws = Workspace.create(tmp.file('params.sqlite'), { name: '参数', srid: 4528 });
    try {
      expect(() => planRun(ws, { params: { gridSize: -1 } })).toThrow(/gridSize/);
      expect(listRuns(ws.db)).toHaveLength(0);
    } finally {
      ws.close();
    }
  });
});

describe('parcels settled without clipping (exact relations) agree with GEOS', () => {
  it('copies, parcels on a line boundary, covered by a multi-feature line, touching at an edge or a corner, in a hole, around a small feature', async () => {
    const ws = Workspace.create(tmp.file('fastpaths.sqlite'), { name: '捷径', srid: 4528 });
    try {
      const lu = ws.addLayer('landuse');
      const eco = ws.addLayer('eco_redline');
      const farm = ws.addLayer('permanent_farmland');
      const urban = ws.addLayer('urban_boundary');
      const P = (tbbh: string, wkt: string) => ({ attributes: { TBBH: tbbh, DLBM: '0101' }, wkt });
      ws.insertFeatures(lu.id, [
        P('copy', rect(0, 0, 100, 100)),                 // farmland copies it exactly
        P('edge-in', rect(100, 0, 200, 100)),            // inside eco, its bottom and left edges on eco's boundary
        P('two-features', rect(200, 0, 300, 100)),       // covered by two eco features, half each
        P('multi-part', rect(300, 0, 400, 100)),         // covered by one part of a multipolygon urban feature
        P('touch-edge', rect(0, 100, 100, 200)),         // shares its bottom edge with the farmland copy
        P('touch-corner', rect(400, 100, 500, 200)),     // meets urban's part (300..400 × 0..100) at one corner
        P('in-hole', rect(1050, 50, 1150, 150)),         // exactly eco's hole
        P('around', rect(2000, 0, 2100, 100)),           // a 10 m farmland square inside it
        P('crossing', rect(3000, 0, 3100, 100)),         // urban's edge x = 3030 crosses it: 30 %
        P('t-junction', polygon([[4000, 0], [4100, 0], [4100, 50], [4100, 100], [4000, 100], [4000, 0]])), // a vertex on urban's edge
      ]);
      ws.insertFeatures(farm.id, [
        { attributes: { DLBM: '0101' }, wkt: rect(0, 0, 100, 100) },
        { attributes: { DLBM: '0101' }, wkt: rect(2045, 45, 2055, 55) },
      ]);
      ws.insertFeatures(eco.id, [
        { attributes: { HXMC: 'a' }, wkt: rect(100, 0, 250, 500) },
        { attributes: { HXMC: 'b' }, wkt: rect(250, 0, 300, 500) },
        { attributes: { HXMC: 'hole' }, wkt: polygon(box(1000, 0, 1200, 200), box(1050, 50, 1150, 150)) },
      ]);
      ws.insertFeatures(urban.id, [
        { attributes: { KFBJLX: 'm' }, wkt: multi([box(300, 0, 400, 100)], [box(600, 0, 700, 100)]) },
        { attributes: { KFBJLX: 'x' }, wkt: rect(2970, -10, 3030, 110) },
        { attributes: { KFBJLX: 't' }, wkt: rect(4100, 0, 4200, 100) },
      ]);
      const run = await executeRun(ws, planRun(ws, { checks: ['landuse_in_lines'] }), inProcess);
      const saved = runSavedStats(ws.db, run.runId)!;
      // Parcels inside each line: farmland = copy + 10 m square; eco = edge-in + two-features; urban = multi-part + 30 %.
      expect(saved.byLine.permanent_farmland!['0101']).toBeCloseTo(10_000 + 100, 6);
      expect(saved.byLine.eco_redline!['0101']).toBeCloseTo(20_000, 6);
      expect(saved.byLine.urban_boundary!['0101']).toBeCloseTo(10_000 + 3_000, 6);
      // The same sums, pair by pair, straight from GEOS.
      for (const t of ['yjjbnt', 'stbhhx', 'czkfbj']) {
        const geos = (ws.db.prepare(`SELECT SUM(ST_Area(ST_Intersection(p.geom, l.geom))) a FROM dltb p, "${t}" l WHERE ST_Intersects(p.geom, l.geom)`).get() as { a: number }).a;
        expect(saved.overlayAreas![`dltb|${t}`], t).toBeCloseTo(geos, 6);
      }
      // Findings (耕地 in 城镇开发边界) only where there is area: not for the corner, the edge, the hole, the T.
      const cu = findings(ws, run.runId, ['cultivated_in_urban']);
      expect(cu.map((f) => f.area.planar.m2).sort((a, b) => a - b)).toEqual([expect.closeTo(3_000, 6), expect.closeTo(10_000, 6)]);
    } finally {
      ws.close();
    }
  });

  it('splits the parcels into tiles that hold every parcel exactly once', async () => {
    const { spawnSync } = await import('node:child_process');
    const path = await import('node:path');
    const file = tmp.file('tiles.sqlite');
    const g = spawnSync(process.execPath, [path.resolve(__dirname, '..', '..', 'bin', 'sanxian.cjs'), 'sample', file, '--parcels', '30000', '--seed', '3'], { encoding: 'utf8' });
    expect(g.status, g.stderr).toBe(0);
    const ws = Workspace.open(file);
    try {
      const plan = planRun(ws, { checks: ['landuse_in_lines'] }, { persist: false });
      const tiles = plan.parts.map((p) => p.spec).filter((s) => s.kind === 'landuse');
      expect(tiles.length).toBeGreaterThanOrEqual(4);
      const inTile = ws.db.prepare(`SELECT pkid FROM idx_dltb_geom WHERE xmax >= @x0 AND xmin < @x1 AND ymax >= @y0 AND ymin < @y1
        AND (xmin + xmax) / 2 >= @x0 AND (xmin + xmax) / 2 < @x1 AND (ymin + ymax) / 2 >= @y0 AND (ymin + ymax) / 2 < @y1`);
      const seen = new Map<number, number>();
      for (const t of tiles) {
        if (t.kind !== 'landuse') continue;
        const [x0, y0, x1, y1] = t.tile;
        for (const r of inTile.all({ x0, y0, x1, y1 }) as { pkid: number }[]) seen.set(r.pkid, (seen.get(r.pkid) ?? 0) + 1);
      }
      const n = (ws.db.prepare('SELECT COUNT(*) n FROM dltb').get() as { n: number }).n;
      expect(seen.size).toBe(n);
      expect([...seen.values()].every((c) => c === 1)).toBe(true);
      // Every parcel has a geometry: no tile needs to look for parcels without one.
      expect(tiles.filter((t) => t.kind === 'landuse' && t.rest)).toHaveLength(0);
      // A parcel missing from the R*Tree (a table written by another tool) is taken by the first tile: same sums.
      const before = runSavedStats(ws.db, (await executeRun(ws, planRun(ws, { checks: ['landuse_in_lines'] }), inProcess)).runId)!.byLine;
      const fid = (ws.db.prepare("SELECT fid FROM dltb WHERE DLBM LIKE '01%' AND fid IN (SELECT fid FROM yjjbnt) LIMIT 1").get() as { fid: number } | undefined)?.fid ?? 7;
      ws.db.prepare('DELETE FROM idx_dltb_geom WHERE pkid = ?').run(fid);
      const again = planRun(ws, { checks: ['landuse_in_lines'] }, { persist: false }).parts.map((p) => p.spec);
      expect(again.filter((t) => t.kind === 'landuse' && t.rest)).toHaveLength(1);
      const after = runSavedStats(ws.db, (await executeRun(ws, planRun(ws, { checks: ['landuse_in_lines'] }), inProcess)).runId)!.byLine;
      for (const [line, m] of Object.entries(before)) for (const [k, v] of Object.entries(m)) expect(after[line]![k], `${line} ${k}`).toBeCloseTo(v, 6);
    } finally {
      ws.close();
    }
  });
});
