// The editing host for the real map: deck.gl for projection and picking, the layers' binary geometry for hole
// lookups and highlights, the contract for snapping, tracing, validation and exact feature geometry. The session
// supplies what is the session's (settings, selection, the overlay and status sinks, commits).
import { WebMercatorViewport, type Deck } from '@deck.gl/core';
import type {
  EditResult, FeatureGeometry, GeometryInput, SnapExclude, SnapTarget, TraceResult, ValidationResult,
} from '../../../../shared/contract/editing.js';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../../api/client.js';
import { fillLayerId } from '../../map/map-layers.js';
import { fidOfPart } from '../../map/selection-highlight/feature-rings.js';
import { isTiledPick } from '../../map/tiled-layer/tiled-layer.js';
import { withPickSurfaces } from '../../map/pick-surfaces.js';
import type { InverseProjector, Projector } from '../../panels/projection.js';
import { viewStore } from '../../state/map-stores.js';
import { pointInRing } from '../geometry.js';
import type { EditingHost, PickScope } from '../host.js';
import type { EditSettings } from '../settings.js';
import type { EditPreview, EditRequest, FeatureRef, LonLat, ModeStatus, Notice, ScreenPoint, Vertex } from '../types.js';

/** What the session gives the host. */
export interface SessionPort {
  settings(): EditSettings;
  selection(): FeatureRef[];
  setSelection(refs: FeatureRef[]): void;
  render(preview: EditPreview): void;
  setStatus(status: ModeStatus): void;
  notify(notice: Notice): void;
  setCursor(cursor: string | null): void;
  commit(request: EditRequest): Promise<EditResult | null>;
}

export interface MapPort {
  client: WorkbenchClient;
  deck(): Deck | undefined;
  layers(): readonly LayerInfo[];
  geometries(): ReadonlyMap<number, LayerGeometry>;
  projector(): Projector | null;
  inverseProjector(): InverseProjector | null;
}

export class DeckEditingHost implements EditingHost {
  constructor(private readonly map: MapPort, private readonly session: SessionPort) {}

  private viewport() {
    const deck = this.map.deck();
    const vp = deck?.isInitialized ? deck.getViewports()[0] : undefined;
    if (vp) return vp;
    const v = viewStore.get();
    return new WebMercatorViewport({ longitude: v?.longitude ?? 120, latitude: v?.latitude ?? 31.7, zoom: v?.zoom ?? 10, width: v?.width || 800, height: v?.height || 600 });
  }

  project(p: LonLat): ScreenPoint {
    const [x, y] = this.viewport().project(p);
    return { x: x!, y: y! };
  }

  unproject(p: ScreenPoint): LonLat {
    const [lon, lat] = this.viewport().unproject([p.x, p.y]);
    return [lon!, lat!];
  }

  metersPerPixel(): number {
    return this.viewport().metersPerPixel;
  }

  planar(v: Vertex): [number, number] | null {
    if (v.length >= 4) return [v[2]!, v[3]!];
    return this.map.projector()?.(v[0], v[1]) ?? null;
  }

  fromPlanar(xy: [number, number]): LonLat | null {
    return this.map.inverseProjector()?.(xy[0], xy[1]) ?? null;
  }

  setCursor(cursor: string | null): void {
    this.session.setCursor(cursor);
  }

  render(preview: EditPreview): void {
    this.session.render(preview);
  }

  setStatus(status: ModeStatus): void {
    this.session.setStatus(status);
  }

  notify(notice: Notice): void {
    this.session.notify(notice);
  }

  pickDrawnFeature(point: ScreenPoint, scope: PickScope): FeatureRef | Promise<FeatureRef | null> | null {
    const picks = this.picks(point, scope);
    const drawn = picks.find((p) => p.ref)?.ref;
    if (drawn) return drawn;
    const raster = picks.find((p) => p.resolve);
    return raster?.resolve ? raster.resolve().catch(() => null) : null;
  }

  async pickFeature(point: ScreenPoint, scope: PickScope): Promise<FeatureRef | null> {
    for (const pick of this.picks(point, scope)) {
      if (pick.ref) return pick.ref;
      // Over a class raster the map knows only the 地类: main says which feature lies there.
      if (pick.resolve) {
        const ref = await pick.resolve().catch(() => null);
        if (ref) return ref;
      }
    }
    return null;
  }

  /** What the map draws under the point, top first, among the edited layer's ('edit') or the other visible layers'. */
  private picks(point: ScreenPoint, scope: PickScope): { ref: FeatureRef | null; resolve?: () => Promise<FeatureRef | null> }[] {
    const deck = this.map.deck();
    if (!deck?.isInitialized) return [];
    const editId = this.session.settings().layerId;
    const candidates = this.map.layers().filter((l) => l.visible && (scope === 'edit' ? l.id === editId : l.id !== editId));
    const byFillId = new Map(candidates.map((l) => [fillLayerId(l), l]));
    if (!byFillId.size) return [];
    const picks = withPickSurfaces(() => deck.pickMultipleObjects({ x: point.x, y: point.y, radius: 0, depth: 8, layerIds: [...byFillId.keys()] }));
    const out: { ref: FeatureRef | null; resolve?: () => Promise<FeatureRef | null> }[] = [];
    for (const pick of picks) {
      const layer = pick.layer && byFillId.get(pick.layer.id);
      if (!layer) continue;
      const geometry = this.map.geometries().get(layer.id);
      if (geometry && pick.index >= 0) {
        const fid = fidOfPart(geometry, pick.index);
        if (fid !== undefined && fid !== null) out.push({ ref: { layerId: layer.id, fid } });
      } else if (isTiledPick(pick.object)) {
        // A big layer drawn from tiles (docs/scale.md): vector tiles name the feature, class rasters only the class.
        const o = pick.object;
        out.push(o.kind === 'feature' ? { ref: { layerId: layer.id, fid: o.fid } } : { ref: null, resolve: o.resolve });
      }
    }
    return out;
  }

  async featureWithHoleAt(p: LonLat): Promise<FeatureRef | null> {
    const layerId = this.session.settings().layerId;
    if (layerId === null) return null;
    const g = this.map.geometries().get(layerId);
    if (!g) {
      // Not drawn whole (a big layer from tiles): main looks through the features there.
      const hit = await this.map.client.api['edit.featureWithHoleAt']({ layerId, position: p }).catch(() => null);
      return hit ? { layerId, fid: hit.fid } : null;
    }
    let part = 0;
    for (let r = 0; r < g.ringStarts.length - 1; r++) {
      const start = g.ringStarts[r]!;
      while (part < g.partFeature.length - 1 && start >= g.partStarts[part + 1]!) part++;
      // The first ring of a part is its exterior; the others are holes.
      if (start === g.partStarts[part]) continue;
      const ring: [number, number][] = [];
      let inBox = false;
      const end = g.ringStarts[r + 1]!;
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let v = start; v < end; v++) {
        const x = g.positions[v * 2]!;
        const y = g.positions[v * 2 + 1]!;
        minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
        ring.push([x, y]);
      }
      inBox = p[0] >= minX && p[0] <= maxX && p[1] >= minY && p[1] <= maxY;
      if (inBox && pointInRing(p, ring)) {
        const fid = g.fids[g.partFeature[part]!];
        if (fid !== undefined) return { layerId, fid };
      }
    }
    return null;
  }

  settings(): EditSettings {
    return this.session.settings();
  }

  selection(): FeatureRef[] {
    return this.session.selection();
  }

  setSelection(refs: FeatureRef[]): void {
    this.session.setSelection(refs);
  }

  async snap(position: LonLat, toleranceM: number, exclude?: SnapExclude): Promise<SnapTarget | null> {
    const { snap } = this.session.settings();
    if (!snap.enabled || !snap.layerIds.length || !(toleranceM > 0)) return null;
    try {
      const r = await this.map.client.api['snap.query']({
        position, toleranceM: Math.min(toleranceM, 10_000), layerIds: snap.layerIds, kinds: snap.kinds, ...(exclude ? { exclude } : {}),
      });
      return r.snapped;
    } catch (e) {
      console.warn('snap.query failed', e);
      return null;
    }
  }

  async trace(from: Vertex, to: Vertex, exclude?: SnapExclude): Promise<TraceResult | null> {
    const { snap } = this.session.settings();
    try {
      return await this.map.client.api['snap.trace']({ from, to, layerIds: snap.layerIds, ...(exclude ? { exclude } : {}) });
    } catch {
      // NO_PATH: not on a boundary, or no connected boundary between them; the edge stays straight.
      return null;
    }
  }

  async validate(geometry: GeometryInput, fid?: number): Promise<ValidationResult | null> {
    const s = this.session.settings();
    if (s.layerId === null) return null;
    try {
      return await this.map.client.api['edit.validate']({
        layerId: s.layerId, geometry, ...(fid !== undefined ? { fid } : {}),
        ...(s.avoidOverlapLayerIds.length ? { protectedLayerIds: s.avoidOverlapLayerIds } : {}),
      });
    } catch (e) {
      console.warn('edit.validate failed', e);
      return null;
    }
  }

  async featureGeometry(ref: FeatureRef): Promise<FeatureGeometry | null> {
    try {
      return await this.map.client.api['edit.featureGeometry'](ref);
    } catch (e) {
      console.warn('edit.featureGeometry failed', e);
      return null;
    }
  }

  commit(request: EditRequest): Promise<EditResult | null> {
    return this.session.commit(request);
  }
}
