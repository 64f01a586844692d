// Comparing two schemes (方案比选, docs/schemes.md "Change detection"). Per layer: features added, removed, reshaped
// (same fid, other geometry) and re-attributed (same geometry, other attributes), found by joining the two tables
// on fid; then the area the layer gained and lost. With U_A, U_B the unions of the layer in the two schemes and
// S the features identical in both, U_B − U_A = ∪(changed in B) − U_A, so only the changed features and the
// features of A around them take part: a draft that moves one boundary costs one small overlay, whatever the size
// of the layer. Pieces are split by admin unit for the change table; before per unit is the area of the layer's
// features in A within the unit (the covered area when they do not overlap), after = before + gained − lost.
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import type { ChangeKind, DiffLevel } from '../../../shared/contract/schemes.js';
import type { AttributeValue } from '../../../shared/domain/attribute-policies.js';
import { quoteId } from '../editing/features.js';
import { ellipsoidalArea } from '../overlay/ellipsoid.js';
import { interiorPoint, parsePolygons } from '../overlay/geom.js';
import { schemeLayerRows, type LayerRow } from '../workspace/layer-registry.js';

/** Coordinates are snapped to this grid (m) before the overlay, as the checks do (docs/checks.md). */
export const DIFF_GRID = 0.001;
/** Pieces below this area (m²) are overlay noise, not changes. */
const MIN_PIECE_M2 = 1e-6;

export interface DiffOptions {
  from: number;
  to: number;
  layerIds?: number[];
  isCancelled?: () => boolean;
  progress?: (fraction: number, message: string) => void;
}

export interface LayerDiffData {
  layerId: number; key: string; name: string; nameEn: string; kind: string; shared: boolean;
  added: number[]; removed: number[]; reshaped: number[]; reattributed: number[];
  beforeM2: number | null; afterM2: number | null; gainedM2: number; lostM2: number;
}

export interface UnitDiffData {
  level: DiffLevel; code: string | null; name: string; layerId: number;
  beforeM2: number; afterM2: number; gainedM2: number; lostM2: number;
}

export interface ChangeData {
  id: number; layerId: number; layerKey: string; kind: ChangeKind; areaM2: number; planarM2: number; fids: number[];
  county: string | null; town: string | null; townCode: string | null; village: string | null; villageCode: string | null;
  fields: { name: string; before: AttributeValue; after: AttributeValue }[];
  /** Workspace CRS and lon/lat WKB. */
  wkb: Uint8Array; ll: Uint8Array | null;
}

export interface DiffData { layers: LayerDiffData[]; units: UnitDiffData[]; changes: ChangeData[] }

interface UnitLayer { level: DiffLevel; table: string; code: string; name: string }

const UNIT_KINDS: { kind: string; level: DiffLevel; code: string; name: string }[] = [
  { kind: 'county', level: 'county', code: 'XZQDM', name: 'XZQMC' },
  { kind: 'town', level: 'town', code: 'XZQDM', name: 'XZQMC' },
  { kind: 'village', level: 'village', code: 'ZLDWDM', name: 'ZLDWMC' },
];

export function diffSchemes(db: Db, srid: number, opts: DiffOptions): DiffData {
  if (opts.from === opts.to) throw new WorkbenchError('BAD_REQUEST', '请选择两个不同的方案 / choose two different schemes');
  const a = schemeLayerRows(db, opts.from), b = schemeLayerRows(db, opts.to);
  if (!a.length && !b.length) return { layers: [], units: [], changes: [] };
  const bById = new Map(b.map((l) => [l.id, l]));
  const wanted = a.filter((l) => /POLYGON/i.test(l.geometry_type) && (!opts.layerIds || opts.layerIds.includes(l.id)));
  for (const id of opts.layerIds ?? []) if (!wanted.some((l) => l.id === id)) throw new WorkbenchError('UNKNOWN_LAYER', `No polygon layer with id ${id} in this workspace`);
  // Units come from the target scheme (admin layers are normally shared by every scheme).
  const unitLayers: UnitLayer[] = [];
  for (const u of UNIT_KINDS) {
    const l = b.find((x) => x.kind === u.kind);
    if (l && l.feature_count > 0) unitLayers.push({ level: u.level, table: l.table_name, code: u.code, name: u.name });
  }
  const ctx = new DiffContext(db, srid, unitLayers);
  const layers: LayerDiffData[] = [];
  wanted.forEach((la, i) => {
    if (opts.isCancelled?.()) throw new WorkbenchError('CANCELLED', 'cancelled');
    opts.progress?.(i / wanted.length, la.name);
    const lb = bById.get(la.id)!;
    layers.push(ctx.layer(la, lb));
  });
  opts.progress?.(1, '');
  ctx.changes.sort((x, y) => y.areaM2 - x.areaM2 || x.id - y.id);
  return { layers, units: ctx.unitRows(), changes: ctx.changes };
}

class DiffContext {
  readonly changes: ChangeData[] = [];
  private readonly units = new Map<string, UnitDiffData>();
  private nextId = 1;

  constructor(private readonly db: Db, private readonly srid: number, private readonly unitLayers: UnitLayer[]) {}

  private area(wkb: Uint8Array | null): number {
    return wkb ? ellipsoidalArea(parsePolygons(wkb), this.srid) : 0;
  }

  layer(la: LayerRow, lb: LayerRow): LayerDiffData {
    const base = { layerId: la.id, key: la.key, name: la.name, nameEn: la.name_en, kind: la.kind };
    if (la.table_name === lb.table_name) {
      return { ...base, shared: true, added: [], removed: [], reshaped: [], reattributed: [], beforeM2: null, afterM2: null, gainedM2: 0, lostM2: 0 };
    }
    const A = quoteId(la.table_name), B = quoteId(lb.table_name);
    const { added, removed, reshaped, reattributed, columns: cols } = featureChanges(this.db, la.table_name, lb.table_name);
    const gained = this.pieces(lb.table_name, [...added, ...reshaped], la.table_name);
    const lost = this.pieces(la.table_name, [...removed, ...reshaped], lb.table_name);
    let gainedM2 = 0, lostM2 = 0;
    const touched = new Map<string, { level: DiffLevel; code: string | null; name: string; geom: Buffer | null }>();
    for (const [kind, pieces] of [['gained', gained], ['lost', lost]] as const) {
      for (const p of pieces) {
        const m2 = this.area(p.wkb);
        if (kind === 'gained') gainedM2 += m2; else lostM2 += m2;
        this.record(la, kind, p.wkb, p.fids, m2, []);
        for (const s of this.splitByUnits(p.wkb)) {
          const k = `${s.level}|${s.code ?? ''}`;
          if (!touched.has(k)) touched.set(k, { level: s.level, code: s.code, name: s.name, geom: s.unitGeom });
          const row = this.unitRow(la.id, s.level, s.code, s.name);
          if (kind === 'gained') row.gainedM2 += s.m2; else row.lostM2 += s.m2;
        }
      }
    }
    for (const fid of reattributed) {
      const fields = this.db.prepare(`SELECT ${cols.map((c) => `a.${quoteId(c)} AS ${quoteId('a_' + c)}, b.${quoteId(c)} AS ${quoteId('b_' + c)}`).join(', ')},
          AsBinary(b.geom) wkb FROM ${B} b JOIN ${A} a ON a.fid = b.fid WHERE b.fid = ?`).get(fid) as Record<string, AttributeValue | Buffer>;
      const changed = cols.filter((c) => fields['a_' + c] !== fields['b_' + c])
        .map((c) => ({ name: c, before: fields['a_' + c] as AttributeValue, after: fields['b_' + c] as AttributeValue }));
      const wkb = fields.wkb as Buffer | null;
      if (wkb) this.record(la, 'attributes', wkb, [fid], this.area(wkb), changed);
    }
    // Before per touched unit: the union of the layer in A, clipped to the unit.
    for (const u of touched.values()) {
      const row = this.unitRow(la.id, u.level, u.code, u.name);
      row.beforeM2 = u.geom ? this.coveredIn(la.table_name, u.geom) : 0;
    }
    // The layer's total only when its area changed (a scan of every feature: seconds on 200,000 parcels).
    const beforeM2 = gained.length || lost.length ? this.coveredIn(la.table_name, null) : null;
    return {
      ...base, shared: false, added, removed, reshaped, reattributed,
      beforeM2, afterM2: beforeM2 === null ? null : beforeM2 + gainedM2 - lostM2, gainedM2, lostM2,
    };
  }

  /**
   * (∪ of `fids` in `table`) − (∪ of the features of `other` that meet it), as polygons, each with the fids of
   * `table` it came from.
   */
  private pieces(table: string, fids: number[], other: string): { wkb: Buffer; fids: number[] }[] {
    if (!fids.length) return [];
    const T = quoteId(table), O = quoteId(other), idx = quoteId(`idx_${other}_geom`);
    const g = DIFF_GRID;
    const r = this.db.prepare(`WITH ch AS (SELECT CollectionExtract(ST_Union(ST_SnapToGrid(geom, ${g})), 3) u FROM ${T} WHERE fid IN (SELECT value FROM json_each(?)) AND geom IS NOT NULL),
        ot AS (SELECT CollectionExtract(ST_Union(ST_SnapToGrid(o.geom, ${g})), 3) u FROM ${O} o, ch
          WHERE o.ROWID IN (SELECT pkid FROM ${idx} WHERE xmin <= MbrMaxX(ch.u) AND xmax >= MbrMinX(ch.u) AND ymin <= MbrMaxY(ch.u) AND ymax >= MbrMinY(ch.u))
            AND ST_Intersects(o.geom, ch.u))
      SELECT AsBinary(CastToMultiPolygon(CASE WHEN ot.u IS NULL THEN ch.u ELSE CollectionExtract(ST_Difference(ch.u, ot.u), 3) END)) d FROM ch, ot`)
      .get(JSON.stringify(fids)) as { d: Buffer | null } | undefined;

    if (!r?.d) return [];
    const out: { wkb: Buffer; fids: number[] }[] = [];
    const n = (this.db.prepare(`SELECT NumGeometries(GeomFromWKB(?, ${this.srid})) n`).get(r.d) as { n: number | null }).n ?? 0;
    const part = this.db.prepare(`SELECT AsBinary(CastToMultiPolygon(GeometryN(GeomFromWKB(?, ${this.srid}), CAST(? AS INTEGER)))) p`).pluck();
    const sources = this.db.prepare(`SELECT fid FROM ${T} WHERE fid IN (SELECT value FROM json_each(?)) AND ST_Intersects(geom, GeomFromWKB(?, ${this.srid}))
      AND ST_Area(ST_Intersection(geom, GeomFromWKB(?, ${this.srid}))) > 0 ORDER BY fid`).pluck();
    for (let i = 1; i <= n; i++) {
      const p = part.get(r.d, i) as Buffer | null;
      if (!p) continue;
      const polys = parsePolygons(p);
      if (!polys.length) continue;
      out.push({ wkb: p, fids: sources.all(JSON.stringify(fids), p, p) as number[] });
    }
    return out.filter((p) => this.area(p.wkb) >= MIN_PIECE_M2);
  }

  private splitByUnits(wkb: Buffer): { level: DiffLevel; code: string | null; name: string; m2: number; unitGeom: Buffer | null }[] {
    const out: { level: DiffLevel; code: string | null; name: string; m2: number; unitGeom: Buffer | null }[] = [];
    const total = this.area(wkb);
    for (const u of this.unitLayers) {
      const U = quoteId(u.table), idx = quoteId(`idx_${u.table}_geom`);
      const rows = this.db.prepare(`SELECT "${u.code}" code, "${u.name}" name, geom unit,
          AsBinary(CollectionExtract(ST_Intersection(ST_SnapToGrid(geom, ${DIFF_GRID}), p.g), 3)) x
        FROM ${U}, (SELECT GeomFromWKB(?, ${this.srid}) g) p
        WHERE ${U}.ROWID IN (SELECT pkid FROM ${idx} WHERE xmin <= MbrMaxX(p.g) AND xmax >= MbrMinX(p.g) AND ymin <= MbrMaxY(p.g) AND ymax >= MbrMinY(p.g))
          AND ST_Intersects(geom, p.g)`).all(wkb) as { code: string | null; name: string | null; unit: Buffer; x: Buffer | null }[];
      let inside = 0;
      for (const r of rows) {
        const m2 = this.area(r.x);
        if (m2 <= 0) continue;
        inside += m2;
        out.push({ level: u.level, code: r.code ?? null, name: r.name ?? r.code ?? '?', m2, unitGeom: r.unit });
      }
      // What no unit of this level covers (outside the district, or a gap in the admin layer) is reported as such.
      if (total - inside > MIN_PIECE_M2 && total - inside > total * 1e-9) {
        out.push({ level: u.level, code: null, name: '区域外 / outside', m2: total - inside, unitGeom: null });
      }
    }
    return out;
  }

  /**
   * Ellipsoidal area of a layer's features within `unit` (SpatiaLite blob) or everywhere: the sum of the features'
   * areas, which is the area the layer covers when its features do not overlap each other (the checks report
   * overlaps). A union would cost a full overlay of a 200,000-parcel layer for one number; this is one scan.
   * Features inside the unit are taken whole (prepared CoveredBy), only those across its boundary are clipped.
   */
  private coveredIn(table: string, unit: Buffer | null): number {
    const T = quoteId(table), idx = quoteId(`idx_${table}_geom`);
    const rows = unit
      ? this.db.prepare(`SELECT CASE WHEN ST_CoveredBy(t.geom, @u) THEN AsBinary(t.geom)
            ELSE AsBinary(CollectionExtract(ST_Intersection(t.geom, @u), 3)) END w
          FROM ${T} t WHERE t.ROWID IN (SELECT pkid FROM ${idx} WHERE xmin <= MbrMaxX(@u) AND xmax >= MbrMinX(@u) AND ymin <= MbrMaxY(@u) AND ymax >= MbrMinY(@u))
          AND ST_Intersects(t.geom, @u)`).pluck().iterate({ u: unit })
      : this.db.prepare(`SELECT AsBinary(geom) FROM ${T} WHERE geom IS NOT NULL`).pluck().iterate();
    let sum = 0;
    for (const w of rows as Iterable<Buffer | null>) sum += this.area(w);
    return sum;
  }

  private unitRow(layerId: number, level: DiffLevel, code: string | null, name: string): UnitDiffData {
    const k = `${layerId}|${level}|${code ?? ''}`;
    let row = this.units.get(k);
    if (!row) this.units.set(k, row = { level, code, name, layerId, beforeM2: 0, afterM2: 0, gainedM2: 0, lostM2: 0 });
    return row;
  }

  unitRows(): UnitDiffData[] {
    const order: Record<DiffLevel, number> = { county: 0, town: 1, village: 2 };
    return [...this.units.values()].map((u) => ({ ...u, afterM2: u.beforeM2 + u.gainedM2 - u.lostM2 }))
      .sort((x, y) => order[x.level] - order[y.level] || x.layerId - y.layerId || (x.code ?? '\uffff').localeCompare(y.code ?? '\uffff'));
  }

  private record(layer: LayerRow, kind: ChangeKind, wkb: Buffer, fids: number[], m2: number, fields: ChangeData['fields']): void {
    const polys = parsePolygons(wkb);
    const planarM2 = (this.db.prepare(`SELECT ST_Area(GeomFromWKB(?, ${this.srid})) a`).get(wkb) as { a: number }).a;
    const where = this.locate(interiorPoint(polys));
    const ll = (this.db.prepare(`SELECT AsBinary(ST_Transform(GeomFromWKB(?, ${this.srid}), ${CGCS2000_GEOGRAPHIC})) ll`).get(wkb) as { ll: Buffer | null }).ll;
    this.changes.push({ id: this.nextId++, layerId: layer.id, layerKey: layer.key, kind, areaM2: m2, planarM2, fids, ...where, fields, wkb, ll });
  }

  private locate(pt: [number, number] | null): { county: string | null; town: string | null; townCode: string | null; village: string | null; villageCode: string | null } {
    const out = { county: null as string | null, town: null as string | null, townCode: null as string | null, village: null as string | null, villageCode: null as string | null };
    if (!pt) return out;
    for (const u of this.unitLayers) {
      const U = quoteId(u.table), idx = quoteId(`idx_${u.table}_geom`);
      const r = this.db.prepare(`SELECT "${u.code}" code, "${u.name}" name FROM ${U} WHERE ${U}.ROWID IN (SELECT pkid FROM ${idx} WHERE xmin <= @x AND xmax >= @x AND ymin <= @y AND ymax >= @y)
        AND ST_Contains(geom, MakePoint(@x, @y, ${this.srid})) LIMIT 1`).get({ x: pt[0], y: pt[1] }) as { code: string | null; name: string | null } | undefined;
      if (!r) continue;
      if (u.level === 'county') out.county = r.name;
      else if (u.level === 'town') { out.town = r.name; out.townCode = r.code; }
      else { out.village = r.name; out.villageCode = r.code; }
    }
    return out;
  }
}

/** Features of table `b` against table `a` of the same layer, matched by fid. */
export function featureChanges(db: Db, a: string, b: string): { added: number[]; removed: number[]; reshaped: number[]; reattributed: number[]; columns: string[] } {
  const A = quoteId(a), B = quoteId(b);
  const pluck = (sql: string) => db.prepare(sql).pluck().all() as number[];
  const columns = commonColumns(db, a, b);
  return {
    added: pluck(`SELECT fid FROM ${B} WHERE fid NOT IN (SELECT fid FROM ${A}) ORDER BY fid`),
    removed: pluck(`SELECT fid FROM ${A} WHERE fid NOT IN (SELECT fid FROM ${B}) ORDER BY fid`),
    reshaped: pluck(`SELECT b.fid FROM ${B} b JOIN ${A} a ON a.fid = b.fid WHERE a.geom IS NOT b.geom ORDER BY b.fid`),
    reattributed: columns.length
      ? pluck(`SELECT b.fid FROM ${B} b JOIN ${A} a ON a.fid = b.fid WHERE a.geom IS b.geom AND (${columns.map((c) => `a.${quoteId(c)} IS NOT b.${quoteId(c)}`).join(' OR ')}) ORDER BY b.fid`)
      : [],
    columns,
  };
}

function commonColumns(db: Db, a: string, b: string): string[] {
  const cols = (t: string) => (db.prepare(`PRAGMA table_info(${quoteId(t)})`).all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'fid' && c !== 'geom');
  const inB = new Set(cols(b));
  return cols(a).filter((c) => inB.has(c));
}
