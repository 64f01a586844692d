// The raster levels of a big layer's tile pyramid, cached in the workspace (docs/scale.md): per SQL table (so each
// scheme's table has its own) and per content revision. sx_tile_sets says which revision of a table the tiles
// show; sx_tiles holds the non-empty 256×256 class rasters, deflated. An edit redraws, in its own transaction, only
// the pixels whose centres lie in the edited features' boxes (before and after), so only the tiles it touched
// change; anything else that changes a table (an import, a style switch between fixed and 地类 colours) leaves the
// set behind its table's revision, and it is rebuilt in a worker when next drawn.
import proj4 from 'proj4';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CGCS2000_GEOGRAPHIC, proj4Definition } from '../../../../shared/domain/crs.js';
import { LAYER_KINDS } from '../../../../shared/domain/layer-kinds.js';
import type { LayerInfo } from '../../../../shared/contract/schemas.js';
import {
  TILED_MIN_FEATURES, TILE_SIZE, latOfWorldY, planTiles, tilesInBounds, worldX, worldY, type TilePlan,
} from '../../../../shared/domain/tiles.js';
import type { Db } from '../../db/spatialite.js';
import { WorkbenchError } from '../../errors.js';
import { schemeLayerRow, type LayerRow } from '../../workspace/layer-registry.js';
import { gkInverse, type GkInverse } from '../gk-inverse.js';
import { parsePolygonWkb } from '../layer-geometry.js';
import { MAX_CLASSES, RasterWindow, rasterizeFeature } from './raster.js';

export interface TileSet {
  table: string;
  revision: number;
  /** The attribute whose value is the class ('DLBM' for 地类 colours), '' when every feature has one class. */
  styleField: string;
  /** Style key of class c is classes[c − 1]. */
  classes: string[];
  /** Number of features of class c at counts[c − 1] (the legend). */
  counts: number[];
  plan: TilePlan;
  builtAt: string;
}

export interface BuildHooks {
  isCancelled?: () => boolean;
  onProgress?: (fraction: number) => void;
}

/** Edits whose boxes cover more than this many finest-level tiles leave the set to a rebuild instead. */
const MAX_PATCH_TILES = 64;
const TILE_PIXELS = TILE_SIZE * TILE_SIZE;

/** Layers with at least this many features are tiled (SANXIAN_TILED_MIN_FEATURES overrides it, for tests). */
export function tiledMinFeatures(): number {
  const env = Number(process.env.SANXIAN_TILED_MIN_FEATURES);
  return Number.isFinite(env) && env > 0 ? env : TILED_MIN_FEATURES;
}

export function isTiledLayer(layer: Pick<LayerInfo, 'featureCount' | 'extent' | 'geometryType'>): boolean {
  return layer.featureCount >= tiledMinFeatures() && layer.extent !== null && /POLYGON/i.test(layer.geometryType);
}

/** Builds the pyramid of every tiled layer of the scheme (a new sample, so its first open draws at once). */
export function buildPyramids(db: Db, layers: readonly LayerInfo[], schemeId: number, hooks: BuildHooks = {}): BuiltPyramid[] {
  return layers.filter(isTiledLayer).map((l) => buildPyramid(db, l.id, schemeId, { isCancelled: hooks.isCancelled }));
}

export function ensureTileTables(db: Db): void {
  db.exec(`CREATE TABLE IF NOT EXISTS sx_tile_sets (
      table_name TEXT PRIMARY KEY, revision INTEGER NOT NULL, style_field TEXT NOT NULL, classes_json TEXT NOT NULL,
      counts_json TEXT NOT NULL, plan_json TEXT NOT NULL, built_at TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS sx_tiles (
      table_name TEXT NOT NULL, z INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL,
      revision INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (table_name, z, x, y)) WITHOUT ROWID;`);
}

function hasTileTables(db: Db): boolean {
  return db.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sx_tile_sets', 'sx_tiles')`).pluck().get() === 2;
}

export function readTileSet(db: Db, table: string): TileSet | null {
  if (!hasTileTables(db)) return null;
  const r = db.prepare('SELECT * FROM sx_tile_sets WHERE table_name = ?').get(table) as
    { table_name: string; revision: number; style_field: string; classes_json: string; counts_json: string; plan_json: string; built_at: string } | undefined;
  if (!r) return null;
  return {
    table: r.table_name, revision: r.revision, styleField: r.style_field, classes: JSON.parse(r.classes_json) as string[],
    counts: JSON.parse(r.counts_json) as number[], plan: JSON.parse(r.plan_json) as TilePlan, builtAt: r.built_at,
  };
}

/** The class attribute a layer's style calls for: DLBM in 地类 mode (when the kind has it), else none. */
export function styleFieldOf(layer: Pick<LayerRow, 'kind' | 'style_json'>): string {
  const style = JSON.parse(layer.style_json) as { mode?: string };
  const fields = LAYER_KINDS[layer.kind as keyof typeof LAYER_KINDS]?.fields ?? [];
  return style.mode === 'dlbm' && fields.some((f) => f.name === 'DLBM') ? 'DLBM' : '';
}

/** Is the set current for this layer row (same content revision, same class attribute)? */
export function isCurrent(set: TileSet | null, layer: Pick<LayerRow, 'revision' | 'kind' | 'style_json'>): set is TileSet {
  return set !== null && set.revision === layer.revision && set.styleField === styleFieldOf(layer);
}

/** Median width of the layer's features (√ of their box area), from a sample of its R*Tree. */
export function typicalWidthM(db: Db, table: string, featureCount: number): number {
  const step = Math.max(1, Math.floor(featureCount / 4000));
  const widths = (db.prepare(`SELECT sqrt((xmax - xmin) * (ymax - ymin)) FROM "idx_${table}_geom" WHERE pkid % ? = 0`).pluck().all(step) as number[])
    .filter((w) => w > 0).sort((a, b) => a - b);
  return widths.length ? widths[Math.floor(widths.length / 2)]! : 1;
}

export function layerPlan(db: Db, layer: LayerRow): TilePlan | null {
  if (!layer.extent_json || layer.feature_count === 0) return null;
  return planTiles(JSON.parse(layer.extent_json) as [number, number, number, number], typicalWidthM(db, layer.table_name, layer.feature_count));
}

function workspaceSrid(db: Db): number {
  return Number(db.prepare(`SELECT value FROM sx_meta WHERE key = 'srid'`).pluck().get());
}

/** GK boxes of lon/lat boxes: corners and edge midpoints projected, widened by a metre (R*Tree boxes are float32). */
class GkWindows {
  private readonly fwd: proj4.Converter;
  constructor(srid: number) {
    this.fwd = proj4(proj4Definition(CGCS2000_GEOGRAPHIC), proj4Definition(srid));
  }
  of([w, s, e, n]: readonly [number, number, number, number]): [number, number, number, number] {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const fx of [0, 0.25, 0.5, 0.75, 1]) {
      for (const fy of [0, 0.5, 1]) {
        const [x, y] = this.fwd.forward([w + (e - w) * fx, s + (n - s) * fy]) as [number, number];
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    }
    const m = 1 + (x1 - x0 + y1 - y0) * 1e-4;
    return [x0 - m, y0 - m, x1 + m, y1 + m];
  }
}

interface FeatureReader {
  /** Calls fn with each feature whose box meets the GK window: rings in world coordinates and its style key. */
  each(gkBox: readonly [number, number, number, number], fn: (fid: number, key: string, rings: Float64Array[]) => void, isCancelled?: () => boolean): void;
}

function featureReader(db: Db, table: string, styleField: string, inv: GkInverse): FeatureReader {
  const stmt = db.prepare(`SELECT fid, AsBinary(geom) g ${styleField ? `, "${styleField}" k` : ''} FROM "${table}"
    WHERE geom IS NOT NULL AND ROWID IN (SELECT pkid FROM "idx_${table}_geom" WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?)`);
  return {
    each([x0, y0, x1, y1], fn, isCancelled) {
      let n = 0;
      for (const row of stmt.iterate(x1, x0, y1, y0) as Iterable<{ fid: number; g: Buffer | null; k?: string | null }>) {
        if (!row.g) continue;
        if ((++n & 1023) === 0 && isCancelled?.()) throw new WorkbenchError('CANCELLED', '已取消 / Cancelled');
        const rings: Float64Array[] = [];
        for (const polygon of parsePolygonWkb(row.g)) {
          for (const ring of polygon.rings) {
            inv.toLonLat(ring);
            for (let i = 0; i < ring.length; i += 2) {
              ring[i] = worldX(ring[i]!);
              ring[i + 1] = worldY(ring[i + 1]!);
            }
            rings.push(ring);
          }
        }
        fn(row.fid, row.k ?? '', rings);
      }
    },
  };
}

/** Class numbers for style keys, 1 up, in order of first appearance. */
class ClassTable {
  readonly keys: string[];
  readonly counts: number[];
  private readonly index = new Map<string, number>();
  constructor(keys: readonly string[] = [], counts: readonly number[] = []) {
    this.keys = [...keys];
    this.counts = keys.map((_, i) => counts[i] ?? 0);
    this.keys.forEach((k, i) => this.index.set(k, i + 1));
  }
  count(key: string, delta: number): void {
    this.counts[this.of(key) - 1]! += delta;
  }
  of(key: string): number {
    let c = this.index.get(key);
    if (c === undefined) {
      if (this.keys.length >= MAX_CLASSES) throw new WorkbenchError('INTERNAL', `more than ${MAX_CLASSES} style classes`);
      this.keys.push(key);
      this.counts.push(0);
      c = this.keys.length;
      this.index.set(key, c);
    }
    return c;
  }
}

export interface BuiltPyramid {
  table: string;
  revision: number;
  tiles: number;
  bytes: number;
  /** False when the table changed while building (nothing was written; build again). */
  written: boolean;
}

/**
 * Builds every raster tile of the layer's table in the scheme and replaces its set, in one pass over the features
 * (strips of one finest tile row; coarser levels are drawn from the same features as their rows go by), then one
 * write transaction that first checks the table did not change meanwhile.
 */
export function buildPyramid(db: Db, layerId: number, schemeId: number, hooks: BuildHooks = {}): BuiltPyramid {
  ensureTileTables(db);
  const srid = workspaceSrid(db);
  // Read everything from one snapshot, so the revision recorded is the one drawn.
  const read = db.transaction(() => {
    const layer = schemeLayerRow(db, schemeId, layerId);
    const plan = layerPlan(db, layer);
    const styleField = styleFieldOf(layer);
    const classes = new ClassTable();
    const tiles: { z: number; x: number; y: number; data: Buffer }[] = [];
    if (plan) drawAll(db, srid, layer, plan, styleField, classes, tiles, hooks);
    return { layer, plan, styleField, classes, tiles };
  });
  const { layer, plan, styleField, classes, tiles } = read.deferred();
  const table = layer.table_name;
  let written = false;
  db.transaction(() => {
    const now = db.prepare('SELECT revision FROM sx_layer_tables WHERE table_name = ?').pluck().get(table) as number | undefined;
    if (now !== layer.revision) return;
    db.prepare('DELETE FROM sx_tiles WHERE table_name = ?').run(table);
    const put = db.prepare('INSERT INTO sx_tiles (table_name, z, x, y, revision, data) VALUES (?, ?, ?, ?, ?, ?)');
    for (const t of tiles) put.run(table, t.z, t.x, t.y, layer.revision, t.data);
    db.prepare(`INSERT INTO sx_tile_sets (table_name, revision, style_field, classes_json, counts_json, plan_json, built_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(table_name) DO UPDATE SET revision = excluded.revision, style_field = excluded.style_field,
      classes_json = excluded.classes_json, counts_json = excluded.counts_json, plan_json = excluded.plan_json, built_at = excluded.built_at`)
      .run(table, layer.revision, styleField, JSON.stringify(classes.keys), JSON.stringify(classes.counts),
        JSON.stringify(plan ?? planTiles([0, 0, 0, 0], 1)), new Date().toISOString());
    written = true;
  }).immediate();
  return { table, revision: layer.revision, tiles: tiles.length, bytes: tiles.reduce((s, t) => s + t.data.length, 0), written };
}

function drawAll(db: Db, srid: number, layer: LayerRow, plan: TilePlan, styleField: string, classes: ClassTable,
  out: { z: number; x: number; y: number; data: Buffer }[], hooks: BuildHooks): void {
  const extent = JSON.parse(layer.extent_json!) as [number, number, number, number];
  const zF = plan.rasterMaxZoom;
  const kMax = zF - plan.rasterMinZoom;
  const [tx0, ty0, tx1, ty1] = tilesInBounds(zF, extent);
  const reader = featureReader(db, layer.table_name, styleField, gkInverse(srid));
  const windows = new GkWindows(srid);
  const levels = Array.from({ length: kMax + 1 }, (_, k) => {
    const cx0 = tx0 >> k, cx1 = tx1 >> k;
    return { k, z: zF - k, cx0, cx1, win: null as RasterWindow | null, row: -1 };
  });
  const tile = new Uint8Array(TILE_PIXELS);
  const scaleF = TILE_SIZE * 2 ** zF;
  const margin = 2 ** kMax; // one pixel of the coarsest level, in finest pixels
  for (let j = ty0; j <= ty1; j++) {
    hooks.onProgress?.((j - ty0) / (ty1 - ty0 + 1));
    const Y0 = j * TILE_SIZE, Y1 = Y0 + TILE_SIZE;
    for (const lv of levels) {
      const T = j >> lv.k;
      if (lv.row !== T) {
        lv.row = T;
        lv.win = new RasterWindow(lv.z, lv.cx0 * TILE_SIZE, T * TILE_SIZE, (lv.cx1 - lv.cx0 + 1) * TILE_SIZE, TILE_SIZE);
      }
    }
    const band: [number, number, number, number] = [extent[0], latOfWorldY((Y1 + margin) / scaleF), extent[2], latOfWorldY((Y0 - margin) / scaleF)];
    reader.each(windows.of(band), (fid, key, rings) => {
      const cls = classes.of(key);
      // Counted once: in the strip holding its first vertex.
      const y = rings[0]![1]! * scaleF;
      if (y >= Y0 && y < Y1) classes.count(key, 1);
      for (const lv of levels) {
        const win = lv.win!;
        // Rows whose centres lie in this strip, and one more on each side (their features are all in the window).
        const from = (Y0 >> lv.k) - win.py0;
        const to = (Y1 >> lv.k) - win.py0 + 2;
        rasterizeFeature(win, rings, cls, fid, Math.max(0, from), Math.min(win.height, to));
      }
    }, hooks.isCancelled);
    for (const lv of levels) {
      const lastStrip = Math.min(((lv.row + 1) << lv.k) - 1, ty1);
      if (j !== lastStrip) continue;
      const win = lv.win!;
      win.markEdges();
      for (let x = lv.cx0; x <= lv.cx1; x++) {
        tile.fill(0);
        if (!win.copyToTile(x, lv.row, tile) || !tile.some((v) => v !== 0)) continue;
        out.push({ z: lv.z, x, y: lv.row, data: deflateRawSync(tile) });
      }
      lv.win = null;
    }
  }
  hooks.onProgress?.(1);
}

/** A stored tile's pixels (256×256 bytes) and the revision it was last drawn at, or null when it is empty. */
export function readRasterTile(db: Db, table: string, z: number, x: number, y: number): { revision: number; pixels: Uint8Array<ArrayBuffer> } | null {
  if (!hasTileTables(db)) return null;
  const r = db.prepare('SELECT revision, data FROM sx_tiles WHERE table_name = ? AND z = ? AND x = ? AND y = ?').get(table, z, x, y) as
    { revision: number; data: Buffer } | undefined;
  if (!r) return null;
  return { revision: r.revision, pixels: new Uint8Array(inflateRawSync(r.data)) };
}

export function tileRevision(db: Db, table: string, z: number, x: number, y: number): number | null {
  if (!hasTileTables(db)) return null;
  return (db.prepare('SELECT revision FROM sx_tiles WHERE table_name = ? AND z = ? AND x = ? AND y = ?').pluck().get(table, z, x, y) as number | undefined) ?? null;
}

export function dropTileSet(db: Db, table: string): void {
  if (!hasTileTables(db)) return;
  db.prepare('DELETE FROM sx_tiles WHERE table_name = ?').run(table);
  db.prepare('DELETE FROM sx_tile_sets WHERE table_name = ?').run(table);
}

/** GK bounding box of WKB polygons (null for none). */
function wkbBox(wkb: Uint8Array): [number, number, number, number] | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const p of parsePolygonWkb(wkb)) {
    for (const ring of p.rings) {
      for (let i = 0; i < ring.length; i += 2) {
        x0 = Math.min(x0, ring[i]!); x1 = Math.max(x1, ring[i]!);
        y0 = Math.min(y0, ring[i + 1]!); y1 = Math.max(y1, ring[i + 1]!);
      }
    }
  }
  return x0 <= x1 ? [x0, y0, x1, y1] : null;
}

/**
 * lon/lat boxes (a hair wider than the features) of what an edit touched, before and after: the pixels to redraw
 * here, and what the map checks its vector tiles against (LayerChange.boxes).
 */
export function editedLonLatBoxes(db: Db, edited: readonly EditedFeature[]): [number, number, number, number][] {
  const inv = gkInverse(workspaceSrid(db));
  const boxes: [number, number, number, number][] = [];
  for (const wkb of edited.flatMap((f) => [f.before?.wkb ?? null, f.after?.wkb ?? null])) {
    const b = wkb && wkbBox(wkb);
    if (!b) continue;
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (const [x, y] of [[b[0], b[1]], [b[0], b[3]], [b[2], b[1]], [b[2], b[3]]] as const) {
      const [lon, lat] = inv.lonLat(x, y);
      w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
    }
    const m = (e - w + n - s) * 1e-3 + 1e-7;
    boxes.push([w - m, s - m, e + m, n + m]);
  }
  return boxes;
}

export type FollowOutcome = 'patched' | 'dropped' | 'none';

/**
 * Keeps a table's tiles in step with an edit, inside the edit's transaction: called after the table's revision moved
 * from `revisionBefore`, with the before and after WKB (workspace CRS) of every feature the edit touched and their
 * lon/lat boxes (editedLonLatBoxes, computed once for this and the edit's answer). Redraws the pixels whose centres
 * lie in those boxes at every level and moves the set to the new revision; a
 * table that has no set yet but was just copied for a scheme (same content revision as the table it came from)
 * takes a copy of that table's tiles first. Never fails the edit: if redrawing fails, the set is dropped and rebuilt
 * when next drawn.
 */
export interface EditedFeature {
  before: { wkb: Uint8Array | null; attrs: Record<string, unknown> } | null;
  after: { wkb: Uint8Array | null; attrs: Record<string, unknown> } | null;
}

export function tilesFollowEdit(db: Db, table: string, revisionBefore: number, edited: readonly EditedFeature[],
  boxes: readonly [number, number, number, number][]): FollowOutcome {
  if (!hasTileTables(db)) return 'none';
  try {
    return db.transaction(() => {
      let set = readTileSet(db, table);
      if (!set) set = adoptSiblingSet(db, table, revisionBefore);
      if (!set) return 'none' as const;
      if (set.revision !== revisionBefore) return 'none' as const;
      const layer = db.prepare(`SELECT l.kind, l.style_json, t.revision, t.layer_id FROM sx_layer_tables t JOIN sx_layers l ON l.id = t.layer_id
        WHERE t.table_name = ?`).get(table) as { kind: string; style_json: string; revision: number; layer_id: number };
      if (set.styleField !== styleFieldOf(layer)) return 'none' as const;
      const srid = workspaceSrid(db);
      const inv = gkInverse(srid);
      const zF = set.plan.rasterMaxZoom;
      const finestTiles = boxes.reduce((sum, b) => {
        const [x0, y0, x1, y1] = tilesInBounds(zF, b);
        return sum + (x1 - x0 + 1) * (y1 - y0 + 1);
      }, 0);
      if (finestTiles > MAX_PATCH_TILES) {
        dropTileSet(db, table);
        return 'dropped' as const;
      }
      const classes = new ClassTable(set.classes, set.counts);
      const keyOf = (image: EditedFeature['before']) => (set.styleField ? String(image?.attrs[set.styleField] ?? '') : '');
      for (const f of edited) {
        if (f.before?.wkb) classes.count(keyOf(f.before), -1);
        if (f.after?.wkb) classes.count(keyOf(f.after), 1);
      }
      const reader = featureReader(db, table, set.styleField, inv);
      const windows = new GkWindows(srid);
      for (const box of boxes) redrawBox(db, table, set.plan, box, classes, reader, windows, layer.revision);
      db.prepare('UPDATE sx_tile_sets SET revision = ?, classes_json = ?, counts_json = ? WHERE table_name = ?')
        .run(layer.revision, JSON.stringify(classes.keys), JSON.stringify(classes.counts), table);
      return 'patched' as const;
    })();
  } catch {
    try { dropTileSet(db, table); } catch { /* nothing more to undo */ }
    return 'dropped';
  }
}

/** Copies the tiles of another table of the same layer at the same content revision (a scheme's fresh copy). */
function adoptSiblingSet(db: Db, table: string, revision: number): TileSet | null {
  const sibling = db.prepare(`SELECT s.table_name FROM sx_tile_sets s JOIN sx_layer_tables a ON a.table_name = s.table_name
      JOIN sx_layer_tables b ON b.layer_id = a.layer_id AND b.table_name = ?
    WHERE s.revision = ? AND s.table_name <> ? LIMIT 1`).pluck().get(table, revision, table) as string | undefined;
  if (!sibling) return null;
  db.prepare(`INSERT INTO sx_tiles (table_name, z, x, y, revision, data) SELECT ?, z, x, y, revision, data FROM sx_tiles WHERE table_name = ?`).run(table, sibling);
  db.prepare(`INSERT INTO sx_tile_sets (table_name, revision, style_field, classes_json, counts_json, plan_json, built_at)
    SELECT ?, revision, style_field, classes_json, counts_json, plan_json, built_at FROM sx_tile_sets WHERE table_name = ?`).run(table, sibling);
  return readTileSet(db, table);
}

/** Redraws, at every raster level, the pixels whose centres lie in a lon/lat box (and their neighbours' edges). */
function redrawBox(db: Db, table: string, plan: TilePlan, box: readonly [number, number, number, number], classes: ClassTable,
  reader: FeatureReader, windows: GkWindows, revision: number): void {
  const get = db.prepare('SELECT data FROM sx_tiles WHERE table_name = ? AND z = ? AND x = ? AND y = ?').pluck();
  const put = db.prepare(`INSERT INTO sx_tiles (table_name, z, x, y, revision, data) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT(table_name, z, x, y) DO UPDATE SET revision = excluded.revision, data = excluded.data`);
  const del = db.prepare('DELETE FROM sx_tiles WHERE table_name = ? AND z = ? AND x = ? AND y = ?');
  for (let z = plan.rasterMinZoom; z <= plan.rasterMaxZoom; z++) {
    const scale = TILE_SIZE * 2 ** z;
    // Pixels whose centres are in the box, widened by one for the edge flags of their neighbours.
    const px0 = Math.floor(worldX(box[0]) * scale - 0.5) - 1;
    const px1 = Math.ceil(worldX(box[2]) * scale - 0.5) + 1;
    const py0 = Math.floor(worldY(box[3]) * scale - 0.5) - 1;
    const py1 = Math.ceil(worldY(box[1]) * scale - 0.5) + 1;
    const win = new RasterWindow(z, px0, py0, px1 - px0 + 1, py1 - py0 + 1);
    // Features meeting the window and its margin.
    const wide: [number, number, number, number] = [
      (px0 - 1) / scale * 360 - 180, latOfWorldY((py1 + 2) / scale), (px1 + 2) / scale * 360 - 180, latOfWorldY((py0 - 1) / scale),
    ];
    reader.each(windows.of(wide), (fid, key, rings) => rasterizeFeature(win, rings, classes.of(key), fid));
    win.markEdges();
    for (let ty = Math.floor(py0 / TILE_SIZE); ty <= Math.floor(py1 / TILE_SIZE); ty++) {
      for (let tx = Math.floor(px0 / TILE_SIZE); tx <= Math.floor(px1 / TILE_SIZE); tx++) {
        const old = get.get(table, z, tx, ty) as Buffer | undefined;
        const pixels = old ? new Uint8Array(inflateRawSync(old)) : new Uint8Array(TILE_PIXELS);
        if (!win.copyToTile(tx, ty, pixels)) continue;
        if (pixels.some((v) => v !== 0)) put.run(table, z, tx, ty, revision, deflateRawSync(pixels));
        else if (old) del.run(table, z, tx, ty);
      }
    }
  }
}
