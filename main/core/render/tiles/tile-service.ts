// The tiles.* contract methods (docs/scale.md). Raster tiles are read from the workspace on the main thread (one
// small blob each); vector tiles are built by a worker thread of their own, so a check run busy on the general pool
// never holds up panning; pyramids are (re)built on the general pool, in the background, when a tiled layer is
// drawn and its set is missing or behind, and `tiles.ready` tells the windows when one is done.
import proj4 from 'proj4';
import type { EventPayload } from '../../../../shared/contract/contract.js';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import type { LayerTiling, RasterTile } from '../../../../shared/contract/tiles.js';
import { CGCS2000_GEOGRAPHIC, proj4Definition } from '../../../../shared/domain/crs.js';
import { LAYER_KINDS } from '../../../../shared/domain/layer-kinds.js';
import { planTiles } from '../../../../shared/domain/tiles.js';
import { detailToleranceMeters } from '../../../../shared/domain/display-detail.js';
import type { RunningTask } from '../../jobs/worker-pool.js';
import { WorkerPool } from '../../jobs/worker-pool.js';
import type { Workspace } from '../../workspace/workspace.js';
import { buildLayerGeometry } from '../layer-geometry.js';
import { isTiledLayer, readRasterTile, readTileSet, tileRevision, typicalWidthM } from './pyramid.js';
import type { BuiltPyramid } from './pyramid.js';
import type { VectorTileKey } from './vector-tile.js';

export interface TileServiceDeps {
  workspace(): Workspace;
  /** Runs a pyramid build in the general pool as a job with progress (Workbench.runJob). */
  buildJob(label: string, params: { path: string; layerId: number; scheme: number }): Promise<BuiltPyramid>;
  emit(payload: EventPayload<'tiles.ready'>): void;
}

export { isTiledLayer };

function styleFieldOfInfo(layer: LayerInfo): string {
  return layer.style.mode === 'dlbm' && LAYER_KINDS[layer.kind]?.fields.some((f) => f.name === 'DLBM') ? 'DLBM' : '';
}

/** Vector tiles and simplified layers come in bursts; two workers on these 2-core machines. */
const TILE_WORKERS = 2;
/** A dozen whole layers at a few zooms each. */
const DETAIL_CACHE_ENTRIES = 48;

/** A raster tile asked for, with the revision the caller holds (`known`) if any. */
interface RasterWish { z: number; x: number; y: number; known?: number }

export class TileService {
  private tilePool: WorkerPool | null = null;
  /** Builds running, by table, revision and class attribute. */
  private readonly building = new Map<string, Promise<unknown>>();
  /** Builds that failed, not retried for the same revision. */
  private readonly failed = new Set<string>();
  private toGk: { srid: number; conv: proj4.Converter } | null = null;
  /** Simplified whole layers (detailGeometry), oldest dropped first. */
  private readonly detail = new Map<string, Promise<LayerGeometry>>();

  constructor(private readonly deps: TileServiceDeps) {}

  plan(layerId: number, schemeId?: number): LayerTiling {
    const ws = this.deps.workspace();
    const scheme = schemeId ?? ws.scheme;
    const layer = ws.layer(layerId, scheme);
    const base = { layerId, table: layer.table, revision: layer.revision };
    if (!isTiledLayer(layer)) return { ...base, tiled: false, ready: false, plan: null, classes: [], counts: [] };
    const set = readTileSet(ws.db, layer.table);
    const ready = set !== null && set.revision === layer.revision && set.styleField === styleFieldOfInfo(layer);
    if (!ready) this.ensureBuilt(ws, layer, scheme);
    const plan = set?.plan ?? planTiles(layer.extent!, typicalWidthM(ws.db, layer.table, layer.featureCount));
    return { ...base, tiled: true, ready, plan, classes: set?.classes ?? [], counts: set?.counts ?? [] };
  }

  private ensureBuilt(ws: Workspace, layer: LayerInfo, scheme: number): void {
    const key = `${ws.path}|${layer.table}|${layer.revision}|${styleFieldOfInfo(layer)}`;
    if (this.building.has(key) || this.failed.has(key)) return;
    const build = this.deps.buildJob(`地图瓦片 / Map tiles: ${layer.name}`, { path: ws.path, layerId: layer.id, scheme })
      .then((built) => {
        if (built.written) this.deps.emit({ layerId: layer.id, table: built.table, revision: built.revision });
      }, (e: unknown) => {
        if ((e as { code?: string }).code !== 'CANCELLED') {
          this.failed.add(key);
          console.warn(`tile pyramid of ${layer.table} failed: ${(e as Error).message}`);
        }
      })
      .finally(() => this.building.delete(key));
    this.building.set(key, build);
  }

  /** Resolves when the pyramid builds started so far have settled (tests, benchmarks). */
  async settled(): Promise<void> {
    while (this.building.size) await Promise.allSettled([...this.building.values()]);
  }

  raster(input: { layerId: number; scheme?: number } & RasterWish): RasterTile {
    return this.rasters({ ...input, tiles: [input] })[0]!;
  }

  /** Raster tiles of one layer, in the order asked (the layer looked up once). */
  rasters(input: { layerId: number; scheme?: number; tiles: readonly RasterWish[] }): RasterTile[] {
    const ws = this.deps.workspace();
    const table = ws.layer(input.layerId, input.scheme ?? ws.scheme).table;
    return input.tiles.map(({ z, x, y, known }) => {
      if (known !== undefined) {
        const revision = tileRevision(ws.db, table, z, x, y);
        if (revision === known) return { z, x, y, revision, pixels: null, unchanged: true };
      }
      const tile = readRasterTile(ws.db, table, z, x, y);
      return { z, x, y, revision: tile?.revision ?? 0, pixels: tile?.pixels ?? null, unchanged: false };
    });
  }

  vector(input: { layerId: number; scheme?: number; z: number; x?: number; y?: number; big?: boolean }): Promise<LayerGeometry> {
    const ws = this.deps.workspace();
    const scheme = input.scheme ?? ws.scheme;
    ws.layer(input.layerId, scheme); // an unknown layer or scheme is refused here, not in the worker
    const key: VectorTileKey = input.big ? { z: input.z, big: true } : { z: input.z, x: input.x!, y: input.y! };
    this.tilePool ??= new WorkerPool(TILE_WORKERS);
    const task: RunningTask<LayerGeometry> = this.tilePool.run('vectorTile', { path: ws.path, layerId: input.layerId, scheme, key });
    return task.result;
  }

  /**
   * A whole layer simplified for drawing at a zoom (shared/domain/display-detail.ts), cached by scheme, layer,
   * revision and zoom; no job progress (a map asks again whenever its zoom crosses a whole number).
   */
  detailGeometry(layerId: number, detail: number, schemeId?: number): Promise<LayerGeometry> {
    const ws = this.deps.workspace();
    const scheme = schemeId ?? ws.scheme;
    const layer = ws.layer(layerId, scheme);
    const key = `${ws.path}|${scheme}|${layerId}|${layer.revision}|${detail}`;
    const cached = this.detail.get(key);
    if (cached) return cached;
    const latitude = layer.extent ? (layer.extent[1] + layer.extent[3]) / 2 : 0;
    this.tilePool ??= new WorkerPool(TILE_WORKERS);
    const geometry = this.tilePool.run('detailGeometry', { path: ws.path, layerId, scheme, simplifyMeters: detailToleranceMeters(latitude, detail) }).result;
    geometry.catch(() => { if (this.detail.get(key) === geometry) this.detail.delete(key); });
    this.detail.set(key, geometry);
    while (this.detail.size > DETAIL_CACHE_ENTRIES) this.detail.delete(this.detail.keys().next().value!);
    return geometry;
  }

  /** A layer's features or style changed: its simplified geometry goes (revisions cover edits, not styles). */
  forgetDetail(layerId: number): void {
    for (const key of [...this.detail.keys()]) if (key.split('|')[2] === String(layerId)) this.detail.delete(key);
  }

  featureAt(input: { layerId: number; scheme?: number; lon: number; lat: number }): { fid: number; styleKey: string } | null {
    const ws = this.deps.workspace();
    const layer = ws.layer(input.layerId, input.scheme ?? ws.scheme);
    if (this.toGk?.srid !== ws.srid) this.toGk = { srid: ws.srid, conv: proj4(proj4Definition(CGCS2000_GEOGRAPHIC), proj4Definition(ws.srid)) };
    const [x, y] = this.toGk.conv.forward([input.lon, input.lat]) as [number, number];
    const styleField = styleFieldOfInfo(layer);
    const row = ws.db.prepare(`SELECT fid ${styleField ? `, "${styleField}" k` : ''} FROM "${layer.table}"
      WHERE ROWID IN (SELECT pkid FROM "idx_${layer.table}_geom" WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?)
        AND ST_Contains(geom, MakePoint(?, ?, ${Math.trunc(ws.srid)})) ORDER BY fid DESC LIMIT 1`)
      .get(x, x, y, y, x, y) as { fid: number; k?: string | null } | undefined;
    return row ? { fid: row.fid, styleKey: row.k ?? '' } : null;
  }

  feature(input: { layerId: number; scheme?: number; fid: number }): LayerGeometry {
    const ws = this.deps.workspace();
    return buildLayerGeometry(ws.db, input.layerId, input.scheme ?? ws.scheme, { fids: [input.fid] });
  }

  /** The workspace is closing: stop the vector-tile worker (it holds a connection to the file). */
  async close(): Promise<void> {
    const pool = this.tilePool;
    this.tilePool = null;
    this.failed.clear();
    this.detail.clear();
    await pool?.close();
  }
}
