// Indicators of one land-consolidation project (docs/consolidation.md), by overlay of the project area, its
// sub-zones, the 三调 parcels ("before") and the three lines, with GEOS (SpatiaLite) and exact ellipsoidal areas
// (overlay/ellipsoid.ts). Plain data in, plain data out: it runs in a worker thread on its own connection.
//
// "Before" is the 三调 land use as it stands; "after" replaces it, inside the project area, by the planned land use
// (GHDLBM) of the works sub-zones, and moves 永久基本农田 out of the 调出 and into the 调入 sub-zones. Every input
// geometry is snapped to the checks' 1 mm grid first (docs/checks.md), invalid ones repaired for the overlay.
import { INDICATORS, projectTypeOf, ratio, subzoneType, type Part, PARTS, type ProjectType, type SubzoneKind } from '../../../shared/domain/consolidation.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import { isConstructionLand, isCultivated } from '../../../shared/domain/dlbm.js';
import { DEFAULT_PARAMS } from '../../../shared/domain/check-params.js';
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { ellipsoidalArea } from '../overlay/ellipsoid.js';
import { bboxOf, measurePart, parsePolygons } from '../overlay/geom.js';

export interface LayerRef { id: number; table: string }

/** The layers a project check reads, resolved by the caller through the workspace (so schemes are followed). */
export interface ProjectLayers {
  project: LayerRef;
  subzone: LayerRef | null;
  landuse: LayerRef | null;
  pbf: LayerRef | null;
  eco: LayerRef | null;
  urban: LayerRef | null;
}

export interface Link { layerId: number; fid: number }

export interface IndicatorValue {
  before: number | null;
  after: number | null;
  /** null: nothing to measure; may be +Infinity (a ratio over zero). */
  value: number | null;
  features: Link[];
}

export interface SubzoneResult {
  fid: number; zqlx: string | null; kind: SubzoneKind | null; part: Part | null; name: string | null; ghdlbm: string | null; gddb: number | null;
  areaM2: number; insideM2: number; effectiveM2: number;
  cultivatedGainM2: number; cultivatedLossM2: number; constructionGainM2: number; constructionLossM2: number;
  baseline: Record<string, number>;
}

export interface ProjectAttributes {
  code: string; name: string; typeRaw: string | null; type: ProjectType; townCode: string | null; town: string | null;
  villages: string | null; period: string | null; investment: number | null; status: string | null;
  fids: number[]; areaM2: number; subzoneCount: number; bbox: [number, number, number, number] | null;
}

export interface ProjectIndicators {
  project: ProjectAttributes;
  indicators: Record<string, IndicatorValue>;
  subzones: SubzoneResult[];
  parts: { part: Part; count: number; areaM2: number; cultivatedGainM2: number; cultivatedNetM2: number }[];
  notes: { zh: string; en: string }[];
  durationMs: number;
}

export interface Hooks {
  onProgress?(fraction: number, message: string): void;
  isCancelled?(): boolean;
}

type Blob = Buffer;
const GRID = DEFAULT_PARAMS.gridSize;
const TOL = { hairlineWidth: DEFAULT_PARAMS.hairlineWidth, minArea: 1 };

function cancelledError(): WorkbenchError {
  return new WorkbenchError('CANCELLED', '已取消项目指标计算 / Project check cancelled');
}

const text = (v: unknown): string | null => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim());
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** GEOS through SpatiaLite on SpatiaLite blobs, areas on the ellipsoid in JS. */
class Geo {
  private readonly s;
  private tempReady = false;
  private group = 0;

  constructor(private readonly db: Db, private readonly srid: number) {
    const one = (sql: string) => db.prepare(sql);
    this.s = {
      wkb: one('SELECT AsBinary(?) w'),
      inter: one('SELECT CollectionExtract(ST_Intersection(?, ?), 3) g'),
      diff: one('SELECT CollectionExtract(ST_Difference(?, ?), 3) g'),
      union2: one('SELECT CollectionExtract(ST_Union(?, ?), 3) g'),
      intersects: one('SELECT ST_Intersects(?, ?) i'),
      lonlatBox: one(`SELECT MbrMinX(t) a, MbrMinY(t) b, MbrMaxX(t) c, MbrMaxY(t) d FROM (SELECT ST_Transform(BuildMbr(?, ?, ?, ?, ${Math.trunc(srid)}), ${CGCS2000_GEOGRAPHIC}) t)`),
    };
  }

  /** A stored geometry under the precision model: snapped to the grid; repaired (polygons kept) when invalid. */
  static snapSql(col: string): string {
    return `(CASE WHEN ST_IsValid(ST_SnapToGrid(${col}, ${GRID})) THEN ST_SnapToGrid(${col}, ${GRID}) ELSE CollectionExtract(MakeValid(ST_SnapToGrid(${col}, ${GRID})), 3) END)`;
  }

  area(g: Blob | null): number {
    if (!g) return 0;
    const w = (this.s.wkb.get(g) as { w: Buffer | null }).w;
    return w ? ellipsoidalArea(parsePolygons(w), this.srid) : 0;
  }

  /** Parts that count (mean width ≥ the hairline width, ≥ 1 m²): patches of a dissolved layer. */
  patches(g: Blob | null): number {
    if (!g) return 0;
    const w = (this.s.wkb.get(g) as { w: Buffer | null }).w;
    let n = 0;
    for (const p of parsePolygons(w)) {
      const m = measurePart(p);
      if (m.area >= TOL.minArea && m.meanWidth >= TOL.hairlineWidth) n++;
    }
    return n;
  }

  bbox(g: Blob | null): [number, number, number, number] | null {
    if (!g) return null;
    return bboxOf(parsePolygons((this.s.wkb.get(g) as { w: Buffer | null }).w));
  }

  lonlatBbox(b: [number, number, number, number] | null): [number, number, number, number] | null {
    if (!b) return null;
    const r = this.s.lonlatBox.get(b[0], b[1], b[2], b[3]) as { a: number; b: number; c: number; d: number };
    return [r.a, r.b, r.c, r.d];
  }

  inter(a: Blob | null, b: Blob | null): Blob | null {
    if (!a || !b) return null;
    return (this.s.inter.get(a, b) as { g: Blob | null }).g;
  }

  diff(a: Blob | null, b: Blob | null): Blob | null {
    if (!a) return null;
    if (!b) return a;
    return (this.s.diff.get(a, b) as { g: Blob | null }).g;
  }

  union2(a: Blob | null, b: Blob | null): Blob | null {
    if (!a) return b;
    if (!b) return a;
    return (this.s.union2.get(a, b) as { g: Blob | null }).g;
  }

  intersects(a: Blob | null, b: Blob | null): boolean {
    if (!a || !b) return false;
    return (this.s.intersects.get(a, b) as { i: number | null }).i === 1;
  }

  /** The dissolved union of many geometries (GEOS cascaded union), through a TEMP table. */
  union(list: readonly (Blob | null)[]): Blob | null {
    const items = list.filter((g): g is Blob => g !== null);
    if (items.length === 0) return null;
    if (items.length === 1) return items[0]!;
    if (!this.tempReady) {
      this.db.exec('CREATE TEMP TABLE IF NOT EXISTS sx_zz_union (grp INTEGER NOT NULL, g BLOB NOT NULL)');
      this.tempReady = true;
    }
    const grp = ++this.group;
    const put = this.db.prepare('INSERT INTO temp.sx_zz_union (grp, g) VALUES (?, ?)');
    this.db.transaction(() => { for (const g of items) put.run(grp, g); })();
    try {
      return (this.db.prepare('SELECT CollectionExtract(ST_Union(g), 3) g FROM temp.sx_zz_union WHERE grp = ?').get(grp) as { g: Blob | null }).g;
    } finally {
      this.db.prepare('DELETE FROM temp.sx_zz_union WHERE grp = ?').run(grp);
    }
  }

  /**
   * Features of a layer inside a region: each clipped to it (whole when the region covers it), with the columns
   * asked for. Candidates through the layer's R*Tree.
   */
  clip<T extends Record<string, unknown>>(table: string, region: Blob, cols: string[], where = ''): (T & { fid: number; g: Blob })[] {
    const b = this.bbox(region);
    if (!b) return [];
    const c = cols.map((x) => `"${x}"`).join(', ');
    const sql = `SELECT fid${c ? ', ' + c : ''}, CASE WHEN ST_Covers(@r, s) THEN s ELSE CollectionExtract(ST_Intersection(s, @r), 3) END g
      FROM (SELECT fid${c ? ', ' + c : ''}, ${Geo.snapSql('t.geom')} s FROM "${table}" t
        WHERE t.geom IS NOT NULL ${where} AND t.ROWID IN (SELECT pkid FROM "idx_${table}_geom" WHERE xmin <= @x1 AND xmax >= @x0 AND ymin <= @y1 AND ymax >= @y0))
      WHERE s IS NOT NULL AND ST_Intersects(@r, s)`;
    const rows = this.db.prepare(sql).all({ r: region, x0: b[0], y0: b[1], x1: b[2], y1: b[3] }) as (T & { fid: number; g: Blob | null })[];
    return rows.filter((r): r is T & { fid: number; g: Blob } => r.g !== null);
  }
}

interface Subzone {
  fid: number; zqlx: string | null; kind: SubzoneKind | null; part: Part | null; role: 'works' | 'pbf_out' | 'pbf_in' | null;
  name: string | null; ghdlbm: string | null; gddb: number | null; g: Blob;
  inside: Blob | null; effective: Blob | null;
}

function hasColumn(db: Db, table: string, col: string): boolean {
  return db.prepare('SELECT 1 FROM pragma_table_info(?) WHERE name = ?').get(table, col) !== undefined;
}

/** Distinct project codes of the project layer, in table order. */
export function projectCodes(db: Db, layers: ProjectLayers): string[] {
  return (db.prepare(`SELECT XMBH c FROM "${layers.project.table}" WHERE XMBH IS NOT NULL AND trim(XMBH) <> '' GROUP BY XMBH ORDER BY MIN(fid)`).all() as { c: string }[]).map((r) => r.c);
}

function projectGeometry(db: Db, geo: Geo, layers: ProjectLayers, code: string): { attrs: ProjectAttributes; g: Blob } {
  const t = layers.project.table;
  const xmlx = hasColumn(db, t, 'XMLX') ? 'XMLX' : 'NULL AS XMLX';
  const rows = db.prepare(`SELECT fid, XMMC, XZQDM, XZQMC, SJCM, JSQX, TZZE, XMZT, ${xmlx}, ${Geo.snapSql('geom')} g FROM "${t}" WHERE XMBH = ? AND geom IS NOT NULL ORDER BY fid`)
    .all(code) as { fid: number; XMMC: unknown; XZQDM: unknown; XZQMC: unknown; SJCM: unknown; JSQX: unknown; TZZE: unknown; XMZT: unknown; XMLX: unknown; g: Blob | null }[];
  if (!rows.length) throw new WorkbenchError('NOT_FOUND', `没有项目 ${code}（项目区图层 ${t} 的 XMBH）/ no project "${code}" in ${t} (XMBH)`, code);
  const g = geo.union(rows.map((r) => r.g));
  if (!g) throw new WorkbenchError('BAD_REQUEST', `项目 ${code} 的项目区没有面 / project ${code} has no polygon`, code);
  const first = rows[0]!;
  const pick = (k: keyof typeof first) => text(rows.find((r) => text(r[k]) !== null)?.[k]);
  const typeRaw = pick('XMLX');
  return {
    g,
    attrs: {
      code, name: pick('XMMC') ?? code, typeRaw, type: projectTypeOf(typeRaw), townCode: pick('XZQDM'), town: pick('XZQMC'),
      villages: pick('SJCM'), period: pick('JSQX'), investment: numOrNull(rows.find((r) => numOrNull(r.TZZE) !== null)?.TZZE), status: pick('XMZT'),
      fids: rows.map((r) => r.fid), areaM2: geo.area(g), subzoneCount: 0, bbox: geo.lonlatBbox(geo.bbox(g)),
    },
  };
}

/** Lists the projects (without indicators): cheap enough for the main thread. */
export function listProjects(db: Db, srid: number, layers: ProjectLayers): { projects: ProjectAttributes[]; orphanSubzones: number[] } {
  const geo = new Geo(db, srid);
  const codes = projectCodes(db, layers);
  const counts = new Map<string, number>();
  const orphanSubzones: number[] = [];
  if (layers.subzone) {
    for (const r of db.prepare(`SELECT fid, XMBH c FROM "${layers.subzone.table}" ORDER BY fid`).all() as { fid: number; c: string | null }[]) {
      const c = text(r.c);
      if (c !== null && codes.includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
      else orphanSubzones.push(r.fid);
    }
  }
  const projects = codes.map((code) => {
    const p = projectGeometry(db, geo, layers, code).attrs;
    p.subzoneCount = counts.get(code) ?? 0;
    return p;
  });
  return { projects, orphanSubzones };
}

/** Computes every indicator of one project. */
export function computeProject(db: Db, srid: number, layers: ProjectLayers, code: string, hooks: Hooks = {}): ProjectIndicators {
  const started = performance.now();
  const geo = new Geo(db, srid);
  const notes: { zh: string; en: string }[] = [];
  let step = 0;
  const STEPS = 9;
  const progress = (zh: string, en: string) => {
    if (hooks.isCancelled?.()) throw cancelledError();
    hooks.onProgress?.(step++ / STEPS, `${code}: ${zh} / ${en}`);
  };

  progress('项目区', 'project area');
  const { attrs, g: P } = projectGeometry(db, geo, layers, code);
  if (attrs.typeRaw === null) notes.push({ zh: '项目类型 XMLX 未填，按全域整治计', en: 'no project type (XMLX): counted as 全域整治' });
  else if (attrs.typeRaw !== attrs.type) notes.push({ zh: `项目类型“${attrs.typeRaw}”按${attrs.type}计`, en: `project type "${attrs.typeRaw}" counted as ${attrs.type}` });
  const projectLinks: Link[] = attrs.fids.map((fid) => ({ layerId: layers.project.id, fid }));

  // ---- Sub-zones
  const zones: Subzone[] = [];
  if (layers.subzone) {
    const t = layers.subzone.table;
    const gddb = hasColumn(db, t, 'GDDB') ? 'GDDB' : 'NULL AS GDDB';
    const rows = db.prepare(`SELECT fid, ZQLX, ZQMC, GHDLBM, ${gddb}, ${Geo.snapSql('geom')} g FROM "${t}" WHERE XMBH = ? AND geom IS NOT NULL ORDER BY fid`)
      .all(code) as { fid: number; ZQLX: unknown; ZQMC: unknown; GHDLBM: unknown; GDDB: unknown; g: Blob | null }[];
    for (const r of rows) {
      if (!r.g) continue;
      const type = subzoneType(r.ZQLX);
      const zqlx = text(r.ZQLX);
      if (!type) {
        notes.push({ zh: `子区 #${r.fid} 的类型“${zqlx ?? ''}”未知，按不改变地类的整治子区计`, en: `sub-zone #${r.fid}: unknown type "${zqlx ?? ''}", counted as works that change no land use` });
      }
      const ghdlbm = text(r.GHDLBM);
      if ((type?.role ?? 'works') === 'works' && !ghdlbm) {
        notes.push({ zh: `子区 #${r.fid}（${zqlx ?? ''}）未填规划地类 GHDLBM，按地类不变计`, en: `sub-zone #${r.fid} (${zqlx ?? ''}) has no planned land use (GHDLBM): counted as unchanged` });
      }
      zones.push({
        fid: r.fid, zqlx, kind: type?.kind ?? null, part: type?.part ?? null, role: type ? type.role : 'works', name: text(r.ZQMC),
        ghdlbm, gddb: numOrNull(r.GDDB), g: r.g, inside: null, effective: null,
      });
    }
  }
  attrs.subzoneCount = zones.length;
  const zoneLink = (z: Subzone): Link => ({ layerId: layers.subzone!.id, fid: z.fid });

  // Inside the project; works sub-zones count once where they overlap (the earlier fid keeps the land).
  let taken: Blob | null = null;
  let overlap = 0;
  const overlapping: Subzone[] = [];
  for (const z of zones) {
    z.inside = geo.inter(z.g, P);
    if (z.role !== 'works') continue;
    const over = geo.inter(z.inside, taken);
    const a = geo.area(over);
    if (a > 0) { overlap += a; if (a >= TOL.minArea) overlapping.push(z); }
    z.effective = over ? geo.diff(z.inside, taken) : z.inside;
    taken = geo.union2(taken, z.effective);
  }
  const works = zones.filter((z) => z.role === 'works');
  const outZones = zones.filter((z) => z.role === 'pbf_out');
  const inZones = zones.filter((z) => z.role === 'pbf_in');

  // ---- 三调 before, inside the project and inside each works sub-zone
  progress('三调现状', '三调 baseline');
  const landuse = layers.landuse;
  if (!landuse) notes.push({ zh: '工作空间没有三调地类图斑图层：耕地、建设用地指标无法计算', en: 'no 三调 land-use layer: cultivated and construction land cannot be measured' });
  const pieces = landuse ? geo.clip<{ DLBM: string | null }>(landuse.table, P, ['DLBM']) : [];
  const byDlbm: Record<string, number> = {};
  let cult0 = 0, constr0 = 0, settle0 = 0, piecesArea = 0;
  const cultPieces: Blob[] = [], constrPieces: Blob[] = [], settlePieces: Blob[] = [];
  for (const p of pieces) {
    const a = geo.area(p.g);
    const d = text(p.DLBM) ?? '';
    byDlbm[d] = (byDlbm[d] ?? 0) + a;
    piecesArea += a;
    if (d && isCultivated(d)) { cult0 += a; cultPieces.push(p.g); }
    if (d && isConstructionLand(d)) { constr0 += a; constrPieces.push(p.g); }
    if (d.startsWith('0702')) { settle0 += a; settlePieces.push(p.g); }
  }
  const gap = landuse ? Math.max(0, attrs.areaM2 - piecesArea) : 0;

  progress('整治子区', 'sub-zones');
  const results: SubzoneResult[] = [];
  const planned = (z: Subzone) => {
    const gh = z.ghdlbm;
    return { set: gh !== null, cult: gh !== null && isCultivated(gh), constr: gh !== null && isConstructionLand(gh), settle: gh !== null && gh.startsWith('0702') };
  };
  const figures = new Map<number, SubzoneResult>();
  /** 农村宅基地 gained and lost per works sub-zone (not part of the sub-zone figures). */
  const settlement = new Map<number, [number, number]>();
  for (const z of zones) {
    if (hooks.isCancelled?.()) throw cancelledError();
    const baseline: Record<string, number> = {};
    const eff = z.role === 'works' ? z.effective : z.inside;
    const effArea = geo.area(eff);
    let c01 = 0, cC = 0, cS = 0, known = 0;
    if (eff && landuse) {
      for (const p of geo.clip<{ DLBM: string | null }>(landuse.table, eff, ['DLBM'])) {
        const a = geo.area(p.g);
        const d = text(p.DLBM) ?? '';
        baseline[d] = (baseline[d] ?? 0) + a;
        known += a;
        if (d && isCultivated(d)) c01 += a;
        if (d && isConstructionLand(d)) cC += a;
        if (d.startsWith('0702')) cS += a;
      }
      const none = effArea - known;
      if (none > 0.005) baseline[''] = none;
    }
    const pl = planned(z);
    const r: SubzoneResult = {
      fid: z.fid, zqlx: z.zqlx, kind: z.kind, part: z.part, name: z.name, ghdlbm: z.ghdlbm, gddb: z.gddb,
      areaM2: geo.area(z.g), insideM2: geo.area(z.inside), effectiveM2: effArea,
      cultivatedGainM2: 0, cultivatedLossM2: 0, constructionGainM2: 0, constructionLossM2: 0, baseline,
    };
    if (z.role === 'works' && pl.set && landuse) {
      if (pl.cult) r.cultivatedGainM2 = Math.max(0, effArea - c01); else r.cultivatedLossM2 = c01;
      if (pl.constr) r.constructionGainM2 = Math.max(0, effArea - cC); else r.constructionLossM2 = cC;
      settlement.set(z.fid, pl.settle ? [Math.max(0, effArea - cS), 0] : [0, cS]);
    }
    figures.set(z.fid, r);
    results.push(r);
  }
  const fig = (z: Subzone) => figures.get(z.fid)!;
  const sum = (zs: Subzone[], f: (r: SubzoneResult) => number) => zs.reduce((s, z) => s + f(fig(z)), 0);
  const settleOf = (z: Subzone) => settlement.get(z.fid) ?? [0, 0];

  const gain = sum(works, (r) => r.cultivatedGainM2);
  const loss = sum(works, (r) => r.cultivatedLossM2);
  const cGain = sum(works, (r) => r.constructionGainM2);
  const cLoss = sum(works, (r) => r.constructionLossM2);
  const sGain = works.reduce((s, z) => s + settleOf(z)[0], 0);
  const sLoss = works.reduce((s, z) => s + settleOf(z)[1], 0);
  const ofKind = (...kinds: SubzoneKind[]) => works.filter((z) => z.kind !== null && kinds.includes(z.kind));
  const changing = (f: (r: SubzoneResult) => number) => works.filter((z) => f(fig(z)) > 0).map(zoneLink);
  const cult1 = cult0 + gain - loss;
  const constr1 = constr0 + cGain - cLoss;
  const settle1 = settle0 + sGain - sLoss;

  // ---- After: dissolved 耕地, 建设用地 and 宅基地
  progress('整治后地类', 'land use after the works');
  const worksWith = (pred: (p: ReturnType<typeof planned>) => boolean) => geo.union(works.filter((z) => pred(planned(z))).map((z) => z.effective));
  const after = (beforeUnion: Blob | null, becomes: (p: ReturnType<typeof planned>) => boolean) =>
    geo.union2(geo.diff(beforeUnion, worksWith((p) => p.set && !becomes(p))), worksWith((p) => p.set && becomes(p)));
  const cultBeforeG = landuse ? geo.union(cultPieces) : null;
  const cultAfterG = landuse ? after(cultBeforeG, (p) => p.cult) : null;
  progress('建设用地与居民点', 'construction land and settlements');
  const constrBeforeG = landuse ? geo.union(constrPieces) : null;
  const constrAfterG = landuse ? after(constrBeforeG, (p) => p.constr) : null;
  const settleBeforeG = landuse ? geo.union(settlePieces) : null;
  const settleAfterG = landuse ? after(settleBeforeG, (p) => p.settle) : null;

  // ---- The three lines near the project (the project and all its sub-zones)
  progress('三条控制线', 'the three lines');
  const region = geo.union([P, ...zones.map((z) => z.g)])!;
  const lineNear = (l: LayerRef | null) => (l ? geo.union(geo.clip(l.table, region, []).map((r) => r.g)) : null);
  const eco = lineNear(layers.eco);
  const urban = lineNear(layers.urban);
  const pbfGddb = layers.pbf && hasColumn(db, layers.pbf.table, 'GDDB');
  const pbfFeatures = layers.pbf ? geo.clip<{ GDDB: unknown }>(layers.pbf.table, region, pbfGddb ? ['GDDB'] : []) : [];
  const pbf = geo.union(pbfFeatures.map((r) => r.g));
  for (const [l, zh, en] of [[layers.pbf, '永久基本农田', 'permanent farmland'], [layers.eco, '生态保护红线', 'red line'], [layers.urban, '城镇开发边界', 'urban boundary']] as const) {
    if (!l) notes.push({ zh: `工作空间没有${zh}图层，相关指标按 0 计`, en: `no ${en} layer: its indicators count 0` });
  }

  progress('永久基本农田调整', 'permanent farmland adjustment');
  const outU = geo.union(outZones.map((z) => z.inside));
  const inU = geo.union(inZones.map((z) => z.inside));
  const pbfP = geo.inter(pbf, P);
  const pbfBefore = geo.area(pbfP);
  const outPbf = geo.inter(outU, pbf);
  const O = geo.area(outPbf);
  const I = geo.area(geo.diff(inU, pbf));
  const pbfAfterG = geo.union2(geo.diff(pbf, outU), inU);
  const pbfAfterP = geo.inter(pbfAfterG, P);
  // Grades: 调出 from the 永久基本农田 features' GDDB, 调入 from the sub-zones' GDDB, both area-weighted.
  let outGradeSum = 0, outGradeArea = 0;
  const outPbfLinks: Link[] = [];
  if (outU) {
    for (const f of pbfFeatures) {
      if (!geo.intersects(f.g, outU)) continue;
      const a = geo.area(geo.inter(f.g, outU));
      if (a <= 0) continue;
      outPbfLinks.push({ layerId: layers.pbf!.id, fid: f.fid });
      const gd = numOrNull(f.GDDB);
      if (gd !== null) { outGradeSum += gd * a; outGradeArea += a; }
    }
  }
  let inGradeSum = 0, inGradeArea = 0;
  for (const z of inZones) {
    const a = fig(z).insideM2;
    if (z.gddb !== null && a > 0) { inGradeSum += z.gddb * a; inGradeArea += a; }
  }
  // Area-weighted grades, to 1e-6 of a grade (a weighted mean of equal grades is that grade, not one ulp off).
  const grade = (sum: number, area: number) => (area > 0 ? Math.round((sum / area) * 1e6) / 1e6 : null);
  const outGrade = grade(outGradeSum, outGradeArea);
  const inGrade = grade(inGradeSum, inGradeArea);
  if (inZones.length && inGrade === null) notes.push({ zh: '调入子区未填耕地质量等别 GDDB，等别规则不适用', en: 'moved-in sub-zones have no grade (GDDB): the grade rule does not apply' });
  if (outPbfLinks.length && outGrade === null) notes.push({ zh: '调出的永久基本农田没有耕地等别 GDDB，等别规则不适用', en: 'the permanent farmland moved out has no grade (GDDB): the grade rule does not apply' });
  const perZone = (zs: Subzone[], f: (z: Subzone) => number) => {
    let total = 0;
    const links: Link[] = [];
    for (const z of zs) {
      const a = f(z);
      total += a;
      if (a >= TOL.minArea) links.push(zoneLink(z));
    }
    return { total, links };
  };
  const inNotCult = perZone(inZones, (z) => geo.area(geo.diff(z.inside, cultAfterG)));
  const inUrban = perZone(inZones, (z) => geo.area(geo.inter(z.g, urban)));

  progress('增减挂钩', 'linkage');
  const demolish = ofKind('demolish');
  const newBuild = zones.filter((z) => z.kind === 'new_build');
  const reclaimed = sum(demolish, (r) => r.constructionLossM2);
  const newBuildArea = sum(newBuild, (r) => r.areaM2);
  const newInEco = perZone(newBuild, (z) => geo.area(geo.inter(z.g, eco)));
  const newInPbf = perZone(newBuild, (z) => geo.area(geo.inter(z.g, pbfAfterG)));
  const outside = perZone(zones, (z) => geo.area(geo.diff(z.g, P)));

  progress('冲突与细碎化', 'conflicts and fragmentation');
  const ecoP = geo.inter(eco, P);
  const urbanP = geo.inter(urban, P);
  const cultPatches0 = geo.patches(cultBeforeG), cultPatches1 = geo.patches(cultAfterG);
  const settlePatches0 = geo.patches(settleBeforeG), settlePatches1 = geo.patches(settleAfterG);
  const mean = (a: number, n: number) => (n > 0 ? a / n : null);

  const links = {
    cultivated: changing((r) => r.cultivatedGainM2 + r.cultivatedLossM2),
    construction: changing((r) => r.constructionGainM2 + r.constructionLossM2),
    adjust: [...outZones, ...inZones].map(zoneLink),
    linkage: [...demolish, ...newBuild].map(zoneLink),
  };
  const v = (value: number | null, features: Link[] = [], before: number | null = null, after: number | null = null): IndicatorValue => ({ before, after, value, features });
  const ba = (before: number | null, after: number | null, features: Link[] = []): IndicatorValue =>
    ({ before, after, value: before === null || after === null ? null : after - before, features });
  const gainOf = (...kinds: SubzoneKind[]) => { const zs = ofKind(...kinds); return v(sum(zs, (r) => r.cultivatedGainM2), zs.filter((z) => fig(z).cultivatedGainM2 > 0).map(zoneLink)); };
  const known = new Set<SubzoneKind>(['demolish', 'industrial_reclaim', 'farmland', 'hq_farmland']);
  const otherGain = works.filter((z) => z.kind === null || !known.has(z.kind));

  const indicators: Record<string, IndicatorValue> = {
    project_area: v(attrs.areaM2, projectLinks),
    subzone_count: v(zones.length, zones.map(zoneLink)),
    cultivated: ba(landuse ? cult0 : null, landuse ? cult1 : null, links.cultivated),
    cultivated_gain: v(landuse ? gain : null, changing((r) => r.cultivatedGainM2)),
    cultivated_gain_demolish: gainOf('demolish'),
    cultivated_gain_industrial: gainOf('industrial_reclaim'),
    cultivated_gain_farmland: gainOf('farmland', 'hq_farmland'),
    cultivated_gain_other: v(sum(otherGain, (r) => r.cultivatedGainM2), otherGain.filter((z) => fig(z).cultivatedGainM2 > 0).map(zoneLink)),
    cultivated_loss: v(landuse ? loss : null, changing((r) => r.cultivatedLossM2)),
    cultivated_net: v(landuse ? gain - loss : null, links.cultivated),
    cultivated_net_ratio: v(landuse ? ratio(gain - loss, cult0) : null, [...projectLinks, ...links.cultivated]),
    pbf: ba(layers.pbf ? pbfBefore : null, layers.pbf ? pbfBefore - O + I : null, links.adjust),
    pbf_out: v(O, [...outZones.map(zoneLink), ...outPbfLinks]),
    pbf_in: v(I, inZones.map(zoneLink)),
    pbf_net: v(I - O, links.adjust),
    pbf_net_ratio: v(O > 0 ? (I - O) / O : null, links.adjust),
    pbf_out_share: v(O > 0 ? ratio(O, pbfBefore) : null, [...outZones.map(zoneLink), ...outPbfLinks]),
    pbf_out_not_pbf: v(geo.area(geo.diff(outU, pbf)), outZones.filter((z) => geo.area(geo.diff(z.inside, pbf)) >= TOL.minArea).map(zoneLink)),
    pbf_in_already: v(geo.area(geo.inter(inU, pbf)), inZones.filter((z) => geo.area(geo.inter(z.inside, pbf)) >= TOL.minArea).map(zoneLink)),
    pbf_in_not_cultivated: v(inZones.length ? inNotCult.total : null, inNotCult.links.length ? inNotCult.links : inZones.map(zoneLink)),
    pbf_in_urban: v(inZones.length ? inUrban.total : null, inUrban.links.length ? inUrban.links : inZones.map(zoneLink)),
    pbf_out_grade: v(outGrade, outPbfLinks),
    pbf_in_grade: v(inGrade, inZones.map(zoneLink)),
    pbf_grade_drop: v(outGrade !== null && inGrade !== null ? inGrade - outGrade : null, [...inZones.map(zoneLink), ...outPbfLinks]),
    construction: ba(landuse ? constr0 : null, landuse ? constr1 : null, links.construction),
    demolish_area: v(sum(demolish, (r) => r.effectiveM2), demolish.map(zoneLink)),
    demolish_reclaimed: v(landuse ? reclaimed : null, demolish.map(zoneLink)),
    new_build_area: v(newBuildArea, newBuild.map(zoneLink)),
    linkage_ratio: v(demolish.length || newBuild.length ? ratio(newBuildArea, reclaimed) : null, links.linkage),
    linkage_surplus: v(demolish.length || newBuild.length ? reclaimed - newBuildArea : null, links.linkage),
    construction_change: v(landuse ? cGain - cLoss : null, links.construction),
    new_build_in_eco: v(newBuild.length ? newInEco.total : null, newInEco.links.length ? newInEco.links : newBuild.map(zoneLink)),
    new_build_in_pbf: v(newBuild.length ? newInPbf.total : null, newInPbf.links.length ? newInPbf.links : newBuild.map(zoneLink)),
    subzones_outside: v(zones.length ? outside.total : null, outside.links.length ? outside.links : projectLinks),
    eco_area: v(geo.area(ecoP), projectLinks),
    urban_area: v(geo.area(urbanP), projectLinks),
    construction_in_eco: ba(geo.area(geo.inter(constrBeforeG, ecoP)), geo.area(geo.inter(constrAfterG, ecoP)), links.construction),
    construction_in_urban: ba(geo.area(geo.inter(constrBeforeG, urbanP)), geo.area(geo.inter(constrAfterG, urbanP)), links.construction),
    pbf_eco_conflict: ba(geo.area(geo.inter(pbfP, ecoP)), geo.area(geo.inter(pbfAfterP, ecoP)), links.adjust),
    pbf_urban_conflict: ba(geo.area(geo.inter(pbfP, urbanP)), geo.area(geo.inter(pbfAfterP, urbanP)), links.adjust),
    cultivated_patches: ba(landuse ? cultPatches0 : null, landuse ? cultPatches1 : null, links.cultivated),
    cultivated_mean_patch: ba(landuse ? mean(cult0, cultPatches0) : null, landuse ? mean(cult1, cultPatches1) : null, links.cultivated),
    settlement: ba(landuse ? settle0 : null, landuse ? settle1 : null, changing((r) => r.constructionLossM2 + r.constructionGainM2)),
    settlement_patches: ba(landuse ? settlePatches0 : null, landuse ? settlePatches1 : null),
    settlement_mean_patch: ba(landuse ? mean(settle0, settlePatches0) : null, landuse ? mean(settle1, settlePatches1) : null),
    subzone_overlap: v(overlap, overlapping.map(zoneLink)),
    landuse_gap: v(landuse ? gap : null, projectLinks),
  };
  for (const d of INDICATORS) if (!indicators[d.id]) throw new Error(`indicator ${d.id} not computed`);

  const parts = PARTS.map((part) => {
    const zs = works.filter((z) => z.part === part);
    return {
      part, count: zs.length, areaM2: sum(zs, (r) => r.effectiveM2), cultivatedGainM2: sum(zs, (r) => r.cultivatedGainM2),
      cultivatedNetM2: sum(zs, (r) => r.cultivatedGainM2 - r.cultivatedLossM2),
    };
  });
  hooks.onProgress?.(1, `${code}: 完成 / done`);
  return { project: attrs, indicators, subzones: results, parts, notes, durationMs: performance.now() - started };
}
