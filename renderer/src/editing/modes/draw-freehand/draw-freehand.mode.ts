// Draw freehand: press, drag around the area and release. A vertex is kept every few pixels of pointer travel; the
// ring closes itself. A ring that crosses itself is refused before anything is sent.
import { BaseMode, type ToolName } from '../../base.mode.js';
import { measure } from '../../behaviors/measure.behavior.js';
import { pixelDistance } from '../../behaviors/pixel-distance.behavior.js';
import { validatePolygonRing } from '../../validations/polygon.validation.js';
import { preview, type EditKeyEvent, type EditPointerEvent, type LonLat, type ScreenPoint } from '../../types.js';

/** Pointer travel (pixels) between two kept vertices. */
export const FREEHAND_STEP_PX = 4;

export class DrawFreehandMode extends BaseMode {
  readonly name: ToolName = 'draw-freehand';
  private points: LonLat[] = [];
  private last: ScreenPoint | null = null;
  private drawing = false;

  protected override onStart(): void {
    this.reset();
  }

  protected override cleanUp(): void {
    this.reset();
  }

  private reset(): void {
    this.points = [];
    this.last = null;
    this.drawing = false;
  }

  override onPointerDown(e: EditPointerEvent): boolean {
    if (e.button !== 0) return false;
    this.points = [e.lngLat];
    this.last = e.point;
    this.drawing = true;
    this.redraw();
    return true;
  }

  override onDrag(e: EditPointerEvent): void {
    if (!this.drawing || !this.last || pixelDistance(this.last, e.point) < FREEHAND_STEP_PX) return;
    this.points.push(e.lngLat);
    this.last = e.point;
    this.redraw();
  }

  override onPointerUp(e: EditPointerEvent): void {
    if (!this.drawing) return;
    this.onDrag(e);
    this.drawing = false;
    const ring = this.points;
    this.enqueue(async () => {
      const check = validatePolygonRing(ring);
      if (!check.valid) {
        this.host.notify({ tone: 'error', key: `editing.problem.${check.reason}` });
        this.reset();
        this.redraw();
        return;
      }
      await this.host.commit({ type: 'create', geometry: { type: 'Polygon', coordinates: [ring] } });
      this.reset();
      this.redraw();
    });
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    if (e.key !== 'Escape') return false;
    this.reset();
    this.redraw();
    return true;
  }

  override redraw(): void {
    if (!this.started) return;
    const ring = this.points;
    this.host.render(preview({
      polygons: ring.length >= 3 ? [[ring]] : [],
      lines: ring.length >= 2 ? [ring] : [],
    }));
    const m = measure(ring, true, (v) => this.host.planar(v));
    this.host.setStatus({ hint: 'editing.hint.drawFreehand', ...m, vertexCount: ring.length, snapped: null, problems: [] });
  }
}
