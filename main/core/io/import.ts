// Importing a file as a new layer (docs/import-export.md). `previewImport` says what the file is and what would
// happen; `runImport` (in a worker, on its own connection) creates the layer and all its features in ONE
// transaction: anything wrong (undecodable text, a value that is not a number, an unsupported or invalid geometry
// without repair, a cancel) rolls everything back and the workspace is as before.
import path from 'node:path';
import proj4 from 'proj4';
import type { CrsReport, ImportOptions, ImportPreview, ImportResult, RowProblem } from '../../../shared/contract/io.js';
import { CGCS2000_GEOGRAPHIC, proj4Definition } from '../../../shared/domain/crs.js';
import { guessLayerKind, proposeFieldMap, type FieldMap } from '../../../shared/domain/field-mapping.js';
import { LAYER_KINDS, type FieldType, type LayerKindId } from '../../../shared/domain/layer-kinds.js';
import { openDatabase, type Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { Workspace } from '../workspace/workspace.js';
import {
  axesSwapped, crsFromUser, guessCrs, isFalseEastingShift, makeTransform, type Bbox, type SourceCrs,
} from './crs-detect.js';
import type { DbfValue } from './dbf.js';
import { DecodeError } from './encoding.js';
import { multiPolygonWkb, spatialiteMultiPolygon, transformPolygons } from './geometry.js';
import { decodeFailure, openSource, SourceError, type ImportSource, type SourceField } from './sources.js';

export interface ImportContext {
  isCancelled(): boolean;
  progress(fraction: number, message: string): void;
}

/** What the workspace tells the import: its CRS and where its data lies (to choose among guessed CRSs). */
export interface WorkspaceFacts { srid: number; extent: Bbox | null }

const PREVIEW_ROWS = 20;
/** Rows whose geometry the preview checks (all of a small file). */
const PREVIEW_CHECK_ROWS = 20_000;
const MAX_LISTED = 200;

function open(opts: ImportOptions, lenient: boolean): ImportSource {
  try {
    return openSource(opts.path, { layer: opts.layer, encoding: opts.encoding, lenient });
  } catch (e) {
    throw asWorkbenchError(e);
  }
}

export function asWorkbenchError(e: unknown): unknown {
  if (e instanceof SourceError) return new WorkbenchError(e.code === 'NOT_FOUND' ? 'NOT_FOUND' : e.code, e.message, e.subject);
  return e;
}

// ---- CRS ------------------------------------------------------------------------------------------------------------

interface CrsPlan {
  report: CrsReport;
  /** null: coordinates are already in the workspace CRS. */
  transform: ((xy: Float64Array) => void) | null;
  usable: boolean;
  /** The error to raise when not usable. */
  problem?: WorkbenchError;
}

export function planCrs(src: ImportSource, opts: ImportOptions, ws: WorkspaceFacts): CrsPlan {
  let crs: SourceCrs = opts.srs ? crsFromUser(opts.srs) : src.crs;
  let swapped = false;
  if (!opts.srs && crs.status === 'unknown' && crs.from === 'none' && src.bbox) {
    const g = guessCrs(src.bbox, ws.srid, ws.extent);
    crs = g.crs;
    swapped = g.swapped;
  } else if (src.bbox && (crs.status === 'known' || crs.status === 'guessed')) {
    swapped = axesSwapped(crs.srid, src.bbox);
  }
  if (opts.swapAxes !== undefined) swapped = opts.swapAxes;
  const report: CrsReport = {
    status: crs.status, srid: 'srid' in crs ? crs.srid : null, name: crs.name,
    reason: 'reason' in crs ? crs.reason : null, alternatives: crs.status === 'guessed' ? crs.alternatives : [],
    from: 'from' in crs ? crs.from : 'none', axesSwapped: swapped, transform: 'blocked', workspaceSrid: ws.srid,
  };
  const file = path.basename(src.file);
  if (crs.status === 'unknown') {
    return { report, transform: null, usable: false, problem: new WorkbenchError('UNSUPPORTED_CRS',
      `${file}：无法使用其坐标系（${crs.reason}）。请用 --srs EPSG:N 指定 / cannot use its CRS (${crs.reason}): give the CRS with --srs EPSG:N`, file) };
  }
  if (crs.status === 'legacy') {
    if (!opts.towgs84 || !crs.proj4) {
      report.reason = '西安 1980 / 北京 1954 坐标须先转换到 CGCS2000 / Xian 1980 and Beijing 1954 must be transformed to CGCS2000 first';
      return { report, transform: null, usable: false, problem: new WorkbenchError('UNSUPPORTED_CRS',
        `${file} 使用 ${crs.name} 坐标系：与 CGCS2000 相差数米至百米，不能直接导入。请先用当地转换参数转换到 CGCS2000，或提供七参数（--towgs84 dx,dy,dz,rx,ry,rz,s）/ ` +
        `${file} is in ${crs.name}: it differs from CGCS2000 by metres to a hundred metres and cannot be imported as it is. Transform it to CGCS2000 with your bureau's parameters first, or supply the 7-parameter Helmert transformation (--towgs84 dx,dy,dz,rx,ry,rz,s)`, file) };
    }
    report.transform = 'project';
    report.reason = `+towgs84=${opts.towgs84.join(',')}`;
    return { report, transform: makeTransform({ srid: null, proj4: crs.proj4, towgs84: opts.towgs84 }, ws.srid, swapped), usable: true };
  }
  const srcSrid = crs.srid;
  const transform = makeTransform({ srid: srcSrid, proj4: crs.proj4 }, ws.srid, swapped);
  report.transform = srcSrid === ws.srid ? 'none' : isFalseEastingShift(srcSrid, ws.srid) ? 'shift' : 'project';
  if (crs.status === 'guessed') {
    return { report, transform, usable: false, problem: new WorkbenchError('CRS_UNCONFIRMED',
      `${file} 没有坐标系定义，根据坐标范围推测为 ${crs.name}（${crs.reason}）。请确认：用 --srs EPSG:${crs.srid} 重新导入 / ` +
      `${file} has no CRS definition; from its coordinates it looks like ${crs.name} (${crs.reason}). Confirm with --srs EPSG:${crs.srid}`, file) };
  }
  return { report, transform, usable: true };
}

/** Source extent as lon/lat, through the plan's transform and the workspace CRS. */
function lonLatExtent(bbox: Bbox | null, plan: CrsPlan, srid: number): Bbox | null {
  if (!bbox || !plan.usable && plan.report.status !== 'guessed') return null;
  const corners = new Float64Array([bbox[0], bbox[1], bbox[2], bbox[1], bbox[2], bbox[3], bbox[0], bbox[3]]);
  try {
    plan.transform?.(corners);
    const conv = proj4(proj4Definition(srid), proj4Definition(CGCS2000_GEOGRAPHIC));
    const out: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < 8; i += 2) {
      const [lon, lat] = conv.forward([corners[i]!, corners[i + 1]!]) as [number, number];
      out[0] = Math.min(out[0], lon); out[1] = Math.min(out[1], lat); out[2] = Math.max(out[2], lon); out[3] = Math.max(out[3], lat);
    }
    return out.every(Number.isFinite) ? out : null;
  } catch {
    return null;
  }
}

// ---- Fields -----------------------------------------------------------------------------------------------------------

interface ColumnPlan {
  column: string;
  type: FieldType;
  /** Index in the source row, or -1 (left empty). */
  source: number;
  extra: boolean;
}

export function planColumns(kind: LayerKindId, fields: SourceField[], fieldMap: FieldMap, keepUnmapped: boolean): ColumnPlan[] {
  const index = new Map(fields.map((f, i) => [f.name, i]));
  const plan: ColumnPlan[] = [];
  const used = new Set(['fid', 'geom']);
  const usedSources = new Set<number>();
  for (const f of LAYER_KINDS[kind].fields) {
    const s = fieldMap[f.name];
    if (s !== null && s !== undefined && !index.has(s)) {
      throw new WorkbenchError('BAD_REQUEST', `字段映射引用了文件中没有的字段 “${s}” / the field mapping names “${s}”, which the file does not have`);
    }
    const i = s ? index.get(s)! : -1;
    if (i >= 0) usedSources.add(i);
    plan.push({ column: f.name, type: f.type, source: i, extra: false });
    used.add(f.name.toLowerCase());
  }
  if (keepUnmapped) {
    fields.forEach((f, i) => {
      if (usedSources.has(i)) return;
      let name = f.name.replace(/"/g, '') || `field_${i + 1}`;
      for (let k = 2; used.has(name.toLowerCase()); k++) name = `${f.name}_${k}`;
      used.add(name.toLowerCase());
      plan.push({ column: name, type: f.type, source: i, extra: true });
    });
  }
  return plan;
}

/** Converts a source value to a column type; undefined when it does not fit (the caller reports the row). */
export function convertValue(v: DbfValue, type: FieldType): DbfValue | undefined {
  if (v === null || v === undefined) return null;
  if (type === 'TEXT') return typeof v === 'string' ? v : String(v);
  if (typeof v === 'bigint') return type === 'INTEGER' ? v : Number(v);
  if (typeof v === 'number') {
    if (type === 'INTEGER' && !Number.isInteger(v)) return undefined;
    return v;
  }
  const t = v.trim();
  if (t === '') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  if (type === 'INTEGER' && !Number.isInteger(n)) return undefined;
  return n;
}

// ---- Preview ----------------------------------------------------------------------------------------------------------

function previewValue(v: DbfValue): string | number | null {
  return typeof v === 'bigint' ? v.toString() : v;
}

export function previewImport(opts: ImportOptions, ws: WorkspaceFacts, geosDb?: Db): ImportPreview {
  const src = open(opts, true);
  try {
    const plan = planCrs(src, opts, ws);
    const guessed = guessLayerKind(src.fields, `${path.basename(src.file)} ${src.layer}`);
    const kind = opts.kind ?? guessed.kind;
    const fieldMap = { ...proposeFieldMap(kind, src.fields), ...(opts.fieldMap ?? {}) };
    const warnings: string[] = [];
    const sample: ImportPreview['sample'] = [];
    const invalid: RowProblem[] = [], unsupported: RowProblem[] = [], empty: RowProblem[] = [];
    let suspicious = 0;
    const columns = planColumns(kind, src.fields, fieldMap, opts.keepUnmapped ?? true);
    const badValues: RowProblem[] = [];
    const db = geosDb ?? openDatabase(':memory:');
    let checked = 0;
    try {
      const check = db.prepare('SELECT ST_IsValid(g) v, ST_IsValidReason(g) r FROM (SELECT GeomFromWKB(?) g)');
      for (const r of src.rows()) {
        if (sample.length < PREVIEW_ROWS) {
          sample.push({ row: r.row, values: r.values.map(previewValue) });
          for (const v of r.values) if (typeof v === 'string' && v.includes('\ufffd')) suspicious++;
        }
        for (const c of columns) {
          if (c.source < 0 || badValues.length >= MAX_LISTED) continue;
          if (convertValue(r.values[c.source]!, c.type) === undefined) {
            badValues.push({ row: r.row, reason: `${src.fields[c.source]!.name} → ${c.column}: “${previewValue(r.values[c.source]!)}” 不是${c.type === 'TEXT' ? '文本' : c.type === 'INTEGER' ? '整数' : '数字'} / is not ${c.type === 'INTEGER' ? 'an integer' : 'a number'}` });
          }
        }
        if (r.geometry.kind === 'unsupported') { if (unsupported.length < MAX_LISTED) unsupported.push({ row: r.row, reason: r.geometry.type }); } else if (r.geometry.kind === 'empty') { if (empty.length < MAX_LISTED) empty.push({ row: r.row, reason: '空几何 / empty geometry' }); } else {
          if (plan.transform) transformPolygons(r.geometry.polygons, plan.transform);
          const v = check.get(multiPolygonWkb(r.geometry.polygons)) as { v: number; r: string };
          if (v.v !== 1 && invalid.length < MAX_LISTED) invalid.push({ row: r.row, reason: v.r });
        }
        checked++;
        if (checked >= PREVIEW_CHECK_ROWS) break;
      }
    } finally {
      if (!geosDb) db.close();
    }
    if (src.encoding && src.detected) {
      const e = src.encoding.encoding, d = src.detected;
      if (d.source === 'detected' && !d.invalid && e !== d.encoding && !(e !== 'utf8' && d.encoding !== 'utf8')) {
        warnings.push(`文本看起来是 ${d.encoding === 'utf8' ? 'UTF-8' : 'GBK'} 编码，而当前按 ${e === 'utf8' ? 'UTF-8' : 'GBK'} 解读 / the text looks like ${d.encoding === 'utf8' ? 'UTF-8' : 'GBK'} but is read as ${e === 'utf8' ? 'UTF-8' : 'GBK'}`);
        suspicious = Math.max(suspicious, 1);
      }
      if (suspicious && e === 'utf8' && d.encoding !== 'utf8') suspicious = Math.max(suspicious, 1);
    }
    if (suspicious) warnings.push(`${suspicious} 个值无法按所选编码解码（显示为 �）/ ${suspicious} values cannot be decoded in the chosen encoding (shown as �)`);
    if (plan.report.status === 'guessed') warnings.push(`坐标系为推测，请确认 / the CRS is a guess: confirm it (${plan.report.reason ?? ''})`);
    if (plan.report.axesSwapped) warnings.push('坐标为 X=北、Y=东，将交换 / coordinates are northing first (X = north): they will be swapped');
    if (badValues.length) warnings.push(...badValues.slice(0, 5).map((b) => `第 ${b.row} 行 / row ${b.row}: ${b.reason}`));
    if (unsupported.length) warnings.push(`${unsupported.length} 个要素不是面（${[...new Set(unsupported.map((u) => u.reason))].join(', ')}）：工作台图层都是面图层 / features are not polygons: workbench layers are polygon layers`);
    return {
      path: src.file, format: src.format, layers: src.layers, layer: src.layer, geometryType: src.geometryType, featureCount: src.count,
      fields: src.fields,
      encoding: src.encoding ? {
        encoding: src.encoding.encoding, source: src.encoding.source, note: src.encoding.note ?? null,
        detected: src.detected && src.detected.source === 'detected' && !src.detected.invalid ? src.detected.encoding : null, suspicious,
      } : null,
      crs: plan.report, kind, kindReason: opts.kind ? '' : guessed.reason, fieldMap,
      sample, extent: lonLatExtent(src.bbox, plan, ws.srid), checkedRows: checked, invalid, unsupported, empty, warnings,
    };
  } finally {
    src.close();
  }
}

// ---- Run: reader and writer ----------------------------------------------------------------------------------------
//
// The reader opens the file, converts values to the target columns, transforms the polygons, encodes them as
// SpatiaLite BLOBs and checks their validity (GEOS on an in-memory connection); the writer creates the layer and
// inserts the batches in one transaction. For big files they run on two threads (jobs/tasks.ts), so reading and
// validating overlap with writing; small files and direct calls run both here.

export interface ImportMeta {
  kind: LayerKindId;
  name: string;
  columns: ColumnPlan[];
  file: string;
  format: string;
  layer: string;
  crs: string;
  transform: CrsReport['transform'];
  encoding: ImportResult['encoding'];
  fieldMap: FieldMap;
  count: number;
  warnings: string[];
}

export interface ImportBatch {
  /** Source row number of each feature. */
  rows: Int32Array;
  values: unknown[][];
  /** SpatiaLite BLOBs, concatenated; feature i is blobs[offsets[i], offsets[i + 1]). */
  blobs: Uint8Array;
  offsets: Uint32Array;
  /** Invalid geometries in this batch: index in the batch, source row, GEOS reason. */
  invalid: { index: number; row: number; reason: string }[];
  /** Rows read so far (for progress). */
  seen: number;
}

export interface ImportSummary {
  unsupported: RowProblem[]; unsupportedCount: number;
  empty: RowProblem[]; emptyCount: number;
  bad: RowProblem[]; badCount: number;
}

const BATCH = 2000;

function cancelled(): WorkbenchError {
  return new WorkbenchError('CANCELLED', '导入已取消，工作空间未改变 / Import cancelled; the workspace is unchanged');
}

/** Reads, converts, transforms, encodes and validates; yields the meta first, then batches; returns the summary. */
export function* readForImport(opts: ImportOptions, ws: WorkspaceFacts, isCancelled: () => boolean): Generator<ImportMeta | ImportBatch, ImportSummary> {
  const src = open(opts, false);
  const geos = openDatabase(':memory:');
  const file = path.basename(src.file);
  try {
    const plan = planCrs(src, opts, ws);
    if (!plan.usable) throw plan.problem!;
    const kind = opts.kind ?? guessLayerKind(src.fields, `${file} ${src.layer}`).kind;
    const fieldMap = { ...proposeFieldMap(kind, src.fields), ...(opts.fieldMap ?? {}) };
    const columns = planColumns(kind, src.fields, fieldMap, opts.keepUnmapped ?? true);
    yield {
      kind, name: opts.name ?? src.layer.replace(/\.[^.]+$/, ''), columns, file: src.file, format: src.format, layer: src.layer,
      crs: plan.report.name, transform: plan.report.transform, encoding: src.encoding?.encoding ?? null, fieldMap, count: src.count,
      warnings: encodingWarnings(src),
    };
    const valid = geos.prepare('SELECT ST_IsValid(?) v');
    const reason = geos.prepare('SELECT ST_IsValidReason(?) r');
    const summary: ImportSummary = { unsupported: [], unsupportedCount: 0, empty: [], emptyCount: 0, bad: [], badCount: 0 };
    const srid = Math.trunc(ws.srid);
    let rows: number[] = [], values: unknown[][] = [], blobs: Buffer[] = [], invalid: ImportBatch['invalid'] = [];
    let seen = 0;
    const flush = (): ImportBatch => {
      const offsets = new Uint32Array(blobs.length + 1);
      let total = 0;
      blobs.forEach((b, i) => { offsets[i] = total; total += b.length; });
      offsets[blobs.length] = total;
      const all = new Uint8Array(total);
      blobs.forEach((b, i) => all.set(b, offsets[i]!));
      const batch: ImportBatch = { rows: Int32Array.from(rows), values, blobs: all, offsets, invalid, seen };
      rows = []; values = []; blobs = []; invalid = [];
      return batch;
    };
    try {
      for (const r of src.rows()) {
        seen++;
        if ((seen & 511) === 0 && isCancelled()) throw cancelled();
        const g = r.geometry;
        if (g.kind === 'unsupported') { summary.unsupportedCount++; if (summary.unsupported.length < MAX_LISTED) summary.unsupported.push({ row: r.row, reason: g.type }); continue; }
        if (g.kind === 'empty') { summary.emptyCount++; if (summary.empty.length < MAX_LISTED) summary.empty.push({ row: r.row, reason: '空几何 / empty geometry' }); continue; }
        const out: unknown[] = new Array(columns.length);
        for (let k = 0; k < columns.length; k++) {
          const c = columns[k]!;
          if (c.source < 0) { out[k] = null; continue; }
          const v = convertValue(r.values[c.source]!, c.type);
          if (v === undefined) {
            summary.badCount++;
            if (summary.bad.length < MAX_LISTED) summary.bad.push({ row: r.row, reason: `${src.fields[c.source]!.name} → ${c.column}: “${String(r.values[c.source])}” 不是${c.type === 'INTEGER' ? '整数' : '数字'} / is not ${c.type === 'INTEGER' ? 'an integer' : 'a number'}` });
            out[k] = null;
          } else out[k] = v;
        }
        // Once the import is bound to fail, keep reading only to list the rows.
        if (summary.unsupportedCount || summary.badCount) continue;
        if (plan.transform) transformPolygons(g.polygons, plan.transform);
        const blob = spatialiteMultiPolygon(g.polygons, srid);
        if ((valid.get(blob) as { v: number }).v !== 1) {
          invalid.push({ index: rows.length, row: r.row, reason: String((reason.get(blob) as { r: string | null }).r ?? 'invalid') });
        }
        rows.push(r.row);
        values.push(out);
        blobs.push(blob);
        if (rows.length >= BATCH) yield flush();
      }
    } catch (e) {
      if (e instanceof DecodeError) throw asWorkbenchError(decodeFailure(src.file, seen, e));
      throw asWorkbenchError(e);
    }
    if (rows.length) yield flush();
    return summary;
  } finally {
    geos.close();
    src.close();
  }
}

/** A user's encoding that detection contradicts (UTF-8 bytes read as GBK decode without error, as mojibake). */
function encodingWarnings(src: ImportSource): string[] {
  const e = src.encoding, d = src.detected;
  if (!e || !d || d.source !== 'detected' || d.invalid || d.encoding !== 'utf8' || e.encoding === 'utf8') return [];
  return [`文本看起来是 UTF-8 编码，却按 ${e.encoding.toUpperCase()} 导入，中文可能是乱码 / the text looks like UTF-8 but was imported as ${e.encoding.toUpperCase()}: Chinese text may be garbled`];
}

function problemList(list: RowProblem[], total: number): string {
  const shown = list.slice(0, 10).map((p) => `第 ${p.row} 行 / row ${p.row}: ${p.reason}`).join('; ');
  return total > 10 ? `${shown}; … (${total})` : shown;
}

export class ImportRowsError extends WorkbenchError {
  constructor(code: 'INVALID_GEOMETRY' | 'UNSUPPORTED_GEOMETRY' | 'BAD_VALUE', message: string, subject: string, readonly rows: RowProblem[]) {
    super(code, message, subject);
  }
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * The writing half: one transaction on its own connection (the worker's), BEGIN to COMMIT around the whole stream of
 * batches. The layer table, its rows, spatial index, registry entry and log row appear together or not at all.
 */
export class ImportWriter {
  private readonly ws: Workspace;
  private layerId = 0;
  private table = '';
  private insert: ReturnType<Db['prepare']> | null = null;
  private readonly rowOfFid: number[] = [];
  private readonly invalid: { fid: number; row: number; reason: string }[] = [];
  private open = false;
  private readonly started = performance.now();

  constructor(workspacePath: string, private readonly meta: ImportMeta, private readonly opts: ImportOptions, private readonly ctx: ImportContext) {
    this.ws = Workspace.attach(workspacePath);
    // The import's pages stay in memory until the commit instead of spilling to the WAL twice.
    this.ws.db.pragma('cache_size = -262144');
  }

  begin(): void {
    const db = this.ws.db;
    db.exec('BEGIN IMMEDIATE');
    this.open = true;
    const layer = this.ws.addLayer(this.meta.kind, { name: this.meta.name, nameEn: this.meta.name });
    this.layerId = layer.id;
    this.table = layer.table;
    for (const c of this.meta.columns) if (c.extra) db.exec(`ALTER TABLE ${q(this.table)} ADD COLUMN ${q(c.column)} ${c.type}`);
    // Bulk load: no R*Tree maintenance and no per-row geometry triggers while inserting finished SpatiaLite BLOBs;
    // RecoverGeometryColumn checks every geometry's type and SRID afterwards and puts the triggers back, and the
    // spatial index is built once at the end.
    db.prepare(`SELECT DisableSpatialIndex(?, 'geom')`).get(this.table);
    db.exec(`DROP TABLE IF EXISTS ${q(`idx_${this.table}_geom`)}`);
    db.prepare(`SELECT DiscardGeometryColumn(?, 'geom')`).get(this.table);
    const cols = this.meta.columns.map((c) => q(c.column));
    this.insert = db.prepare(`INSERT INTO ${q(this.table)} (${[...cols, 'geom'].join(', ')}) VALUES (${[...cols, 'geom'].map(() => '?').join(', ')})`);
  }

  write(batch: ImportBatch): void {
    if (this.ctx.isCancelled()) throw cancelled();
    const ins = this.insert!;
    const n = batch.rows.length;
    const blobs = Buffer.from(batch.blobs.buffer, batch.blobs.byteOffset, batch.blobs.byteLength);
    const base = this.rowOfFid.length;
    for (let i = 0; i < n; i++) {
      const v = batch.values[i]!;
      v.push(blobs.subarray(batch.offsets[i]!, batch.offsets[i + 1]!));
      ins.run(v);
      this.rowOfFid.push(batch.rows[i]!);
    }
    for (const x of batch.invalid) this.invalid.push({ fid: base + x.index + 1, row: x.row, reason: x.reason });
    const total = Math.max(1, this.meta.count);
    this.ctx.progress(0.85 * (batch.seen / total), `导入 / importing ${batch.seen.toLocaleString('en')} / ${this.meta.count.toLocaleString('en')}`);
  }

  /** Checks the summary, repairs or refuses invalid geometries, builds the index and commits. */
  finish(summary: ImportSummary): ImportResult {
    const { opts, meta, ctx } = this;
    const db = this.ws.db;
    const file = path.basename(meta.file);
    if (summary.unsupportedCount) {
      throw new ImportRowsError('UNSUPPORTED_GEOMETRY',
        `${file} 有 ${summary.unsupportedCount} 个要素不是面，工作台的图层都是面图层，未导入 / ${summary.unsupportedCount} features of ${file} are not polygons (workbench layers are polygon layers); nothing was imported: ${problemList(summary.unsupported, summary.unsupportedCount)}`,
        file, summary.unsupported);
    }
    if (summary.badCount) {
      throw new ImportRowsError('BAD_VALUE',
        `${file} 有 ${summary.badCount} 个属性值与目标字段类型不符，未导入（请调整字段映射）/ ${summary.badCount} values of ${file} do not fit their target field; nothing was imported (change the field mapping): ${problemList(summary.bad, summary.badCount)}`,
        file, summary.bad);
    }
    if (summary.emptyCount && !opts.repair) {
      throw new ImportRowsError('INVALID_GEOMETRY',
        `${file} 有 ${summary.emptyCount} 个要素没有几何，未导入（可选择修复：跳过这些要素）/ ${summary.emptyCount} features of ${file} have no geometry; nothing was imported (repair skips them): ${problemList(summary.empty, summary.emptyCount)}`,
        file, summary.empty);
    }
    const repaired: RowProblem[] = [];
    const dropped: RowProblem[] = [...summary.empty];
    const warnings: string[] = [...meta.warnings];
    if (summary.emptyCount > summary.empty.length) warnings.push(`${summary.emptyCount - summary.empty.length} more empty rows dropped`);
    if (ctx.isCancelled()) throw cancelled();
    ctx.progress(0.87, '检查几何 / checking geometries');
    const recovered = db.prepare(`SELECT RecoverGeometryColumn(?, 'geom', ${Math.trunc(this.ws.srid)}, 'MULTIPOLYGON', 'XY') ok`).get(this.table) as { ok: number };
    if (recovered.ok !== 1) throw new WorkbenchError('INTERNAL', `SpatiaLite could not register the geometry column of ${this.table}`);
    if (this.invalid.length) {
      if (!opts.repair) {
        const list = this.invalid.map((x) => ({ row: x.row, reason: x.reason }));
        throw new ImportRowsError('INVALID_GEOMETRY',
          `${file} 有 ${list.length} 个无效几何，未导入（可选择用 MakeValid 修复）/ ${list.length} invalid geometries in ${file}; nothing was imported (choose repair to fix them with MakeValid): ${problemList(list, list.length)}`,
          file, list.slice(0, MAX_LISTED));
      }
      ctx.progress(0.9, '修复几何 / repairing geometries');
      const fixed = db.prepare(`SELECT CastToMultiPolygon(ST_CollectionExtract(MakeValid(geom), 3)) g FROM ${q(this.table)} WHERE fid = ?`);
      const area = db.prepare('SELECT ST_Area(?) a, ST_IsValid(?) v');
      const set = db.prepare(`UPDATE ${q(this.table)} SET geom = ? WHERE fid = ?`);
      const del = db.prepare(`DELETE FROM ${q(this.table)} WHERE fid = ?`);
      for (const x of this.invalid) {
        const g = (fixed.get(x.fid) as { g: Buffer | null }).g;
        const a = g ? (area.get(g, g) as { a: number | null; v: number }) : null;
        if (!g || !a || !a.a || a.v !== 1) {
          del.run(x.fid);
          dropped.push({ row: x.row, reason: `${x.reason}；修复后没有有效的面，已跳过 / no valid area left after repair: dropped` });
        } else {
          set.run(g, x.fid);
          repaired.push({ row: x.row, reason: x.reason });
        }
      }
    }
    ctx.progress(0.93, '建立空间索引 / building the spatial index');
    db.prepare(`SELECT CreateSpatialIndex(?, 'geom')`).get(this.table);
    const imported = (db.prepare(`SELECT COUNT(*) n FROM ${q(this.table)}`).get() as { n: number }).n;
    this.ws.refreshLayerStats(this.layerId);
    this.ws.log(this.layerId, 'layer.import', {
      file: meta.file, format: meta.format, layer: meta.layer, crs: meta.crs, transform: meta.transform, encoding: meta.encoding,
      kind: meta.kind, fieldMap: meta.fieldMap, imported, repaired: repaired.length, dropped: dropped.length,
    });
    if (ctx.isCancelled()) throw cancelled();
    ctx.progress(0.97, '提交 / committing');
    db.exec('COMMIT');
    this.open = false;
    const layer = this.ws.layer(this.layerId);
    ctx.progress(1, '完成 / done');
    return {
      layer, imported, repaired, dropped, extraFields: meta.columns.filter((c) => c.extra).map((c) => c.column),
      crs: meta.crs, encoding: meta.encoding, warnings, durationMs: performance.now() - this.started,
    };
  }

  /** Rolls back whatever was written (idempotent) and closes the connection. */
  close(): void {
    try {
      if (this.open) this.ws.db.exec('ROLLBACK');
    } finally {
      this.open = false;
      this.ws.close();
    }
  }
}

/** Reads and writes on this thread (small files, tests). */
export function runImport(workspacePath: string, opts: ImportOptions, ws: WorkspaceFacts, ctx: ImportContext): ImportResult {
  const reader = readForImport(opts, ws, ctx.isCancelled);
  let writer: ImportWriter | null = null;
  try {
    for (;;) {
      const next = reader.next();
      if (next.done) {
        if (!writer) throw new WorkbenchError('INTERNAL', 'import reader ended before its meta');
        return writer.finish(next.value);
      }
      const item = next.value;
      if ('columns' in item) {
        writer = new ImportWriter(workspacePath, item, opts, ctx);
        writer.begin();
      } else writer!.write(item);
    }
  } finally {
    writer?.close();
    reader.return?.(undefined as never);
  }
}
