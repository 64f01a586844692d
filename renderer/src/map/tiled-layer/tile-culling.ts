// Tiles drawn and picked only where they can show. A vector tile is fetched with a margin (its features reach up to
// half a tile beyond it), but most of that margin holds nothing near the view: a tile whose features' box misses
// the viewport is kept (hidden) rather than drawn. In a pick only the tiles whose box holds the pick rectangle take
// part: software WebGL processes every vertex of every layer in the picking pass, whatever the pick's scissor.
import type { FilterContext } from '@deck.gl/core';

/** [west, south, east, north] in lon/lat. */
export type LonLatBox = readonly [number, number, number, number];

/** The box of flat lon/lat positions (empty: an inverted box, which overlaps nothing). */
export function positionsBox(positions: ArrayLike<number>): LonLatBox {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (let i = 0; i + 1 < positions.length; i += 2) {
    const x = positions[i]!, y = positions[i + 1]!;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

export function boxesOverlap(a: LonLatBox, b: LonLatBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** For CompositeLayer.filterSubLayer: in a pick, a sublayer carrying `pickBox` is drawn only if its box holds the rectangle. */
export function pickBoxFilter({ layer, viewport, isPicking, cullRect }: FilterContext): boolean {
  const box = (layer.props as { pickBox?: LonLatBox }).pickBox;
  if (!isPicking || !cullRect || !box) return true;
  const [x0, y0] = viewport.project([box[0], box[3]]);
  const [x1, y1] = viewport.project([box[2], box[1]]);
  // One pixel of slack for the rounding between CSS and device pixels.
  return x0! <= cullRect.x + cullRect.width + 1 && cullRect.x - 1 <= x1! && y0! <= cullRect.y + cullRect.height + 1 && cullRect.y - 1 <= y1!;
}
