// Where findings go: measured (planar and ellipsoidal area), placed (town and village at an interior point), given a
// fingerprint for comparing runs, and written to sx_findings in batches, each batch one short transaction so that
// two workers can write into the same workspace (WAL) while reading it.
import type { FindingType } from '../../../shared/contract/schemas.js';
import type { Db } from '../db/spatialite.js';
import type { AdminLocator } from './admin.js';
import type { EllipsoidalFactor } from './ellipsoid.js';
import { bboxOf, interiorPoint, multiPolygonWkb, polygonArea, type Polygon } from './geom.js';

export type Severity = 'error' | 'warning' | 'info';

export interface NewFinding {
  type: FindingType;
  severity: Severity;
  layers: string[];
  featureIds: number[][];
  polys: Polygon[];
  dlbm?: string | null;
  detail: string;
  suggestion?: string | null;
  /** Area to report when the polygons are not the measure (an invalid feature: the area of its repair). */
  areaOverride?: number;
}

export interface TypeTotal { count: number; areaM2: number; areaEllipsoidalM2: number }

export function ellipsoidalArea(polys: Polygon[], factor: EllipsoidalFactor): number {
  let s = 0;
  for (const p of polys) {
    const b = bboxOf([p]);
    if (!b) continue;
    s += polygonArea(p) * factor((b[0] + b[2]) / 2, (b[1] + b[3]) / 2);
  }
  return s;
}

export class FindingSink {
  private batch: unknown[][] = [];
  readonly totals = new Map<string, TypeTotal>();
  private readonly insert;
  /** SQL table → the layer's key: findings name layers the same way in every scheme (runs compare across schemes). */
  private readonly keys: Map<string, string>;
  count = 0;

  constructor(
    private readonly db: Db,
    private readonly runId: number,
    private readonly srid: number,
    private readonly admin: AdminLocator,
    private readonly factor: EllipsoidalFactor,
    private readonly batchSize = 500,
  ) {
    this.insert = db.prepare(`INSERT INTO sx_findings (run_id, type, severity, layers_json, fids_json, area_m2, area_ell_m2,
      town, town_code, village, village_code, dlbm, detail, suggestion, fingerprint, minx, miny, maxx, maxy, geom)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, GeomFromWKB(?, ${Math.trunc(srid)}))`);
    this.keys = new Map((db.prepare('SELECT t.table_name, l.table_name AS key FROM sx_layer_tables t JOIN sx_layers l ON l.id = t.layer_id').all() as
      { table_name: string; key: string }[]).map((r) => [r.table_name, r.key]));
  }

  add(finding: NewFinding): void {
    const f = { ...finding, layers: finding.layers.map((t) => this.keys.get(t) ?? t) };
    const planar = f.areaOverride ?? f.polys.reduce((s, p) => s + polygonArea(p), 0);
    let ell = ellipsoidalArea(f.polys, this.factor);
    if (f.areaOverride !== undefined) {
      const b = bboxOf(f.polys);
      ell = b ? f.areaOverride * this.factor((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) : f.areaOverride;
    }
    const pt = interiorPoint(f.polys);
    const where = pt ? this.admin.locate(pt[0], pt[1]) : {};
    const bbox = bboxOf(f.polys);
    const fidsKey = f.featureIds.map((ids) => [...ids].sort((a, b) => a - b).join('+')).join('|');
    // Featureless findings (gaps) are keyed by where they are: their interior point on a 1 m grid.
    const fp = `${f.type}|${f.layers.join(',')}|${fidsKey}|${f.dlbm ?? ''}` +
      (f.featureIds.every((ids) => ids.length === 0) && pt ? `|${Math.round(pt[0])},${Math.round(pt[1])}` : '');
    this.batch.push([this.runId, f.type, f.severity, JSON.stringify(f.layers), JSON.stringify(f.featureIds), planar, ell,
      where.town?.name ?? null, where.town?.code ?? null, where.village?.name ?? null, where.village?.code ?? null,
      f.dlbm ?? null, f.detail, f.suggestion ?? null, fp,
      bbox?.[0] ?? null, bbox?.[1] ?? null, bbox?.[2] ?? null, bbox?.[3] ?? null, multiPolygonWkb(f.polys)]);
    const t = this.totals.get(f.type) ?? { count: 0, areaM2: 0, areaEllipsoidalM2: 0 };
    t.count++;
    t.areaM2 += planar;
    t.areaEllipsoidalM2 += ell;
    this.totals.set(f.type, t);
    this.count++;
    if (this.batch.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (!this.batch.length) return;
    const rows = this.batch;
    this.batch = [];
    this.db.transaction(() => { for (const r of rows) this.insert.run(...r); })();
  }

  totalsObject(): Record<string, TypeTotal> {
    return Object.fromEntries(this.totals);
  }
}
