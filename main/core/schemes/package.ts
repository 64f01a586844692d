// Scheme packages (docs/schemes.md "Exchange"): a GeoPackage with one feature table per layer (named by the layer
// key, feature ids kept, the workspace CRS), which QGIS opens as it is, plus two small tables of ours:
// sanxian_scheme (what the package is) and sanxian_features (every feature id exported, and the ids removed when
// only changes are exported). Imported back, a package becomes a new draft; its contents are applied as one
// undoable edit of that draft, so the draft's changes can be merged into others. A feature whose id was not
// exported (drawn in QGIS) is added under a new id, never written over a feature that happens to share the number.
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { PackageSummary } from '../../../shared/contract/schemes.js';
import type { LayerInfo, SchemeInfo } from '../../../shared/contract/schemas.js';
import { openDatabase, type Db } from '../db/spatialite.js';
import { Editor } from '../editing/editor.js';
import { quoteId, type Attributes, type LayerTable } from '../editing/features.js';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { featureChanges } from './diff.js';
import { createScheme, findScheme, getScheme } from './store.js';

export const PACKAGE_FORMAT = 'sanxian-scheme-package/1';

const GPKG_TYPES: Record<string, string> = { INTEGER: 'INTEGER', REAL: 'DOUBLE', TEXT: 'TEXT', DATE: 'DATE' };

export function exportPackage(ws: Workspace, schemeId: number, target: string, opts: { onlyChanges?: boolean } = {}): PackageSummary {
  const scheme = getScheme(ws.db, schemeId);
  const base = opts.onlyChanges ? scheme.parentId : null;
  if (opts.onlyChanges && base === null) {
    throw new WorkbenchError('BAD_REQUEST', `方案“${scheme.name}”没有上级方案，只能整体导出 / Scheme "${scheme.name}" has no parent: export it whole`);
  }
  const file = path.resolve(target);
  if (!existsSync(path.dirname(file))) throw new WorkbenchError('NOT_FOUND', `目录不存在 / folder does not exist: ${path.dirname(file)}`, file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  const out = openDatabase(tmp);
  const summary: PackageSummary = { path: file, scheme: scheme.name, layers: [] };
  try {
    out.pragma('application_id = 1196444487'); // 'GPKG'
    out.pragma('user_version = 10200');
    out.transaction(() => {
      out.prepare('SELECT gpkgCreateBaseTables()').get();
      out.prepare('SELECT gpkgInsertEpsgSRID(?)').get(BigInt(ws.srid));
      out.exec(`CREATE TABLE sanxian_scheme (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE sanxian_features (layer TEXT NOT NULL, fid INTEGER NOT NULL, state TEXT NOT NULL, PRIMARY KEY (layer, fid));
        INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
          ('sanxian_scheme', 'attributes', 'sanxian_scheme', '三线工作台方案包说明 / what this scheme package is'),
          ('sanxian_features', 'attributes', 'sanxian_features', '导出的要素编号 / feature ids exported and removed');`);
      const meta = out.prepare('INSERT INTO sanxian_scheme (key, value) VALUES (?, ?)');
      const baseScheme = base !== null ? getScheme(ws.db, base) : null;
      for (const [k, v] of Object.entries({
        format: PACKAGE_FORMAT, scheme: scheme.name, note: scheme.note, workspace: ws.info().name, srid: String(ws.srid),
        exported_at: new Date().toISOString(), only_changes: opts.onlyChanges ? '1' : '0', base_scheme: baseScheme?.name ?? '',
      })) meta.run(k, v);
      const mark = out.prepare('INSERT INTO sanxian_features (layer, fid, state) VALUES (?, ?, ?)');
      for (const layer of ws.layers(schemeId).filter((l) => /POLYGON/i.test(l.geometryType))) {
        let fids: number[] | null = null;
        if (base !== null) {
          const parentTable = ws.layer(layer.id, base).table;
          if (parentTable === layer.table) continue;
          const c = featureChanges(ws.db, parentTable, layer.table);
          fids = [...c.added, ...c.reshaped, ...c.reattributed];
          for (const fid of c.removed) mark.run(layer.key, fid, 'removed');
          if (!fids.length && !c.removed.length) continue;
          summary.layers.push({ key: layer.key, name: layer.name, features: fids.length, changed: fids.length + c.removed.length });
        }
        const n = writeLayer(ws, out, layer.table, layer.key, layer.name, fids);
        if (base === null) summary.layers.push({ key: layer.key, name: layer.name, features: n, changed: 0 });
      }
    })();
    out.close();
    renameSync(tmp, file);
    return summary;
  } catch (e) {
    if (out.open) out.close();
    rmSync(tmp, { force: true });
    throw e;
  }
}

function writeLayer(ws: Workspace, out: Db, table: string, key: string, name: string, fids: number[] | null): number {
  const cols = (ws.db.prepare(`PRAGMA table_info(${quoteId(table)})`).all() as { name: string; type: string }[])
    .filter((c) => c.name !== 'fid' && c.name !== 'geom');
  out.exec(`CREATE TABLE ${quoteId(key)} (fid INTEGER PRIMARY KEY AUTOINCREMENT${cols.map((c) => `, ${quoteId(c.name)} ${GPKG_TYPES[c.type.toUpperCase()] ?? 'TEXT'}`).join('')})`);
  out.prepare(`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, ?)`).run(key, key, name, ws.srid);
  out.prepare(`SELECT gpkgAddGeometryColumn(?, 'geom', 'MULTIPOLYGON', 0, 0, ?)`).get(key, BigInt(ws.srid));
  const list = cols.map((c) => quoteId(c.name));
  const ins = out.prepare(`INSERT INTO ${quoteId(key)} (fid${list.map((c) => `, ${c}`).join('')}, geom) VALUES (?${list.map(() => ', ?').join('')}, ?)`);
  const rows = ws.db.prepare(`SELECT fid${list.map((c) => `, ${c}`).join('')}, AsGPB(geom) gpb FROM ${quoteId(table)}
    ${fids ? 'WHERE fid IN (SELECT value FROM json_each(?))' : ''} ORDER BY fid`).raw().iterate(...(fids ? [JSON.stringify(fids)] : [])) as IterableIterator<unknown[]>;
  // Streamed (the package is another connection), so a county's layer is never held in memory whole.
  let n = 0;
  for (const r of rows) {
    ins.run(...r);
    n++;
  }
  out.prepare(`INSERT INTO sanxian_features (layer, fid, state) SELECT ?, fid, 'exported' FROM ${quoteId(key)}`).run(key);
  const e = out.prepare(`SELECT MIN(ST_MinX(GeomFromGPB(geom))) x0, MIN(ST_MinY(GeomFromGPB(geom))) y0, MAX(ST_MaxX(GeomFromGPB(geom))) x1, MAX(ST_MaxY(GeomFromGPB(geom))) y1 FROM ${quoteId(key)}`)
    .get() as { x0: number | null; y0: number | null; x1: number | null; y1: number | null };
  out.prepare(`UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?`)
    .run(e.x0, e.y0, e.x1, e.y1, key);
  return n;
}

/** Imports a scheme package as a new draft: all or nothing. */
export function importPackage(ws: Workspace, file: string, opts: { name?: string } = {}): SchemeInfo {
  const src = path.resolve(file);
  if (!existsSync(src)) throw new WorkbenchError('NOT_FOUND', `文件不存在 / File not found: ${src}`, src);
  const pkg = openDatabase(src, { readonly: true, fileMustExist: true });
  let meta: Record<string, string>, layerKeys: string[];
  try {
    const hasMeta = pkg.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sanxian_scheme'").get();
    if (!hasMeta) {
      throw new WorkbenchError('BAD_REQUEST', `${path.basename(src)} 不是三线工作台方案包（缺少 sanxian_scheme 表） / ${path.basename(src)} is not a scheme package (no sanxian_scheme table); import its layers instead`, src);
    }
    meta = Object.fromEntries((pkg.prepare('SELECT key, value FROM sanxian_scheme').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    if (meta.format !== PACKAGE_FORMAT) throw new WorkbenchError('BAD_REQUEST', `${path.basename(src)}: 未知的方案包格式 / unknown package format "${meta.format}"`, src);
    layerKeys = pkg.prepare(`SELECT table_name FROM gpkg_contents WHERE data_type = 'features'`).pluck().all() as string[];
  } finally {
    pkg.close();
  }
  const layers = ws.layers();
  const unknown = layerKeys.filter((k) => !layers.some((l) => l.key === k));
  if (unknown.length) {
    throw new WorkbenchError('BAD_REQUEST', `方案包中的图层在本工作空间中不存在：${unknown.join('、')} / the package has layers this workspace does not: ${unknown.join(', ')}`, src);
  }
  let base = 1;
  if (meta.base_scheme) {
    try { base = findScheme(ws.db, meta.base_scheme).id; } catch { base = 1; }
  }
  const onlyChanges = meta.only_changes === '1';
  // Attached to the workspace connection, the package is compared with the draft inside SQLite: only what differs
  // reaches JavaScript, so a package of a whole county costs one pass over it, not a copy of it in memory.
  ws.db.prepare(`ATTACH DATABASE ? AS ${PKG}`).run(src);
  let imported = false;
  try {
    const result = ws.transaction(() => {
      const name = opts.name ?? `${meta.scheme ?? '方案'}（导入）`;
      const scheme = createScheme(ws.db, { fromId: base, name, note: meta.note ?? '', origin: path.basename(src) });
      const editor = new Editor(ws, scheme.id);
      editor.ctx.history.run('import.package', (tx) => {
        let n = 0;
        const apply = (layer: LayerInfo, plan: LayerPlan) => {
          const read = ws.db.prepare(`SELECT ${plan.cols.map((c) => `${quoteId(c)}, `).join('')}${plan.wkb} wkb FROM ${PKG}.${quoteId(layer.key)} WHERE fid = ?`);
          for (const { fid, exported } of plan.changed) {
            const r = read.get(fid) as Record<string, unknown>;
            const attrs: Attributes = {};
            for (const c of plan.cols) attrs[c] = r[c] as Attributes[string];
            if (exported) tx.put(layer.id, fid, { wkb: r.wkb as Buffer, attrs: { ...(editor.ctx.table(layer.id).read(fid)?.attrs ?? {}), ...attrs } });
            else tx.create(layer.id, attrs, r.wkb as Buffer);
            n++;
          }
          for (const fid of plan.removed) if (editor.ctx.table(layer.id).exists(fid)) { tx.delete(layer.id, fid); n++; }
        };
        for (const key of layerKeys) {
          const layer = layers.find((l) => l.key === key)!;
          apply(layer, planLayer(ws, editor.ctx.table(layer.id), key, { srid: Number(meta.srid), onlyChanges, file: src }));
        }
        if (onlyChanges) {
          // Removals from layers the package has no table for (every feature of theirs that changed was removed).
          const elsewhere = ws.db.prepare(`SELECT DISTINCT layer FROM ${PKG}.sanxian_features WHERE state = 'removed'`).pluck().all() as string[];
          for (const key of elsewhere) {
            const layer = layers.find((l) => l.key === key);
            if (!layer || layerKeys.includes(key)) continue;
            apply(layer, { cols: [], wkb: 'NULL', changed: [], removed: removedFids(ws, key) });
          }
        }
        return { zh: `导入方案包 ${path.basename(src)}（${n} 处修改）`, en: `Imported scheme package ${path.basename(src)} (${n} changes)` };
      });
      return getScheme(ws.db, scheme.id);
    });
    imported = true;
    return result;
  } finally {
    // A DETACH that fails after a failed import must not hide why the import failed.
    try { ws.db.exec(`DETACH DATABASE ${PKG}`); } catch (e) { if (imported) throw e; }
  }
}

const PKG = 'sx_package';

interface LayerPlan {
  /** Attribute columns the package and the layer share. */
  cols: string[];
  /** SQL for a package row's geometry as workspace WKB. */
  wkb: string;
  /** Package rows that differ from the draft (exported) or are new to it (drawn elsewhere), in fid order. */
  changed: { fid: number; exported: boolean }[];
  removed: number[];
}

/**
 * What importing one layer of the attached package changes, worked out before anything is written: the fids that
 * differ, are new or were removed. Working it out first keeps a feature the package adds (under a new fid) from
 * looking like one the package lacks.
 */
function planLayer(ws: Workspace, table: LayerTable, key: string, opts: { srid: number; onlyChanges: boolean; file: string }): LayerPlan {
  const pkgTable = `${PKG}.${quoteId(key)}`;
  const cols = (ws.db.prepare(`PRAGMA ${PKG}.table_info(${quoteId(key)})`).all() as { name: string }[])
    .map((c) => c.name).filter((c) => c !== 'fid' && c !== 'geom' && table.columns.includes(c));
  const geom = opts.srid === ws.srid ? 'GeomFromGPB(geom)' : `ST_Transform(GeomFromGPB(geom), ${Math.trunc(ws.srid)})`;
  const wkb = `AsBinary(CastToMultiPolygon(${geom}))`;
  const exported = `EXISTS (SELECT 1 FROM ${PKG}.sanxian_features s WHERE s.layer = @key AND s.fid = p.fid AND s.state = 'exported')`;
  const differs = [`AsBinary(t.geom) IS NOT p.wkb`, ...cols.map((c) => `p.${quoteId(c)} IS NOT t.${quoteId(c)}`)].join(' OR ');
  const rows = ws.db.prepare(`SELECT p.fid fid, p.exported exported, p.wkb IS NULL bad FROM (
      SELECT fid, ${cols.map((c) => `${quoteId(c)}, `).join('')}${wkb} wkb, ${exported} exported FROM ${pkgTable} p) p
    LEFT JOIN main.${quoteId(table.table)} t ON p.exported AND t.fid = p.fid
    WHERE p.wkb IS NULL OR NOT p.exported OR t.fid IS NULL OR ${differs}
    ORDER BY p.fid`).all({ key }) as { fid: number; exported: number; bad: number }[];
  const bad = rows.find((r) => r.bad);
  if (bad) throw new WorkbenchError('INVALID_GEOMETRY', `${path.basename(opts.file)} ${key} fid ${bad.fid}: 几何为空或不是面 / empty or not a polygon`, opts.file);
  // A whole package lists every feature: what it lacks was deleted. A package of changes says what it removed.
  const removed = opts.onlyChanges ? removedFids(ws, key) : [
    ...ws.db.prepare(`SELECT s.fid FROM ${PKG}.sanxian_features s WHERE s.layer = ? AND s.state = 'exported'
      AND NOT EXISTS (SELECT 1 FROM ${pkgTable} p WHERE p.fid = s.fid)`).pluck().all(key) as number[],
    ...ws.db.prepare(`SELECT t.fid FROM main.${quoteId(table.table)} t WHERE NOT EXISTS (
      SELECT 1 FROM ${PKG}.sanxian_features s WHERE s.layer = ? AND s.fid = t.fid AND s.state = 'exported')`).pluck().all(key) as number[],
  ];
  return { cols, wkb, changed: rows.map((r) => ({ fid: r.fid, exported: r.exported === 1 })), removed };
}

function removedFids(ws: Workspace, key: string): number[] {
  return ws.db.prepare(`SELECT fid FROM ${PKG}.sanxian_features WHERE layer = ? AND state = 'removed'`).pluck().all(key) as number[];
}
