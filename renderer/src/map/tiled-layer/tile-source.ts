// The tiles of one big layer in one scheme, as the map asks for them (docs/scale.md): raster tiles (class bytes from
// main, coloured here) and vector tiles (exact binary geometry), fetched a few at a time, newest wishes first, kept
// in a cache bounded in bytes (least recently wanted out first). After an edit (a new revision) the tiles held stay
// on screen and are checked again: raster tiles by their own revision (main answers "unchanged" for the ones the
// edit did not touch), vector tiles by fetching again.
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';
import type { LayerTiling, RasterTile } from '../../../../shared/contract/tiles.js';
import { featurePixels, tileBounds, type TileKey } from '../../../../shared/domain/tiles.js';
import type { FeatureRef } from '../../state/feature-cache.js';
import { rasterStyleKey, rasterToRgba, type RasterStyle } from './raster-image.js';

export interface TileFetcher {
  raster(z: number, x: number, y: number, known?: number): Promise<RasterTile>;
  vector(z: number, x: number, y: number): Promise<LayerGeometry>;
  big(z: number): Promise<LayerGeometry>;
  featureAt(lon: number, lat: number): Promise<{ fid: number; styleKey: string } | null>;
}

/** Raster levels draw feature edges once an average feature is this many pixels wide. */
export const EDGE_MIN_FEATURE_PX = 6;
/**
 * Fetches on their way at once, by kind: raster tiles are small and asked for together (one request per view,
 * batchCalls); a vector tile is a request of its own, up to megabytes.
 */
const MAX_IN_FLIGHT = { r: 32, v: 6 } as const;
/**
 * Tiles arriving while others are still on their way are shown together, at most this long after the first of
 * them: every redraw costs a frame, and in software WebGL a frame of a county is not cheap.
 */
const SETTLE_MS = 250;
const DEFAULT_BUDGET_BYTES = 160 * 2 ** 20;

export interface RasterEntry {
  kind: 'raster';
  key: string;
  z: number; x: number; y: number;
  /** The tile's own revision (0: empty). */
  revision: number;
  pixels: Uint8Array | null;
  /** Generation of the layer state it was checked against. */
  generation: number;
  image: { styleKey: string; data: ImageData } | null;
}

export interface VectorEntry {
  kind: 'vector';
  key: string;
  /** The tile (null for the layer's big features). */
  tile: TileKey | null;
  geometry: LayerGeometry;
  /** Layer revision it was fetched at. */
  revision: number;
}

type Entry = RasterEntry | VectorEntry;

const keyOf = (kind: 'r' | 'v', z: number, x: number, y: number) => `${kind}${z}/${x}/${y}`;
const kindOf = (key: string) => (key[0] === 'r' ? 'r' : 'v');
/** Tiles wanted within this many asks (each layer asks once or twice per frame) count as on screen. */
const RECENT_TICKS = 4;
/** How long the map may hold its frames for the vector tiles an edit touched. */
export const EDIT_HOLD_MS = 1000;
const BIG = 'vbig';

function bytesOf(e: Entry): number {
  if (e.kind === 'raster') return (e.pixels?.byteLength ?? 0) + (e.image ? e.image.data.data.byteLength : 0) + 64;
  const g = e.geometry;
  // Geometry, plus what the map derives from it (per-vertex colours, about as much again as the positions).
  return g.positions.byteLength * 1.5 + g.triangles.byteLength + g.partStarts.byteLength * 2 + g.ringStarts.byteLength + g.fids.byteLength + 64;
}

/** What an edit changed in a layer, as far as its tiles care: the revision it started from and the features' boxes. */
export interface EditChange {
  fromRevision: number | undefined;
  boxes?: readonly (readonly [number, number, number, number])[];
}

export class TileSource {
  private tiling: LayerTiling;
  /** Bumped when the layer's revision or pyramid changes: raster tiles from older generations are checked again. */
  private generation = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, () => Promise<void>>();
  private readonly inFlight = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private bytes = 0;
  private tick = 0;
  private readonly lastWanted = new Map<string, number>();
  private disposed = false;
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  /** Vector zoom of the big features last wanted. */
  private bigZoom: number | null = null;
  /** Vector tiles on screen an edit touched, until they arrive again (see followingEdit). */
  private readonly awaited = new Set<string>();
  private awaitedUntil = 0;

  constructor(private readonly fetcher: TileFetcher, tiling: LayerTiling, private readonly budgetBytes = DEFAULT_BUDGET_BYTES) {
    this.tiling = tiling;
  }

  get layerId(): number {
    return this.tiling.layerId;
  }

  get state(): LayerTiling {
    return this.tiling;
  }

  /**
   * A newer plan of the same table: a new revision, or the pyramid rebuilt (ready). After an edit whose changed
   * features' boxes are known (`edit`, from the edit's answer), the vector tiles held at the edit's starting revision
   * that no box touches are current at the new one too and are not fetched again: a feature belongs to the tile that
   * holds its box centre, so a tile away from every box cannot have gained, lost or changed one.
   */
  update(tiling: LayerTiling, edit?: EditChange): void {
    const t = this.tiling;
    if (t.revision === tiling.revision && t.ready === tiling.ready && t.classes.length === tiling.classes.length) return;
    if (edit?.boxes && edit.fromRevision !== undefined && tiling.revision !== t.revision) {
      const boxes = edit.boxes;
      for (const e of this.entries.values()) {
        if (e.kind !== 'vector' || !e.tile || e.revision !== edit.fromRevision) continue;
        const [w, s, east, n] = tileBounds(...e.tile);
        if (!boxes.some((b) => b[0] <= east && b[2] >= w && b[1] <= n && b[3] >= s)) e.revision = tiling.revision;
      }
    }
    this.tiling = tiling;
    this.generation++;
    if (edit?.boxes) {
      // The touched vector tiles on screen are asked for now, and until they are here the map draws no frame
      // (followingEdit): in software WebGL a frame still showing the old tiles would hold the page for up to half a
      // second, and the requests with it.
      this.awaited.clear();
      for (const e of [...this.entries.values()]) {
        if (e.kind !== 'vector' || e.revision === tiling.revision || (this.lastWanted.get(e.key) ?? 0) < this.tick - RECENT_TICKS) continue;
        const z = e.tile?.[0] ?? this.bigZoom;
        if (z === null) continue;
        this.fetchVector(e.key, z, e.tile);
        this.awaited.add(e.key);
      }
      this.awaitedUntil = this.awaited.size ? performance.now() + EDIT_HOLD_MS : 0;
    }
    this.notify();
  }

  /** The vector tiles on screen that an edit touched are on their way (for at most EDIT_HOLD_MS). */
  get followingEdit(): boolean {
    if (this.awaited.size && performance.now() >= this.awaitedUntil) this.awaited.clear();
    return this.awaited.size > 0;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  /** Should raster tiles at tile zoom z draw feature edges? */
  featureEdgesAt(z: number): boolean {
    return this.tiling.plan !== null && featurePixels(this.tiling.plan, z) >= EDGE_MIN_FEATURE_PX;
  }

  /**
   * The raster tiles wanted now: those held are returned (possibly from an older revision, still drawn), the missing
   * and the stale ones are fetched.
   */
  wantRaster(tiles: readonly TileKey[]): RasterEntry[] {
    const out: RasterEntry[] = [];
    const now = ++this.tick;
    for (const [z, x, y] of tiles) {
      const key = keyOf('r', z, x, y);
      this.lastWanted.set(key, now);
      const e = this.entries.get(key) as RasterEntry | undefined;
      if (e) out.push(e);
      // While the pyramid is being rebuilt the stored tiles are behind anyway: keep what we have until it is ready.
      const stale = e && e.generation !== this.generation && this.tiling.ready;
      if ((!e && (this.tiling.ready || this.tiling.classes.length > 0)) || stale) {
        this.enqueue(key, async () => {
          const known = e?.revision;
          const generation = this.generation;
          const tile = await this.fetcher.raster(z, x, y, known);
          const current = this.entries.get(key) as RasterEntry | undefined;
          if (tile.unchanged && current) {
            current.generation = generation;
            return;
          }
          this.put({ kind: 'raster', key, z, x, y, revision: tile.revision, pixels: tile.pixels, generation, image: null });
        });
      }
    }
    this.evict();
    return out;
  }

  /** Are all these raster tiles held and current (for "the first frame is drawn")? */
  rasterLoaded(tiles: readonly TileKey[]): boolean {
    if (!this.tiling.ready) return false;
    return tiles.every(([z, x, y]) => {
      const e = this.entries.get(keyOf('r', z, x, y)) as RasterEntry | undefined;
      return e !== undefined && e.generation === this.generation;
    });
  }

  /** The vector tiles wanted now (and the layer's big features), as for raster tiles. */
  wantVector(z: number, tiles: readonly (readonly [number, number])[]): VectorEntry[] {
    const out: VectorEntry[] = [];
    const now = ++this.tick;
    const wanted: [string, TileKey | null][] = [[BIG, null], ...tiles.map(([x, y]): [string, TileKey] => [keyOf('v', z, x, y), [z, x, y]])];
    this.bigZoom = z;
    for (const [key, tile] of wanted) {
      this.lastWanted.set(key, now);
      const e = this.entries.get(key) as VectorEntry | undefined;
      if (e) out.push(e);
      if (!e || e.revision !== this.tiling.revision) this.fetchVector(key, z, tile);
    }
    this.evict();
    return out;
  }

  /** A vector tile (null: the big features at vector zoom z) at the current revision. */
  private fetchVector(key: string, z: number, tile: TileKey | null): void {
    const revision = this.tiling.revision;
    this.enqueue(key, async () => {
      try {
        const geometry = await (tile ? this.fetcher.vector(...tile) : this.fetcher.big(z));
        this.put({ kind: 'vector', key, tile, geometry, revision });
      } finally {
        if (this.awaited.delete(key) && !this.awaited.size) this.flush();
      }
    });
  }

  vectorLoaded(z: number, tiles: readonly (readonly [number, number])[]): boolean {
    return [BIG, ...tiles.map(([x, y]) => keyOf('v', z, x, y))].every((key) => {
      const e = this.entries.get(key) as VectorEntry | undefined;
      return e !== undefined && e.revision === this.tiling.revision;
    });
  }

  /** The image of a raster tile in a style, made once per style. */
  imageOf(entry: RasterEntry, style: RasterStyle): ImageData | null {
    if (!entry.pixels) return null;
    const styleKey = rasterStyleKey(style);
    if (entry.image?.styleKey !== styleKey) {
      const before = bytesOf(entry);
      entry.image = { styleKey, data: new ImageData(rasterToRgba(entry.pixels, style), 256, 256) };
      this.bytes += bytesOf(entry) - before;
    }
    return entry.image.data;
  }

  /** The feature under a point, from main (where the map shows class rasters and the fid is not at hand). */
  async featureAt(lon: number, lat: number): Promise<FeatureRef | null> {
    const hit = await this.fetcher.featureAt(lon, lat);
    return hit ? { layerId: this.tiling.layerId, fid: hit.fid } : null;
  }

  /** A feature's geometry from a vector tile held, if any (its rings for the selection outline). */
  geometryHolding(fid: number): LayerGeometry | null {
    for (const e of this.entries.values()) {
      if (e.kind === 'vector' && e.geometry.fids.includes(fid)) return e.geometry;
    }
    return null;
  }

  get heldBytes(): number {
    return this.bytes;
  }

  private put(entry: Entry): void {
    if (this.disposed) return;
    const old = this.entries.get(entry.key);
    if (old) this.bytes -= bytesOf(old);
    this.entries.set(entry.key, entry);
    this.bytes += bytesOf(entry);
    this.notifyTimer ??= setTimeout(() => this.flush(), SETTLE_MS);
  }

  private flush(): void {
    if (this.notifyTimer !== null) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    if (!this.disposed) this.notify();
  }

  private enqueue(key: string, run: () => Promise<void>): void {
    if (this.inFlight.has(key)) return;
    // Re-inserted at the end: the newest wishes go first (taken from the end).
    this.pending.delete(key);
    this.pending.set(key, run);
    this.pump();
  }

  private pump(): void {
    const keys = [...this.pending.keys()];
    const busy = { r: 0, v: 0 };
    for (const key of this.inFlight) busy[kindOf(key)]++;
    // Newest first (at the end).
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const kind = kindOf(key);
      if (busy[kind] >= MAX_IN_FLIGHT[kind]) continue;
      const run = this.pending.get(key)!;
      this.pending.delete(key);
      // Wished for long ago and not since (the map moved on): drop it.
      if ((this.lastWanted.get(key) ?? 0) < this.tick - 200) continue;
      busy[kind]++;
      this.inFlight.add(key);
      run().catch((e: unknown) => {
        if (!this.disposed) console.warn(`tile ${key} of layer ${this.tiling.layerId} failed`, e);
      }).finally(() => {
        this.inFlight.delete(key);
        this.pump();
        // Everything wanted is here: show it now rather than at the end of the settling time.
        if (this.notifyTimer !== null && this.inFlight.size === 0 && this.pending.size === 0) this.flush();
      });
    }
  }

  private evict(): void {
    if (this.bytes <= this.budgetBytes) return;
    const byAge = [...this.entries.values()].sort((a, b) => (this.lastWanted.get(a.key) ?? 0) - (this.lastWanted.get(b.key) ?? 0));
    const keepFrom = this.tick - 1;
    for (const e of byAge) {
      if (this.bytes <= this.budgetBytes * 0.8) break;
      if ((this.lastWanted.get(e.key) ?? 0) >= keepFrom) break;
      this.entries.delete(e.key);
      this.lastWanted.delete(e.key);
      this.bytes -= bytesOf(e);
    }
  }

  /** Pending fetches (none: everything wanted has arrived). */
  get busy(): boolean {
    return this.pending.size + this.inFlight.size > 0;
  }

  dispose(): void {
    this.disposed = true;
    if (this.notifyTimer !== null) clearTimeout(this.notifyTimer);
    this.pending.clear();
    this.entries.clear();
    this.listeners.clear();
    this.bytes = 0;
  }
}
