// Scale bar length for deck.gl's Web Mercator view: at zoom z the world is 512·2^z pixels wide, and a pixel covers
// cos(latitude) less ground away from the equator.
const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6378137;

export function metersPerPixel(latitude: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

export interface ScaleBar {
  /** Ground length the bar stands for, a 1-2-5 round number. */
  meters: number;
  widthPx: number;
  /** "500 m", "2 km" */
  label: string;
}

/** The longest round length (1, 2 or 5 × 10ⁿ m) that fits in maxWidthPx. */
export function scaleBar(latitude: number, zoom: number, maxWidthPx = 120): ScaleBar {
  const mpp = metersPerPixel(latitude, zoom);
  const maxMeters = mpp * maxWidthPx;
  const magnitude = 10 ** Math.floor(Math.log10(maxMeters));
  const meters = [5, 2, 1].map((m) => m * magnitude).find((m) => m <= maxMeters) ?? magnitude;
  return { meters, widthPx: meters / mpp, label: formatDistance(meters) };
}

export function formatDistance(meters: number): string {
  if (meters >= 1000) return `${+(meters / 1000).toPrecision(3)} km`;
  if (meters >= 1) return `${+meters.toPrecision(3)} m`;
  return `${+(meters * 100).toPrecision(3)} cm`;
}
