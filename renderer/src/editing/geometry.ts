// Small planar geometry the modes need in screen or lon/lat space: distances, segment crossings, point in ring,
// shoelace area. Exact geometry is main's (GEOS); these only drive previews, hit tests and quick checks.
export type XY = readonly [number, number] | readonly number[];

export function distance(a: XY, b: XY): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

/** Closest point of segment ab to p, with its parameter t in [0, 1] and the distance. */
export function closestOnSegment(p: XY, a: XY, b: XY): { point: [number, number]; t: number; distance: number } {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  const point: [number, number] = [a[0]! + t * dx, a[1]! + t * dy];
  return { point, t, distance: distance(p, point) };
}

const orient = (a: XY, b: XY, c: XY) => (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);

/** Where segments ab and cd cross or touch (null when they do not meet; collinear overlaps give a shared point). */
export function segmentIntersection(a: XY, b: XY, c: XY, d: XY): [number, number] | null {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d1 / (d1 - d2);
    return [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
  }
  const on = (p: XY, q: XY, r: XY) =>
    Math.min(p[0]!, q[0]!) <= r[0]! && r[0]! <= Math.max(p[0]!, q[0]!) && Math.min(p[1]!, q[1]!) <= r[1]! && r[1]! <= Math.max(p[1]!, q[1]!);
  if (d1 === 0 && on(c, d, a)) return [a[0]!, a[1]!];
  if (d2 === 0 && on(c, d, b)) return [b[0]!, b[1]!];
  if (d3 === 0 && on(a, b, c)) return [c[0]!, c[1]!];
  if (d4 === 0 && on(a, b, d)) return [d[0]!, d[1]!];
  return null;
}

/** Even-odd point in ring (ring closed or not). */
export function pointInRing(p: XY, ring: readonly XY[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a[1]! > p[1]! !== b[1]! > p[1]! && p[0]! < ((b[0]! - a[0]!) * (p[1]! - a[1]!)) / (b[1]! - a[1]!) + a[0]!) inside = !inside;
  }
  return inside;
}

/** Signed shoelace area of a ring (closed or not); positive counter-clockwise. */
export function signedArea(ring: readonly XY[]): number {
  let s = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    s += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return s / 2;
}

export function pathLength(points: readonly XY[]): number {
  let s = 0;
  for (let i = 1; i < points.length; i++) s += distance(points[i - 1]!, points[i]!);
  return s;
}

/** The ring without its closing repeat (first vertex repeated last). */
export function openRing<T extends XY>(ring: readonly T[]): T[] {
  const n = ring.length;
  if (n > 1 && ring[0]![0] === ring[n - 1]![0] && ring[0]![1] === ring[n - 1]![1]) return ring.slice(0, n - 1);
  return [...ring];
}
