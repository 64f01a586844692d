// The neutral vocabulary of the editing modes: positions, pointer and key events, what a mode asks the map to show
// and what it asks main to do. No DOM, no deck.gl, no contract client here: modes stay testable with a fake host.
import type { ExactPosition, GeometryInput, SnapTarget } from '../../../shared/contract/editing.js';

export type LonLat = [number, number];
export type { ExactPosition };
/**
 * A vertex as the modes keep it: [lon, lat] when the user placed it freely, [lon, lat, x, y] when main handed it
 * out (a snap answer, a trace, a feature's own geometry). Sent to main as it is, so exact vertices stay exact.
 */
export type Vertex = LonLat | ExactPosition;

export interface ScreenPoint {
  x: number;
  y: number;
}

export interface FeatureRef {
  layerId: number;
  fid: number;
}

export interface Modifiers {
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** A pointer event in map terms: where (lon/lat and map pixels), which button, which modifiers. */
export interface EditPointerEvent extends Modifiers {
  lngLat: LonLat;
  point: ScreenPoint;
  /** 0 left, 1 middle, 2 right. */
  button: number;
}

export interface EditKeyEvent extends Modifiers {
  /** KeyboardEvent.key ('Enter', 'Backspace', 'Escape', 'z', …). */
  key: string;
}

export const lonLatOf = (v: Vertex | readonly number[]): LonLat => [v[0]!, v[1]!];
export const isExact = (v: readonly number[]): v is ExactPosition => v.length >= 4;

/** What a snap gave: the target main found, or a vertex of the sketch itself (closing a ring). */
export interface SnapHit {
  position: Vertex;
  kind: SnapTarget['kind'] | 'sketch';
  target: SnapTarget | null;
}

export type VertexRole = 'vertex' | 'first' | 'selected' | 'midpoint' | 'guide';

/** What a mode shows on the map; the host draws it in the edit overlay (renderer/src/editing/deck/edit-overlay). */
export interface EditPreview {
  /** Polygons being drawn or previewed (rings in lon/lat, closed or not). */
  polygons: LonLat[][][];
  /** Lines being drawn (a split or reshape line), or the rubber band of a ring. */
  lines: LonLat[][];
  /** Dashed guides (the rubber band to the pointer, the closing edge). */
  guides: LonLat[][];
  vertices: { position: LonLat; role: VertexRole }[];
  snap: { position: LonLat; kind: SnapHit['kind'] } | null;
  /** Where validation found a problem (a self-intersection). */
  issues: { position: LonLat; message: string }[];
  /** Features the tool acts on, outlined (the selection, the merge set, the feature being reshaped). */
  highlight: FeatureRef[];
}

export const EMPTY_PREVIEW: EditPreview = Object.freeze({
  polygons: [], lines: [], guides: [], vertices: [], snap: null, issues: [], highlight: [],
}) as EditPreview;

export function preview(parts: Partial<EditPreview>): EditPreview {
  return { ...EMPTY_PREVIEW, ...parts };
}

/**
 * What a mode asks main to do: one contract call each (layerId and the session's avoid-overlap / topological
 * settings are added by the host). `create` goes through the attribute form first.
 */
export type EditRequest =
  | { type: 'create'; geometry: GeometryInput }
  | { type: 'updateGeometry'; fid: number; geometry: GeometryInput }
  | { type: 'delete'; fids: number[] }
  | { type: 'move'; fids: number[]; from: Vertex; to: Vertex }
  | { type: 'vertices'; fid: number; ops: VertexOpRequest[] }
  | { type: 'addPart'; fid: number; rings: Vertex[][] }
  | { type: 'addHole'; fid: number; ring: Vertex[] }
  | { type: 'fillRing'; fid: number; at: Vertex; mode: 'remove' | 'newFeature' }
  | { type: 'split'; fids?: number[]; line: Vertex[] }
  | { type: 'merge'; fids: number[] }
  | { type: 'reshape'; fid: number; line: Vertex[] }
  | { type: 'clip'; fids: number[]; mode: 'keepInside' | 'removeInside'; by: FeatureRef | { geometry: GeometryInput } }
  | { type: 'copy'; from: FeatureRef[] };

export type VertexOpRequest =
  | { op: 'move'; part: number; ring: number; index: number; to: Vertex }
  | { op: 'insert'; part: number; ring: number; index: number; at: Vertex }
  | { op: 'delete'; part: number; ring: number; index: number };

/** Live figures for the status bar while drawing. */
export interface ModeStatus {
  /** i18n key of a one-line hint ('editing.hint.drawPolygon'…). */
  hint: string | null;
  /** Length of the line or perimeter drawn so far (m, planar in the workspace CRS). */
  lengthM: number | null;
  /** Area of the ring drawn so far (m², planar). */
  areaM2: number | null;
  vertexCount: number;
  snapped: SnapHit['kind'] | null;
  /** What live validation found (self-intersection, overlaps), shown before the user tries to save. */
  problems: Notice[];
}

export const IDLE_STATUS: ModeStatus = { hint: null, lengthM: null, areaM2: null, vertexCount: 0, snapped: null, problems: [] };

export type NoticeTone = 'info' | 'warning' | 'error';
export interface Notice {
  tone: NoticeTone;
  /** i18n key (editing.notice.*), or a literal message: main's bilingual text, or an error's message. */
  key?: string;
  text?: string | { zh: string; en: string };
  values?: Record<string, string | number>;
}
