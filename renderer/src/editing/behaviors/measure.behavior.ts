// Live length and area for the status bar while drawing: planar in the workspace's Gauss–Krüger CRS (exact vertices
// use their own x, y; free ones go through proj4), the figures main's planar area reports. Ellipsoidal area is
// main's (the saved feature shows it).
import { pathLength, signedArea } from '../geometry.js';
import type { Vertex } from '../types.js';

export type Planar = (v: Vertex) => [number, number] | null;

export interface Measurement {
  lengthM: number | null;
  areaM2: number | null;
}

export function measure(vertices: readonly Vertex[], closed: boolean, planar: Planar): Measurement {
  if (vertices.length < 2) return { lengthM: vertices.length ? 0 : null, areaM2: null };
  const xy: [number, number][] = [];
  for (const v of vertices) {
    const p = planar(v);
    if (!p) return { lengthM: null, areaM2: null };
    xy.push(p);
  }
  if (!closed) return { lengthM: pathLength(xy), areaM2: null };
  const ringLength = pathLength([...xy, xy[0]!]);
  return { lengthM: ringLength, areaM2: xy.length >= 3 ? Math.abs(signedArea(xy)) : 0 };
}
