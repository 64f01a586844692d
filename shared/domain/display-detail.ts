// Level of detail of the layers drawn whole (the small ones: 行政区, 三线, 整治 areas; docs/scale.md). At a county's
// zoom a village boundary has several vertices per screen pixel, and software WebGL pays per vertex, so the map draws
// them simplified by main (SpatiaLite ST_SimplifyPreserveTopology) to half a pixel of the zoom asked for. Pure:
// the renderer picks the detail zoom, main turns it into a tolerance.

/** From this deck.gl zoom on (a pixel under 4 m) layers are drawn exact. */
export const EXACT_DETAIL_ZOOM = 15;
/** Vertices within this many screen pixels of the simplified line may go. */
export const DETAIL_TOLERANCE_PX = 0.5;
const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6378137;

/**
 * The detail zoom a map at `zoom` draws with: the next whole zoom up, so the line is never more than half a pixel
 * off where it is drawn; null when the map is close enough to draw exact geometry.
 */
export function detailZoom(zoom: number): number | null {
  const z = Math.max(0, Math.ceil(zoom - 1e-9));
  return z >= EXACT_DETAIL_ZOOM ? null : z;
}

/** Ground metres per screen pixel at deck.gl zoom z (a world of 512·2^z pixels) and this latitude. */
export function metersPerScreenPixel(latitude: number, z: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** z);
}

/** The simplification tolerance, in metres, for a detail zoom at this latitude. */
export function detailToleranceMeters(latitude: number, z: number): number {
  return DETAIL_TOLERANCE_PX * metersPerScreenPixel(latitude, z);
}
