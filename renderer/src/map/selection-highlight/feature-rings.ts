// The selected feature's rings, cut out of the layer's binary geometry, for a highlight outline on top of everything.
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';

type RingGeometry = Pick<LayerGeometry, 'fids' | 'positions' | 'partStarts' | 'partFeature' | 'ringStarts'>;

const fidIndexCache = new WeakMap<Float64Array, Map<number, number>>();

export function featureIndexOfFid(geometry: Pick<LayerGeometry, 'fids'>, fid: number): number {
  let index = fidIndexCache.get(geometry.fids);
  if (!index) {
    index = new Map();
    geometry.fids.forEach((f, i) => index!.set(f, i));
    fidIndexCache.set(geometry.fids, index);
  }
  return index.get(fid) ?? -1;
}

/** First ring index whose start is >= vertex (ringStarts is sorted). */
function lowerBound(starts: Uint32Array, vertex: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < vertex) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function featureRings(geometry: RingGeometry, fid: number): Float64Array[] {
  const feature = featureIndexOfFid(geometry, fid);
  if (feature < 0) return [];
  const { positions, partStarts, partFeature, ringStarts } = geometry;
  const rings: Float64Array[] = [];
  for (let p = 0; p < partFeature.length; p++) {
    if (partFeature[p] !== feature) continue;
    const start = partStarts[p]!;
    const end = partStarts[p + 1]!;
    for (let r = lowerBound(ringStarts, start); r < ringStarts.length - 1 && ringStarts[r]! < end; r++) {
      rings.push(positions.subarray(ringStarts[r]! * 2, ringStarts[r + 1]! * 2));
    }
  }
  return rings;
}

/** Part index picked on the map → the feature's fid. */
export function fidOfPart(geometry: Pick<LayerGeometry, 'fids' | 'partFeature'>, partIndex: number): number | null {
  const feature = geometry.partFeature[partIndex];
  if (feature === undefined) return null;
  const fid = geometry.fids[feature];
  return fid === undefined ? null : fid;
}
