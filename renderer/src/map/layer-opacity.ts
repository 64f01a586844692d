/**
 * deck.gl raises a layer's `opacity` prop to the power 1/2.2 before using it as alpha (layer-uniforms.ts), so 0.35
 * would paint at 0.62. Workspace styles mean plain alpha, as in QGIS and ArcGIS, so undo the gamma here.
 */
export function deckOpacity(linearAlpha: number): number {
  return Math.min(1, Math.max(0, linearAlpha)) ** 2.2;
}
