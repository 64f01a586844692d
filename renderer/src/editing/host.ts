// The editing host: everything a mode may ask of the map and of main. Implemented once for deck.gl and the contract
// (deck/deck-host.ts) and by a fake in the specs (testing/fake-host.ts), so modes never touch either.
import type {
  EditResult, FeatureGeometry, GeometryInput, SnapExclude, SnapTarget, TraceResult, ValidationResult,
} from '../../../shared/contract/editing.js';
import type { EditSettings } from './settings.js';
import type { EditPreview, EditRequest, FeatureRef, LonLat, ModeStatus, Notice, ScreenPoint, Vertex } from './types.js';

export type PickScope =
  /** Features of the edited layer only. */
  | 'edit'
  /** The topmost feature of any visible layer except the edited one (copy from, clip by). */
  | 'other';

export interface EditingHost {
  // ---- the map ----
  /** lon/lat → map pixels (origin top-left of the map). */
  project(p: LonLat): ScreenPoint;
  unproject(p: ScreenPoint): LonLat;
  /** Ground metres per screen pixel at the current zoom (snap tolerances are set in pixels). */
  metersPerPixel(): number;
  /** Planar x, y in the workspace CRS for measuring; exact vertices use their own. Null when the CRS is unknown. */
  planar(v: Vertex): [number, number] | null;
  /** lon/lat of a point given in the workspace CRS (a corner built there); null when the CRS is unknown. */
  fromPlanar(xy: [number, number]): LonLat | null;
  setCursor(cursor: string | null): void;
  /** Replace what the edit overlay shows. */
  render(preview: EditPreview): void;
  setStatus(status: ModeStatus): void;
  notify(notice: Notice): void;
  /**
   * The feature under the point: of the edited layer ('edit') or another visible one ('other'). Where a big layer
   * shows class rasters the map knows only the 地类 there, and main is asked which feature it is.
   */
  pickFeature(point: ScreenPoint, scope: PickScope): Promise<FeatureRef | null>;
  /**
   * The same, for a press that must decide now whether it is taken (else the map pans): null when nothing of the
   * scope is drawn there; the feature where the map draws features; its answer to come where a class raster shows
   * a 地类 there (main names the feature).
   */
  pickDrawnFeature(point: ScreenPoint, scope: PickScope): FeatureRef | Promise<FeatureRef | null> | null;
  /** The feature of the edited layer one of whose holes contains the point. */
  featureWithHoleAt(p: LonLat): Promise<FeatureRef | null>;

  // ---- the session ----
  settings(): EditSettings;
  selection(): FeatureRef[];
  setSelection(refs: FeatureRef[]): void;

  // ---- main (through the contract) ----
  /**
   * Nearest vertex, intersection or edge of the snap layers within toleranceM; null when none (or snapping fails).
   * `exclude`: features (being moved) and exact vertices (being dragged) that are no targets.
   */
  snap(position: LonLat, toleranceM: number, exclude?: SnapExclude): Promise<SnapTarget | null>;
  /** The path along boundaries of the snap layers (without the excluded features); null when there is none. */
  trace(from: Vertex, to: Vertex, exclude?: SnapExclude): Promise<TraceResult | null>;
  validate(geometry: GeometryInput, fid?: number): Promise<ValidationResult | null>;
  featureGeometry(ref: FeatureRef): Promise<FeatureGeometry | null>;
  /**
   * Runs the edit (for `create` after the attribute form); resolves with the result, or null when the user
   * cancelled or main refused it (the host has shown why; nothing was saved).
   */
  commit(request: EditRequest): Promise<EditResult | null>;
}
