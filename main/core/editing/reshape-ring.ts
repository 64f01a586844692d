// Reshape of one ring by a line, with QGIS's semantics (QgsGeos::reshapeLine for rings): the line's stretch between
// its first and last crossing of the ring replaces one of the two boundary arcs between those crossings, and the
// LONGER arc of the original boundary is the one kept. So a line that leaves the polygon and comes back adds the
// area it encloses; a line across a corner cuts the corner off (the short arc goes, whichever side is bigger).
// Pure: crossing points are computed on the ring's own segments and every other vertex is copied verbatim.
import { closestOnSegment, lineLength, samePoint, segmentIntersection, type Ring, type XY } from './geometry.js';

interface Crossing { lineParam: number; ringParam: number; point: XY }

/**
 * A vertex of the line this close to the ring is on it: an edge snap lies on the edge only to floating precision
 * (about 1e-8 m at Gauss–Krüger magnitudes), so a line starting or ending there would otherwise not touch the ring.
 */
export const ON_RING_M = 1e-6;

/**
 * Crossings of the line with the ring, ordered along the line (duplicates at shared segment ends removed). A line
 * vertex on the ring (within ON_RING_M: a snapped start or end) is a crossing at the vertex itself, so the reshaped
 * ring passes exactly through the snapped position.
 */
export function crossings(ring: Ring, line: readonly XY[]): Crossing[] {
  const out: Crossing[] = [];
  const n = ring.length - 1;
  const onRing: { j: number; ringParam: number }[] = [];
  for (let j = 0; j < line.length; j++) {
    let best: { ringParam: number; d: number } | null = null;
    for (let i = 0; i < n; i++) {
      const c = closestOnSegment(line[j]!, ring[i]!, ring[i + 1]!);
      if (c.distance <= ON_RING_M && (!best || c.distance < best.d)) best = { ringParam: (i + c.t) % n, d: c.distance };
    }
    if (best) onRing.push({ j, ringParam: best.ringParam });
  }
  const nearVertex = (p: XY) => onRing.some(({ j }) => Math.hypot(line[j]![0] - p[0], line[j]![1] - p[1]) <= ON_RING_M);
  for (let j = 0; j < line.length - 1; j++) {
    for (let i = 0; i < n; i++) {
      const hit = segmentIntersection(line[j]!, line[j + 1]!, ring[i]!, ring[i + 1]!);
      if (!hit || nearVertex(hit.point)) continue;
      const ringParam = (i + hit.u) % n;
      out.push({ lineParam: j + hit.t, ringParam, point: hit.point });
    }
  }
  for (const { j, ringParam } of onRing) out.push({ lineParam: j, ringParam, point: [line[j]![0], line[j]![1]] });
  out.sort((a, b) => a.lineParam - b.lineParam || a.ringParam - b.ringParam);
  return out.filter((c, k) => k === 0 || !(samePoint(c.point, out[k - 1]!.point)));
}

/** Ring vertices strictly between ring parameters `from` and `to`, walking forward (+1) or backward (−1). */
function arc(ring: Ring, from: number, to: number, dir: 1 | -1): XY[] {
  const n = ring.length - 1;
  const dist = (x: number) => {
    const d = dir === 1 ? x - from : from - x;
    return ((d % n) + n) % n;
  };
  let span = dist(to);
  if (span === 0) span = n;
  const ks: { k: number; d: number }[] = [];
  for (let k = 0; k < n; k++) {
    const d = dist(k);
    if (d > 0 && d < span) ks.push({ k, d });
  }
  ks.sort((a, b) => a.d - b.d);
  return ks.map(({ k }) => [ring[k]![0], ring[k]![1]] as XY);
}

export interface ReshapeRingResult { ring: Ring; keptArcLength: number; droppedArcLength: number }

/**
 * Reshapes a closed ring by a line. Returns null when the line does not cross the ring at least twice (it must
 * start and end on opposite sides of, or on, the boundary).
 */
export function reshapeRing(ring: Ring, line: readonly XY[]): ReshapeRingResult | null {
  const cs = crossings(ring, line);
  if (cs.length < 2) return null;
  const c1 = cs[0]!, c2 = cs[cs.length - 1]!;
  // The line's stretch from the first to the last crossing.
  const stretch: XY[] = [c1.point];
  for (let k = Math.floor(c1.lineParam) + 1; k < c2.lineParam; k++) {
    const v = line[k]!;
    if (!samePoint(stretch[stretch.length - 1]!, v)) stretch.push([v[0], v[1]]);
  }
  if (!samePoint(stretch[stretch.length - 1]!, c2.point)) stretch.push(c2.point);
  if (stretch.length < 2) return null;
  // The two arcs of the original boundary from c2 back to c1.
  const arcs = ([1, -1] as const).map((dir) => {
    const pts = [c2.point, ...arc(ring, c2.ringParam, c1.ringParam, dir), c1.point];
    return { pts, length: lineLength(pts) };
  });
  const [keep, drop] = arcs[0]!.length >= arcs[1]!.length ? [arcs[0]!, arcs[1]!] : [arcs[1]!, arcs[0]!];
  const out: Ring = [];
  for (const v of [...stretch, ...keep.pts.slice(1)]) if (!out.length || !samePoint(out[out.length - 1]!, v)) out.push(v);
  if (!samePoint(out[0]!, out[out.length - 1]!)) out.push([out[0]![0], out[0]![1]]);
  if (out.length < 4) return null;
  return { ring: out, keptArcLength: keep.length, droppedArcLength: drop.length };
}
