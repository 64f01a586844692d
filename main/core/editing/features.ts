// Reading and writing one layer's features for editing: images (geometry WKB + every attribute column) in and out,
// with explicit fids so undo can bring a deleted feature back under its own id. Attribute columns are read from
// the table itself, not only from the layer kind, so a column someone added in QGIS survives an edit and its undo.
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import type { AttributeValue } from '../../../shared/domain/attribute-policies.js';
import type { Db, Stmt } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { readPolygons, type MultiPolygon } from './geometry.js';

export type Attributes = Record<string, AttributeValue>;

/** A feature as the edit log records it. `wkb` is AsBinary(geom) (null for a feature without geometry). */
export interface FeatureImage { wkb: Buffer | null; attrs: Attributes }

export class LayerTable {
  readonly columns: string[];
  private readonly selectOne: Stmt;
  private readonly insertStmt: Stmt;
  private readonly deleteStmt: Stmt;
  private readonly updateGeomStmt: Stmt;
  private readonly existsStmt: Stmt;

  constructor(private readonly db: Db, readonly layer: LayerInfo, readonly srid: number) {
    if (!/MULTIPOLYGON/i.test(layer.geometryType)) {
      throw new WorkbenchError('BAD_REQUEST', `图层“${layer.name}”不是面图层，不能编辑 / layer ${layer.nameEn} is not a polygon layer`);
    }
    const t = quoteId(layer.table);
    const info = db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[];
    this.columns = info.map((c) => c.name).filter((c) => c !== 'fid' && c !== 'geom');
    const cols = this.columns.map(quoteId);
    this.selectOne = db.prepare<unknown[]>(`SELECT ${[...cols, 'AsBinary(geom) AS "__wkb"'].join(', ')} FROM ${t} WHERE fid = ?`);
    this.insertStmt = db.prepare<unknown[]>(`INSERT INTO ${t} (${['fid', ...cols, 'geom'].join(', ')})
      VALUES (${['?', ...cols.map(() => '?'), `GeomFromWKB(?, ${Math.trunc(srid)})`].join(', ')})`);
    this.deleteStmt = db.prepare<unknown[]>(`DELETE FROM ${t} WHERE fid = ?`);
    this.updateGeomStmt = db.prepare<unknown[]>(`UPDATE ${t} SET geom = GeomFromWKB(?, ${Math.trunc(srid)}) WHERE fid = ?`);
    this.existsStmt = db.prepare<unknown[]>(`SELECT 1 FROM ${t} WHERE fid = ?`);
  }

  get table(): string {
    return this.layer.table;
  }

  /** A short name for messages: 三调地类图斑 #12 / 三调 land-use parcels #12. */
  label(fid: number): { zh: string; en: string } {
    return { zh: `${this.layer.name} #${fid}`, en: `${this.layer.nameEn} #${fid}` };
  }

  exists(fid: number): boolean {
    return this.existsStmt.get(fid) !== undefined;
  }

  read(fid: number): FeatureImage | undefined {
    const row = this.selectOne.get(fid) as Record<string, AttributeValue | Buffer> | undefined;
    if (!row) return undefined;
    const attrs: Attributes = {};
    for (const c of this.columns) attrs[c] = row[c] as AttributeValue;
    return { wkb: (row.__wkb as Buffer | null) ?? null, attrs };
  }

  /** The feature's image; a missing feature is an error naming it. */
  require(fid: number): FeatureImage {
    const img = this.read(fid);
    if (!img) {
      const l = this.label(fid);
      throw new WorkbenchError('UNKNOWN_FEATURE', `要素不存在：${l.zh} / No such feature: ${l.en}`, `${this.table} fid ${fid}`);
    }
    return img;
  }

  geometry(fid: number): MultiPolygon {
    const img = this.require(fid);
    if (!img.wkb) {
      const l = this.label(fid);
      throw new WorkbenchError('BAD_REQUEST', `${l.zh} 没有几何 / ${l.en} has no geometry`, `${this.table} fid ${fid}`);
    }
    return readPolygons(img.wkb);
  }

  /** Inserts a feature; fid null lets SQLite pick the next one (AUTOINCREMENT never reuses an undone fid). */
  insert(fid: number | null, attrs: Attributes, wkb: Buffer | null): number {
    const values = this.columns.map((c) => normalizeValue(attrs[c]));
    const r = this.insertStmt.run(fid, ...values, wkb);
    return Number(r.lastInsertRowid);
  }

  updateGeometry(fid: number, wkb: Buffer | null): void {
    this.updateGeomStmt.run(wkb, fid);
  }

  updateAttributes(fid: number, attrs: Attributes): void {
    const names = Object.keys(attrs).filter((n) => this.columns.includes(n));
    if (!names.length) return;
    this.db.prepare<unknown[]>(`UPDATE ${quoteId(this.table)} SET ${names.map((n) => `${quoteId(n)} = ?`).join(', ')} WHERE fid = ?`)
      .run(...names.map((n) => normalizeValue(attrs[n])), fid);
  }

  delete(fid: number): void {
    this.deleteStmt.run(fid);
  }

  /** Writes an image back exactly: the row is replaced, fid and all. */
  writeImage(fid: number, img: FeatureImage | null): void {
    this.deleteStmt.run(fid);
    if (img) this.insert(fid, img.attrs, img.wkb);
  }
}

export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function normalizeValue(v: AttributeValue | undefined): AttributeValue {
  return v === undefined ? null : v;
}

/**
 * Deterministic serialisation of an image's attributes: an object in the table's column order, so two images of the
 * same row compare equal as strings, and a column added later simply reads as null from older images.
 */
export function attrsJson(columns: readonly string[], attrs: Attributes): string {
  return JSON.stringify(Object.fromEntries(columns.map((c) => [c, attrs[c] ?? null])));
}

export function attrsFromJson(json: string): Attributes {
  return JSON.parse(json) as Attributes;
}
