// Polygons in lon/lat (WKB) → the typed arrays the renderer draws (FindingGeometry layout), triangulated here so
// the renderer does not tessellate. Used for findings and for scheme changes.
import earcut from 'earcut';
import type { FindingGeometry } from '../../../shared/contract/schemas.js';
import { parsePolygons } from './geom.js';

export type LonLatBbox = [number, number, number, number];

/** `ids[i]` names rows[i]; bboxes come back per row (null for an empty geometry), geometry only when asked. */
export function drawablePolygons(rows: readonly { id: number; ll: Uint8Array | null }[], withGeometry = true): { geometry: FindingGeometry | null; bboxes: (LonLatBbox | null)[] } {
  const ids: number[] = [], positions: number[] = [], partStarts: number[] = [0], partFeature: number[] = [], ringStarts: number[] = [0];
  const triangles: number[] = [];
  const bboxes: (LonLatBbox | null)[] = [];
  rows.forEach((r, i) => {
    let bb: LonLatBbox | null = null;
    for (const p of parsePolygons(r.ll)) {
      if (withGeometry) {
        const base = positions.length / 2;
        const holes: number[] = [];
        let n = 0;
        for (const ring of p) { if (n > 0) holes.push(n); n += ring.length / 2; }
        const flat = p.length === 1 ? p[0]! : concat(p);
        for (const t of earcut(flat, holes, 2)) triangles.push(base + t);
      }
      for (const ring of p) {
        for (let k = 0; k < ring.length; k += 2) {
          const x = ring[k]!, y = ring[k + 1]!;
          if (!bb) bb = [x, y, x, y];
          else { bb[0] = Math.min(bb[0], x); bb[1] = Math.min(bb[1], y); bb[2] = Math.max(bb[2], x); bb[3] = Math.max(bb[3], y); }
          if (withGeometry) positions.push(x, y);
        }
        if (withGeometry) ringStarts.push(positions.length / 2);
      }
      if (withGeometry) { partStarts.push(positions.length / 2); partFeature.push(i); }
    }
    ids.push(r.id);
    bboxes.push(bb);
  });
  const geometry: FindingGeometry | null = withGeometry ? {
    findingIds: Float64Array.from(ids), positions: Float64Array.from(positions), partStarts: Uint32Array.from(partStarts),
    partFeature: Uint32Array.from(partFeature), ringStarts: Uint32Array.from(ringStarts), triangles: Uint32Array.from(triangles),
  } : null;
  return { geometry, bboxes };
}

function concat(rings: ArrayLike<number>[]): number[] {
  const out: number[] = [];
  for (const r of rings) for (let i = 0; i < r.length; i++) out.push(r[i]!);
  return out;
}
