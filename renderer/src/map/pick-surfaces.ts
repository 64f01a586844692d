// Unfilled layers (行政区, 村 boundaries) answer clicks through invisible fills drawn below every other layer
// (map-layers.ts): they are hit only where nothing else is. In software WebGL most of a pick's time goes to those
// fills' vertices, so the pointer's picking pass leaves them out and asks them second, only where it hit nothing
// (pickTopFeature). Explicit picks that want them (the editing tools) say so with withPickSurfaces.
import type { Deck, Layer, PickingInfo } from '@deck.gl/core';

const surfaces = new WeakSet<Layer>();
let included = false;

/** Marks a layer built as a pick surface. */
export function asPickSurface<L extends Layer>(layer: L): L {
  surfaces.add(layer);
  return layer;
}

/** deck.gl's layerFilter: pick surfaces take part in picking only inside withPickSurfaces. */
export function pickSurfaceFilter({ layer, isPicking }: { layer: Layer; isPicking: boolean }): boolean {
  return !isPicking || included || !surfaces.has(layer.root);
}

/** Runs a (synchronous) deck.gl pick with the pick surfaces in it. */
export function withPickSurfaces<T>(pick: () => T): T {
  included = true;
  try {
    return pick();
  } finally {
    included = false;
  }
}

/** What a pick at a point hit, given what the pass without the pick surfaces found there. */
export function withSurfaceFallback(deck: Deck, first: PickingInfo | null, x: number, y: number): PickingInfo | null {
  if (first?.layer) return first;
  const ids = (deck.props.layers as unknown[]).flat(Infinity).filter((l): l is Layer => surfaces.has(l as Layer)).map((l) => l.id);
  if (!ids.length) return first;
  return withPickSurfaces(() => deck.pickObject({ x, y, radius: 0, layerIds: ids })) ?? first;
}
