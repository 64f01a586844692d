// Distances on screen: hit tests (a vertex handle, the first vertex that closes a ring) are in pixels whatever the
// zoom, as in QGIS's search radius.
import type { EditingHost } from '../host.js';
import type { LonLat, ScreenPoint, Vertex } from '../types.js';

export const pixelDistance = (a: ScreenPoint, b: ScreenPoint) => Math.hypot(a.x - b.x, a.y - b.y);

export class PixelDistanceBehavior {
  constructor(private readonly host: Pick<EditingHost, 'project'>) {}

  /** Pixels between a map position and a screen point. */
  measure(position: Vertex | LonLat, point: ScreenPoint): number {
    return pixelDistance(this.host.project([position[0], position[1]]), point);
  }

  within(position: Vertex | LonLat, point: ScreenPoint, px: number): boolean {
    return this.measure(position, point) <= px;
  }

  /** Index of the nearest position within px of the point, or -1. */
  nearest(positions: readonly (Vertex | LonLat)[], point: ScreenPoint, px: number): number {
    let best = -1;
    let bestD = px;
    positions.forEach((p, i) => {
      const d = this.measure(p, point);
      if (d <= bestD) {
        best = i;
        bestD = d;
      }
    });
    return best;
  }
}
