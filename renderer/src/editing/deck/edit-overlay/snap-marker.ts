// The snap marker's look, by what was snapped to (QGIS's convention, in colour): a vertex (magenta, the firmest
// snap), an intersection of two edges (orange), a point on an edge (cyan), a vertex of the sketch itself (green).
// Two concentric dots: a hollow ring around a small solid centre, visible on any fill.
import type { Color } from '@deck.gl/core';
import type { EditPreview, LonLat, SnapHit } from '../../types.js';

export interface SnapMarker {
  position: LonLat;
  kind: SnapHit['kind'];
  scale: number;
  fill: Color;
  line: Color;
}

export const SNAP_COLORS: Record<SnapHit['kind'], Color> = {
  vertex: [230, 0, 160, 255],
  intersection: [255, 140, 0, 255],
  edge: [0, 170, 230, 255],
  sketch: [20, 170, 60, 255],
};

export function snapMarkerData(snap: EditPreview['snap']): SnapMarker[] {
  if (!snap) return [];
  const color = SNAP_COLORS[snap.kind];
  return [
    { position: snap.position, kind: snap.kind, scale: 1.6, fill: [0, 0, 0, 0], line: color },
    { position: snap.position, kind: snap.kind, scale: 0.45, fill: color, line: [255, 255, 255, 255] },
  ];
}
