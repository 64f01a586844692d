// The editing host of the specs: a linear map (1 pixel = 1e-5°, about a metre), snap targets and features given by
// the test, and a record of everything the mode asked for. No WebGL, no contract, no DOM.
import type {
  EditResult, ExactPosition, FeatureGeometry, GeometryInput, SnapExclude, SnapTarget, TraceResult, ValidationResult,
} from '../../../../shared/contract/editing.js';
import type { EditingHost, PickScope } from '../host.js';
import { defaultSettings, type EditSettings } from '../settings.js';
import {
  EMPTY_PREVIEW, IDLE_STATUS, type EditKeyEvent, type EditPointerEvent, type EditPreview, type EditRequest, type FeatureRef,
  type LonLat, type ModeStatus, type Notice, type ScreenPoint, type Vertex,
} from '../types.js';

export const LON0 = 120;
export const LAT0 = 32;
export const DEG_PER_PX = 1e-5;

/** Screen point → lon/lat in the fake map. */
export const lonLatAt = (x: number, y: number): LonLat => [LON0 + x * DEG_PER_PX, LAT0 - y * DEG_PER_PX];
/** An exact position as main would hand it out for the pixel (x, y): planar x, y in metres. */
export const exactAt = (x: number, y: number): ExactPosition => {
  const [lon, lat] = lonLatAt(x, y);
  return [lon, lat, 500_000 + x, 3_500_000 - y];
};

export function pointer(x: number, y: number, mods: Partial<EditPointerEvent> = {}): EditPointerEvent {
  return { lngLat: lonLatAt(x, y), point: { x, y }, button: 0, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods };
}

export function key(k: string, mods: Partial<EditKeyEvent> = {}): EditKeyEvent {
  return { key: k, shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, ...mods };
}

export interface FakeFeature extends FeatureRef {
  /** Screen-space rings of each part (closed or not), for picking and for featureGeometry. */
  parts: [number, number][][][];
}

export class FakeHost implements EditingHost {
  settingsValue: EditSettings = { ...defaultSettings(), layerId: 1, snap: { ...defaultSettings().snap, layerIds: [1] } };
  selectionValue: FeatureRef[] = [];
  /** Exact targets (screen positions) snap.query may answer with, as vertices (of feature 1 of layer 1 unless given). */
  snapVertices: ([number, number] | [number, number, number])[] = [];
  /** Called for snap.trace; return screen points of the path (ends included) or null. */
  traceFn: ((from: Vertex, to: Vertex) => [number, number][] | null) | null = null;
  validation: ValidationResult | null = null;
  features: FakeFeature[] = [];
  /** Features of other layers, for PickScope 'other'. */
  otherFeatures: FakeFeature[] = [];
  /** Holes: feature ref and the hole ring (screen points). */
  holes: { ref: FeatureRef; ring: [number, number][] }[] = [];
  /** Answer of the next commit: a result, null (refused / cancelled), or a function of the request. */
  commitAnswer: ((r: EditRequest) => EditResult | null) | null = null;

  previews: EditPreview[] = [];
  statuses: ModeStatus[] = [];
  notices: Notice[] = [];
  commits: EditRequest[] = [];
  cursors: (string | null)[] = [];
  snapQueries: { position: LonLat; toleranceM: number; exclude?: SnapExclude }[] = [];
  validations: GeometryInput[] = [];

  get lastPreview(): EditPreview {
    return this.previews[this.previews.length - 1] ?? EMPTY_PREVIEW;
  }

  get lastStatus(): ModeStatus {
    return this.statuses[this.statuses.length - 1] ?? IDLE_STATUS;
  }

  project(p: LonLat): ScreenPoint {
    return { x: (p[0] - LON0) / DEG_PER_PX, y: (LAT0 - p[1]) / DEG_PER_PX };
  }
  unproject(p: ScreenPoint): LonLat {
    return lonLatAt(p.x, p.y);
  }
  metersPerPixel(): number {
    return 1;
  }
  planar(v: Vertex): [number, number] | null {
    if (v.length >= 4) return [v[2]!, v[3]!];
    const { x, y } = this.project([v[0], v[1]]);
    return [500_000 + x, 3_500_000 - y];
  }
  fromPlanar(xy: [number, number]): LonLat | null {
    return lonLatAt(xy[0] - 500_000, 3_500_000 - xy[1]);
  }
  setCursor(cursor: string | null): void {
    this.cursors.push(cursor);
  }
  render(p: EditPreview): void {
    this.previews.push(p);
  }
  setStatus(s: ModeStatus): void {
    this.statuses.push(s);
  }
  notify(n: Notice): void {
    this.notices.push(n);
  }
  /** Features answered later, as over a class raster (pickDrawnFeature gives a promise for them). */
  rasterFids = new Set<number>();
  pickDrawnFeature(point: ScreenPoint, scope: PickScope): FeatureRef | Promise<FeatureRef | null> | null {
    const ref = this.featureAt(point, scope);
    return ref && this.rasterFids.has(ref.fid) ? Promise.resolve(ref) : ref;
  }
  private featureAt(point: ScreenPoint, scope: PickScope): FeatureRef | null {
    const list = scope === 'edit' ? this.features : this.otherFeatures;
    const hit = list.find((f) => f.parts.some((rings) => inside([point.x, point.y], rings[0]!) && !rings.slice(1).some((h) => inside([point.x, point.y], h))));
    return hit ? { layerId: hit.layerId, fid: hit.fid } : null;
  }
  pickFeature(point: ScreenPoint, scope: PickScope): Promise<FeatureRef | null> {
    return Promise.resolve(this.featureAt(point, scope));
  }
  featureWithHoleAt(p: LonLat): Promise<FeatureRef | null> {
    const { x, y } = this.project(p);
    return Promise.resolve(this.holes.find((h) => inside([x, y], h.ring))?.ref ?? null);
  }
  settings(): EditSettings {
    return this.settingsValue;
  }
  selection(): FeatureRef[] {
    return this.selectionValue;
  }
  setSelection(refs: FeatureRef[]): void {
    this.selectionValue = refs;
  }
  async snap(position: LonLat, toleranceM: number, exclude?: SnapExclude): Promise<SnapTarget | null> {
    this.snapQueries.push({ position, toleranceM, ...(exclude ? { exclude } : {}) });
    const { x, y } = this.project(position);
    let best: SnapTarget | null = null;
    for (const [vx, vy, fid = 1] of this.snapVertices) {
      if (exclude?.features?.some((f) => f.layerId === 1 && f.fids.includes(fid))) continue;
      const at = exactAt(vx, vy);
      if (exclude?.positions?.some((p) => p.length >= 4 && p[2] === at[2] && p[3] === at[3])) continue;
      const d = Math.hypot(vx - x, vy - y);
      if (d <= toleranceM && (!best || d < best.distanceM)) {
        best = { position: at, kind: 'vertex', layerId: 1, fid, part: 0, ring: 0, index: 0, distanceM: d };
      }
    }
    return best;
  }
  async trace(from: Vertex, to: Vertex): Promise<TraceResult | null> {
    const path = this.traceFn?.(from, to);
    return path ? { path: path.map(([x, y]) => exactAt(x, y)), lengthM: 0, features: [] } : null;
  }
  async validate(geometry: GeometryInput): Promise<ValidationResult | null> {
    this.validations.push(geometry);
    return this.validation;
  }
  async featureGeometry(ref: FeatureRef): Promise<FeatureGeometry | null> {
    const f = this.features.find((g) => g.layerId === ref.layerId && g.fid === ref.fid);
    if (!f) return null;
    return { ...ref, parts: f.parts.map((rings) => rings.map((ring) => closed(ring).map(([x, y]) => exactAt(x, y)))) };
  }
  async commit(request: EditRequest): Promise<EditResult | null> {
    this.commits.push(request);
    if (this.commitAnswer) return this.commitAnswer(request);
    return okResult();
  }
}

export function okResult(changes: EditResult['changes'] = []): EditResult {
  return { editId: 1, action: 'test', summary: { zh: '', en: '' }, changes, layers: [], warnings: [] };
}

function closed(ring: [number, number][]): [number, number][] {
  const a = ring[0]!;
  const b = ring[ring.length - 1]!;
  return a[0] === b[0] && a[1] === b[1] ? ring : [...ring, a];
}

function inside(p: [number, number], ring: [number, number][]): boolean {
  let r = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) r = !r;
  }
  return r;
}

/** Lets pending promises (snap answers, queued steps) run. */
export const flush = () => new Promise((r) => setTimeout(r, 0));
