// Closing a ring and telling a double-click's second click apart: a click on the first vertex closes the ring
// (three vertices at least), a click on the last vertex adds nothing (it is the second click of a double-click, or
// a slip of the hand), as in Terra Draw's closing points and QGIS.
import type { ScreenPoint, Vertex } from '../types.js';
import { PixelDistanceBehavior } from './pixel-distance.behavior.js';

/** Pixels within which a click counts as "on" a vertex of the sketch. */
export const CLOSING_PX = 8;

export class ClosingBehavior {
  constructor(private readonly pixels: PixelDistanceBehavior, private readonly px = CLOSING_PX) {}

  closes(vertices: readonly Vertex[], point: ScreenPoint): boolean {
    return vertices.length >= 3 && this.pixels.within(vertices[0]!, point, this.px);
  }

  repeats(vertices: readonly Vertex[], point: ScreenPoint): boolean {
    const last = vertices[vertices.length - 1];
    return last !== undefined && this.pixels.within(last, point, Math.min(this.px, 4));
  }
}
