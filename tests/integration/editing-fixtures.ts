// A small workspace for the editing tests: a 3 × 2 grid of 100 m parcels that share their edges exactly (with
// micrometre coordinates, as real data has, so "on the 1 mm grid" is never true by accident), a red line, an empty
// farmland and urban boundary layer, and admin layers.
import { createHash } from 'node:crypto';
import { Editor } from '../../main/core/editing/editor.js';
import { quoteId } from '../../main/core/editing/features.js';
import type { XY } from '../../main/core/editing/geometry.js';
import { Workspace } from '../../main/core/workspace/workspace.js';

export const X0 = 40_450_000.123456;
export const Y0 = 3_510_000.654321;
export const CELL = 100;

export interface Fixture {
  ws: Workspace;
  editor: Editor;
  layers: { dltb: number; yjjbnt: number; stbhhx: number; czkfbj: number; village: number; town: number };
  /** fid of the parcel in column i, row j. */
  parcel(i: number, j: number): number;
}

export function rectWkt(x0: number, y0: number, x1: number, y1: number): string {
  return `MULTIPOLYGON(((${x0} ${y0}, ${x1} ${y0}, ${x1} ${y1}, ${x0} ${y1}, ${x0} ${y0})))`;
}

/** Grid corner (i, j) in workspace coordinates. */
export const corner = (i: number, j: number): XY => [X0 + i * CELL, Y0 + j * CELL];

export function buildFixture(file: string): Fixture {
  const ws = Workspace.create(file, { name: '编辑测试', srid: 4528 });
  const town = ws.addLayer('town');
  ws.insertFeatures(town.id, [{ attributes: { XZQDM: '320413104', XZQMC: '朱林镇', SJXZQDM: '320413' }, wkt: rectWkt(X0 - 5000, Y0 - 5000, X0 + 5000, Y0 + 5000) }]);
  const village = ws.addLayer('village');
  ws.insertFeatures(village.id, [
    { attributes: { ZLDWDM: '320413104201', ZLDWMC: '黄金村', SJXZQDM: '320413104' }, wkt: rectWkt(X0 - 5000, Y0 - 5000, X0 + 150, Y0 + 5000) },
    { attributes: { ZLDWDM: '320413104202', ZLDWMC: '龙溪村', SJXZQDM: '320413104' }, wkt: rectWkt(X0 + 150, Y0 - 5000, X0 + 5000, Y0 + 5000) },
  ]);
  const dltb = ws.addLayer('landuse');
  const fids: number[][] = [];
  for (let i = 0; i < 3; i++) {
    fids.push([]);
    for (let j = 0; j < 2; j++) {
      const [a, b] = corner(i, j);
      const [c, d] = corner(i + 1, j + 1);
      const [fid] = ws.insertFeatures(dltb.id, [{
        attributes: { BSM: `BSM-${i}${j}`, TBBH: `${i}${j}`, DLBM: '0101', DLMC: '水田', ZLDWDM: '320413104201', TBMJ: 10000.5, KCXS: 0.1 * (i + 1), SJNF: 2023 },
        wkt: rectWkt(a, b, c, d),
      }]);
      fids[i]!.push(fid!);
    }
  }
  const stbhhx = ws.addLayer('eco_redline');
  // The red line covers the right half of column 2 and extends beyond.
  ws.insertFeatures(stbhhx.id, [{ attributes: { HXMC: '长荡湖' }, wkt: rectWkt(X0 + 250, Y0 - 50, X0 + 400, Y0 + 250) }]);
  const yjjbnt = ws.addLayer('permanent_farmland');
  const czkfbj = ws.addLayer('urban_boundary');
  const editor = new Editor(ws);
  return {
    ws, editor,
    layers: { dltb: dltb.id, yjjbnt: yjjbnt.id, stbhhx: stbhhx.id, czkfbj: czkfbj.id, village: village.id, town: town.id },
    parcel: (i, j) => fids[i]![j]!,
  };
}

/** Exact positions [lon, lat, x, y] for workspace points (what snap answers look like). */
export function exact(f: Fixture, pts: XY[]): number[][] {
  return f.editor.ctx.projector.positions(pts);
}

/** Free positions [lon, lat] for workspace points, as a click that snapped to nothing would send them. */
export function free(f: Fixture, pts: XY[]): number[][] {
  return f.editor.ctx.projector.unproject(pts).map(([lon, lat]) => [lon, lat]);
}

/** Polygon input from workspace points (exact positions). */
export function polygon(f: Fixture, pts: XY[]) {
  return { type: 'Polygon' as const, coordinates: [exact(f, pts)] };
}

/** A hash of every row of a table (fid, geometry blob, attributes) and of the edit log: "nothing changed". */
export function tableHash(ws: Workspace, ...tables: string[]): string {
  const h = createHash('sha256');
  for (const t of tables) {
    for (const row of ws.db.prepare(`SELECT * FROM ${quoteId(t)} ORDER BY fid`).iterate() as Iterable<Record<string, unknown>>) {
      for (const [k, v] of Object.entries(row)) h.update(`${k}=`).update(Buffer.isBuffer(v) ? v : String(v)).update(';');
    }
  }
  for (const row of ws.db.prepare('SELECT id, action, state FROM sx_edit_log ORDER BY id').iterate() as Iterable<Record<string, unknown>>) h.update(JSON.stringify(row));
  h.update(JSON.stringify(ws.db.prepare('SELECT table_name, feature_count, revision FROM sx_layer_tables ORDER BY table_name').all()));
  return h.digest('hex');
}

export function wkbOf(ws: Workspace, table: string, fid: number): Buffer | null {
  return (ws.db.prepare(`SELECT AsBinary(geom) w FROM ${quoteId(table)} WHERE fid = ?`).get(fid) as { w: Buffer | null } | undefined)?.w ?? null;
}

export function area(ws: Workspace, table: string, fid: number): number {
  return (ws.db.prepare(`SELECT ST_Area(geom) a FROM ${quoteId(table)} WHERE fid = ?`).get(fid) as { a: number }).a;
}

export function expectCode(fn: () => unknown, code: string): Error & { code: string } {
  try {
    fn();
  } catch (e) {
    if ((e as { code?: string }).code !== code) throw new Error(`expected ${code}, got ${(e as { code?: string }).code}: ${(e as Error).message}`);
    return e as Error & { code: string };
  }
  throw new Error(`expected error ${code}`);
}
