// Draw a rectangle: click one corner, click the opposite one (both snapped). The sides follow the meridian and the
// parallel of the corners; the clicked corners keep their exact positions when snapped.
import { BaseMode, type ToolName } from '../../base.mode.js';
import { measure } from '../../behaviors/measure.behavior.js';
import { SnappingBehavior } from '../../behaviors/snapping.behavior.js';
import { validatePolygonRing } from '../../validations/polygon.validation.js';
import { lonLatOf, preview, type EditKeyEvent, type EditPointerEvent, type SnapHit, type Vertex } from '../../types.js';

/** The four corners from two opposite ones, in drawing order. */
export function rectangleCorners(a: Vertex, c: Vertex): Vertex[] {
  return [a, [c[0], a[1]], c, [a[0], c[1]]];
}

export class DrawRectangleMode extends BaseMode {
  readonly name: ToolName = 'draw-rectangle';
  private snapping!: SnappingBehavior;
  private first: Vertex | null = null;
  private cursor_: Vertex | null = null;
  private hit: SnapHit | null = null;

  protected override onStart(): void {
    this.snapping ??= new SnappingBehavior(this.host);
    this.reset();
  }

  protected override cleanUp(): void {
    this.reset();
  }

  private reset(): void {
    this.first = null;
    this.cursor_ = null;
    this.hit = null;
    this.snapping.clear();
  }

  override onPointerMove(e: EditPointerEvent): void {
    this.cursor_ = e.lngLat;
    this.hit = null;
    this.snapping.onMove(e, [], (hit) => {
      this.hit = hit;
      this.cursor_ = hit ? hit.position : e.lngLat;
      this.redraw();
    });
    this.redraw();
  }

  override onClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    this.enqueue(async () => {
      const { position } = await this.snapping.positionFor(e);
      if (!this.first) {
        this.first = position;
        this.redraw();
        return;
      }
      const ring = rectangleCorners(this.first, position);
      if (!validatePolygonRing(ring.map(lonLatOf)).valid) {
        this.host.notify({ tone: 'error', key: 'editing.problem.zero_area' });
        return;
      }
      if (await this.host.commit({ type: 'create', geometry: { type: 'Polygon', coordinates: [ring] } })) this.reset();
      this.redraw();
    });
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    if (e.key !== 'Escape' && e.key !== 'Backspace') return false;
    this.enqueue(() => {
      this.reset();
      this.redraw();
    });
    return true;
  }

  override redraw(): void {
    if (!this.started) return;
    const ring = this.first && this.cursor_ ? rectangleCorners(this.first, this.cursor_) : null;
    this.host.render(preview({
      polygons: ring ? [[ring.map(lonLatOf)]] : [],
      vertices: this.first ? [{ position: lonLatOf(this.first), role: 'first' }] : [],
      snap: this.hit ? { position: lonLatOf(this.hit.position), kind: this.hit.kind } : null,
    }));
    const m = ring ? measure(ring, true, (v) => this.host.planar(v)) : { lengthM: null, areaM2: null };
    this.host.setStatus({ hint: 'editing.hint.drawRectangle', ...m, vertexCount: this.first ? 1 : 0, snapped: this.hit?.kind ?? null, problems: [] });
  }
}
