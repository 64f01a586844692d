// Pure ring surgery for vertex editing. Rings are closed arrays (ring[n] repeats ring[0]); indices count the n
// distinct vertices. Coordinates are copied, never recomputed, so untouched vertices stay bit-exact.
import { closestOnSegment, samePoint, type Ring, type XY } from './geometry.js';

export class VertexOpError extends Error {}

function distinct(r: Ring): number {
  return r.length - 1;
}

function checkIndex(r: Ring, index: number, allowEnd = false): void {
  const n = distinct(r);
  if (!Number.isInteger(index) || index < 0 || index > n || (!allowEnd && index === n)) {
    throw new VertexOpError(`vertex index ${index} is outside the ring (0…${allowEnd ? n : n - 1})`);
  }
}

/** Moves vertex `index` (the closing repeat follows vertex 0). */
export function moveVertex(r: Ring, index: number, to: XY): void {
  checkIndex(r, index);
  r[index] = [to[0], to[1]];
  if (index === 0) r[r.length - 1] = [to[0], to[1]];
}

/** Inserts a vertex on the edge before `index` (index 0 or n: the closing edge, appended after the last vertex). */
export function insertVertex(r: Ring, index: number, at: XY): void {
  checkIndex(r, index, true);
  const i = index === 0 ? r.length - 1 : index;
  r.splice(i, 0, [at[0], at[1]]);
}

/** Deletes vertex `index`; a ring keeps at least three distinct vertices. */
export function deleteVertex(r: Ring, index: number): void {
  checkIndex(r, index);
  if (distinct(r) <= 3) throw new VertexOpError('a ring keeps at least three vertices: delete the ring or the feature instead');
  if (index === 0) {
    r.shift();
    r[r.length - 1] = [r[0]![0], r[0]![1]];
  } else {
    r.splice(index, 1);
  }
}

/** Indices of the ring's distinct vertices within `tolerance` of p (equal coordinates when tolerance is 0). */
export function verticesNear(r: Ring, p: XY, tolerance: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.length - 1; i++) {
    const v = r[i]!;
    if (tolerance === 0 ? samePoint(v, p) : Math.hypot(v[0] - p[0], v[1] - p[1]) <= tolerance) out.push(i);
  }
  return out;
}

/** Segment indices i (vertex i → i+1) that pass within `tolerance` of p without ending there. */
export function edgesNear(r: Ring, p: XY, tolerance: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.length - 1; i++) {
    const a = r[i]!, b = r[i + 1]!;
    if (samePoint(a, p) || samePoint(b, p)) continue;
    const c = closestOnSegment(p, a, b);
    if (c.t > 0 && c.t < 1 && c.distance <= Math.max(tolerance, 1e-9)) out.push(i);
  }
  return out;
}

/** Drops consecutive repeats (a vertex moved onto its neighbour); keeps the ring closed. */
export function dedupeRing(r: Ring): Ring {
  const out: Ring = [];
  for (const v of r) if (!out.length || !samePoint(out[out.length - 1]!, v)) out.push(v);
  if (out.length > 1 && !samePoint(out[0]!, out[out.length - 1]!)) out.push([out[0]![0], out[0]![1]]);
  return out;
}
