// Pure checks of a sketch while it is drawn (after Terra Draw's validations): they answer {valid, reason} at once,
// before main's GEOS validation (edit.validate) comes back, and decide whether a sketch may be finished at all.
// Main checks everything again before it writes; these never let something through that main would refuse silently.
import { segmentIntersection, signedArea, type XY } from '../geometry.js';

export const ValidationReasons = {
  TooFewVertices: 'too_few_vertices',
  SelfIntersection: 'self_intersection',
  ZeroArea: 'zero_area',
  TooShort: 'too_short',
} as const;
export type ValidationReason = (typeof ValidationReasons)[keyof typeof ValidationReasons];

export type Validation = { valid: true } | { valid: false; reason: ValidationReason; position?: [number, number] };

const distinctCount = (points: readonly XY[]) => new Set(points.map((p) => `${p[0]},${p[1]}`)).size;

/**
 * A ring (not closed: the closing edge back to the first vertex is implied): three distinct vertices, no two edges
 * crossing or touching except neighbours at their shared vertex, a non-zero area.
 */
export function validatePolygonRing(input: readonly XY[]): Validation {
  // Consecutive repeats (a click on the last vertex, the pointer resting on it) are dropped, as main drops them.
  const ring = dropRepeats(input);
  const n = ring.length;
  if (n < 3 || distinctCount(ring) < 3) return { valid: false, reason: ValidationReasons.TooFewVertices };
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    for (let j = i + 1; j < n; j++) {
      // Neighbouring edges share a vertex: (i, i+1) and (n-1, 0) when i is 0.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const c = ring[j]!;
      const d = ring[(j + 1) % n]!;
      const x = segmentIntersection(a, b, c, d);
      if (x) return { valid: false, reason: ValidationReasons.SelfIntersection, position: x };
    }
  }
  if (signedArea(ring) === 0) return { valid: false, reason: ValidationReasons.ZeroArea };
  return { valid: true };
}

/** A line (split, reshape): two distinct vertices at least; it may cross itself (GEOS nodes it). */
export function validateLine(line: readonly XY[]): Validation {
  if (line.length < 2 || distinctCount(line) < 2) return { valid: false, reason: ValidationReasons.TooShort };
  return { valid: true };
}

function dropRepeats(ring: readonly XY[]): XY[] {
  const out: XY[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0]![0] === out[out.length - 1]![0] && out[0]![1] === out[out.length - 1]![1]) out.pop();
  return out;
}
