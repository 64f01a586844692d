// The session's editing settings: which layer is edited, snapping, tracing, avoid-overlap and topological editing.
// Plain data with pure helpers, so the toolbar, the host and the specs agree on what a setting means.
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import type { FieldPolicy } from '../../../shared/domain/attribute-policies.js';

export interface SnapSettings {
  enabled: boolean;
  /** Layers to snap to (vertices, intersections and edges). */
  layerIds: number[];
  /** Tolerance in screen pixels; converted to metres at the current zoom for snap.query. */
  tolerancePx: number;
  kinds: ('vertex' | 'intersection' | 'edge')[];
}

export interface EditSettings {
  /** The layer being edited (null: editing is off). */
  layerId: number | null;
  snap: SnapSettings;
  /** Follow existing boundaries between two snapped clicks (snap.trace over the snap layers). */
  tracing: boolean;
  /** Clip new and edited geometry against these layers (empty: off). */
  avoidOverlapLayerIds: number[];
  /** Shared vertices of these layers move together. */
  topological: { enabled: boolean; layerIds: number[]; toleranceM: number };
  /** Per-field split / merge policies chosen by the user, by layer kind (defaults from shared/domain otherwise). */
  policies: Record<string, Record<string, Partial<FieldPolicy>>>;
  /** Clip / cut: keep what lies inside the other polygon, or remove it. */
  clipMode: 'keepInside' | 'removeInside';
  /** Clip / cut by a clicked feature of any layer, or by a drawn polygon. */
  clipSource: 'feature' | 'draw';
  /** Fill ring: delete the hole, or keep it and fill it with a new feature. */
  fillRingMode: 'remove' | 'newFeature';
  /** Rectangle: two opposite corners along the workspace grid, or one side and a width (rotated), as QGIS. */
  rectangleMode: 'extent' | 'threePoints';
}

export const DEFAULT_TOLERANCE_PX = 10;
export const MAX_TOLERANCE_PX = 50;

export function defaultSettings(): EditSettings {
  return {
    layerId: null,
    snap: { enabled: true, layerIds: [], tolerancePx: DEFAULT_TOLERANCE_PX, kinds: ['vertex', 'intersection', 'edge'] },
    tracing: false,
    avoidOverlapLayerIds: [],
    topological: { enabled: false, layerIds: [], toleranceM: 0 },
    policies: {},
    clipMode: 'removeInside',
    clipSource: 'draw',
    fillRingMode: 'remove',
    rectangleMode: 'extent',
  };
}

/** Polygon layers a user can edit (all workspace layers are polygon layers today). */
export function editableLayers(layers: readonly LayerInfo[]): LayerInfo[] {
  return layers.filter((l) => /POLYGON/i.test(l.geometryType));
}

/**
 * Settings for a newly chosen edit layer: snap to it and to the visible layers planners follow (三调 parcels, the
 * three lines, villages), topological editing within the layer itself.
 */
export function settingsForLayer(prev: EditSettings, layerId: number | null, layers: readonly LayerInfo[]): EditSettings {
  if (layerId === null) return { ...prev, layerId: null };
  const visible = layers.filter((l) => l.visible && l.featureCount > 0 && l.id !== layerId).map((l) => l.id);
  const keep = prev.snap.layerIds.filter((id) => layers.some((l) => l.id === id));
  const snapLayers = prev.layerId === null && keep.length === 0 ? [layerId, ...visible] : unique([layerId, ...keep]);
  return {
    ...prev,
    layerId,
    snap: { ...prev.snap, layerIds: snapLayers },
    avoidOverlapLayerIds: prev.avoidOverlapLayerIds.filter((id) => layers.some((l) => l.id === id)),
    topological: { ...prev.topological, layerIds: unique([layerId, ...prev.topological.layerIds.filter((id) => id !== prev.layerId)]) },
  };
}

export function toggleId(ids: readonly number[], id: number): number[] {
  return ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id];
}

export function clampTolerance(px: number): number {
  if (!Number.isFinite(px)) return DEFAULT_TOLERANCE_PX;
  return Math.min(MAX_TOLERANCE_PX, Math.max(1, Math.round(px)));
}

function unique(ids: number[]): number[] {
  return [...new Set(ids)];
}
