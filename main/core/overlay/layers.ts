// Which tables play which role in a check, read from the workspace's layer registry, and the SQL fragments every
// check shares: the snapped (and, for invalid features, repaired) geometry and the R*Tree candidate filter.
import type { LayerKindId } from '../../../shared/domain/layer-kinds.js';
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { schemeLayerRows } from '../workspace/layer-registry.js';

export interface LayerRef {
  id: number;
  /** The SQL table holding the layer's features in the scheme checked. */
  table: string;
  /** The layer's name across schemes (its baseline table): what findings and layer pairs record. */
  key: string;
  kind: LayerKindId;
  name: string;
  featureCount: number;
}

export interface Roles {
  eco?: LayerRef;
  farmland?: LayerRef;
  urban?: LayerRef;
  landuse?: LayerRef;
  county?: LayerRef;
  town?: LayerRef;
  village?: LayerRef;
  all: LayerRef[];
}

export const LINE_KINDS = ['eco_redline', 'permanent_farmland', 'urban_boundary'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export function readLayers(db: Db, schemeId: number): LayerRef[] {
  return schemeLayerRows(db, schemeId).map((r) => ({
    id: r.id, table: r.table_name, key: r.key, kind: r.kind as LayerKindId, name: r.name,
    featureCount: (db.prepare(`SELECT COUNT(*) n FROM "${r.table_name}"`).get() as { n: number }).n,
  }));
}

export function resolveRoles(db: Db, schemeId: number): Roles {
  const all = readLayers(db, schemeId);
  const first = (k: LayerKindId) => all.find((l) => l.kind === k);
  return {
    eco: first('eco_redline'), farmland: first('permanent_farmland'), urban: first('urban_boundary'), landuse: first('landuse'),
    county: first('county'), town: first('town'), village: first('village'), all,
  };
}

export function layerByTable(roles: Roles, table: string): LayerRef {
  const l = roles.all.find((x) => x.key === table) ?? roles.all.find((x) => x.table === table);
  if (!l) throw new WorkbenchError('UNKNOWN_LAYER', `没有图层 / No layer "${table}" in this workspace`, table);
  return l;
}

/**
 * Refuses layers not in the workspace CRS (a clear error instead of wrong areas). SpatiaLite's geometry-column
 * triggers reject any geometry whose SRID differs from the column's, so the column's declared SRID is the answer.
 */
export function assertLayerCrs(db: Db, table: string, srid: number): void {
  const col = db.prepare('SELECT srid FROM geometry_columns WHERE lower(f_table_name) = lower(?) AND lower(f_geometry_column) = \'geom\'').get(table) as { srid: number } | undefined;
  if (!col) throw new WorkbenchError('BAD_REQUEST', `图层 ${table} 没有注册的几何列 geom / layer ${table} has no registered geometry column "geom"`, table);
  if (col.srid !== srid) {
    const n = (db.prepare(`SELECT COUNT(*) n FROM "${table}" WHERE geom IS NOT NULL`).get() as { n: number }).n;
    throw new WorkbenchError('UNSUPPORTED_CRS',
      `图层 ${table} 的 ${n} 个要素不在工作空间坐标系 EPSG:${srid}（而是 EPSG:${col.srid}）/ layer ${table} has ${n} features in EPSG:${col.srid}, not the workspace CRS; re-import it in EPSG:${srid}`, table);
  }
}

export function hasColumn(db: Db, table: string, column: string): boolean {
  return (db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column)) !== undefined;
}

/** SQL for a feature's geometry under the precision model: snapped to the grid; repaired when in the bad set. */
export function snapExpr(alias: string, grid: number, badTable?: string): string {
  const g = `ST_SnapToGrid(${alias}.geom, ${grid})`;
  return badTable ? `(CASE WHEN ${alias}.fid IN (SELECT fid FROM ${badTable}) THEN CollectionExtract(MakeValid(${g}), 3) ELSE ${g} END)` : g;
}

/** Candidate filter through the layer's SpatiaLite R*Tree (idx_<table>_geom) for a box given as SQL expressions. */
export function rtreeFilter(table: string, rowidExpr: string, box: { x0: string; y0: string; x1: string; y1: string }): string {
  return `${rowidExpr} IN (SELECT pkid FROM "idx_${table}_geom" WHERE xmin <= ${box.x1} AND xmax >= ${box.x0} AND ymin <= ${box.y1} AND ymax >= ${box.y0})`;
}
