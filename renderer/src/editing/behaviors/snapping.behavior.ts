// Snapping: the pointer goes to the nearest vertex, else edge intersection, else edge of the chosen layers within
// the tolerance (pixels, converted to metres at the current zoom), as main answers it (snap.query: exact
// [lon, lat, x, y], so a snapped vertex lands bit for bit on its neighbour's). The sketch's own vertices are
// snapped to locally, first. Hover answers are coalesced (one request in flight); a click reuses the hover answer
// for the same spot or asks afresh, so what is clicked is what the marker showed.
import type { SnapExclude } from '../../../../shared/contract/editing.js';
import type { EditingHost } from '../host.js';
import type { EditPointerEvent, ScreenPoint, SnapHit, Vertex } from '../types.js';
import { LatestRequest } from './latest-request.behavior.js';
import { PixelDistanceBehavior } from './pixel-distance.behavior.js';

interface Answer {
  /** The map position the answer is for (a pan moves it away from the screen point). */
  lngLat: [number, number];
  hit: SnapHit | null;
  /** The exclusion it was asked with (an answer with another one is not reused). */
  exclude: SnapExclude | undefined;
}

export class SnappingBehavior {
  private readonly pixels: PixelDistanceBehavior;
  private readonly hover: LatestRequest<{ lngLat: [number, number]; toleranceM: number; exclude: SnapExclude | undefined }, Answer>;
  private last: Answer | null = null;

  constructor(private readonly host: EditingHost) {
    this.pixels = new PixelDistanceBehavior(host);
    this.hover = new LatestRequest(async ({ lngLat, toleranceM, exclude }) => ({ lngLat, exclude, hit: await this.ask(lngLat, toleranceM, exclude) }));
  }

  get enabled(): boolean {
    const { snap } = this.host.settings();
    return snap.enabled && snap.layerIds.length > 0;
  }

  tolerancePx(): number {
    return this.host.settings().snap.tolerancePx;
  }

  /** A vertex of the sketch itself within the tolerance (closing, joining), nearest first. */
  local(point: ScreenPoint, sketch: readonly Vertex[]): SnapHit | null {
    if (!this.enabled || sketch.length === 0) return null;
    const i = this.pixels.nearest(sketch, point, this.tolerancePx());
    return i < 0 ? null : { position: sketch[i]!, kind: 'sketch', target: null };
  }

  /**
   * Hover: the answer comes later through `done` (only for the newest pointer position). `exclude`: what must not
   * be snapped to (the features being moved, the vertex being dragged); pass the same object for the whole drag.
   */
  onMove(e: EditPointerEvent, sketch: readonly Vertex[], done: (hit: SnapHit | null) => void, exclude?: SnapExclude): void {
    const local = this.local(e.point, sketch);
    if (local || !this.enabled) {
      this.hover.cancel();
      this.last = { lngLat: e.lngLat, hit: local, exclude };
      done(local);
      return;
    }
    this.hover.request({ lngLat: e.lngLat, toleranceM: this.toleranceM(), exclude }, (answer) => {
      this.last = answer;
      done(answer.hit);
    });
  }

  /** The snapped position for a click (or a press): the hover answer for this spot, else a fresh one. */
  async resolve(e: EditPointerEvent, sketch: readonly Vertex[] = [], exclude?: SnapExclude): Promise<SnapHit | null> {
    const local = this.local(e.point, sketch);
    if (local) return local;
    if (!this.enabled) return null;
    const last = this.last;
    if (last && last.exclude === exclude && this.pixels.within(last.lngLat, e.point, 0.5)) return last.hit;
    return this.ask(e.lngLat, this.toleranceM(), exclude);
  }

  /** The position to use for a pointer event: snapped if there is a hit, else where the pointer is. */
  async positionFor(e: EditPointerEvent, sketch: readonly Vertex[] = [], exclude?: SnapExclude): Promise<{ position: Vertex; hit: SnapHit | null }> {
    const hit = await this.resolve(e, sketch, exclude);
    return { position: hit ? hit.position : e.lngLat, hit };
  }

  clear(): void {
    this.hover.cancel();
    this.last = null;
  }

  private toleranceM(): number {
    return this.tolerancePx() * this.host.metersPerPixel();
  }

  private async ask(lngLat: [number, number], toleranceM: number, exclude?: SnapExclude): Promise<SnapHit | null> {
    const target = await this.host.snap(lngLat, toleranceM, exclude);
    return target ? { position: target.position, kind: target.kind, target } : null;
  }
}
