// Draw a rectangle, in the workspace CRS (Gauss–Krüger metres, where planners measure), two ways (the session's
// `rectangleMode`, as QGIS's shape tools):
//   - 'extent': click one corner, click the opposite one. The sides are parallel to the grid's x and y axes, exactly:
//     the four corners are sent as exact positions [lon, lat, x, y] whose x and y are shared pairwise bit for bit.
//   - 'threePoints' (QGIS "rectangle from 3 points, projected"): click the ends of one side, then a third point that
//     sets the width; the rectangle may be rotated. The two computed corners are the clicked ones plus one and the
//     same offset vector, so opposite sides are parallel and the angles right to floating precision.
// A snapped click keeps its exact x, y; a free one is projected and rounded to the 1 mm grid (as main would round
// it). Only without a known projection do the sides fall back to meridians and parallels.
import { gridRound } from '../../../../../shared/domain/grid.js';
import { BaseMode, type ToolName } from '../../base.mode.js';
import { measure } from '../../behaviors/measure.behavior.js';
import { SnappingBehavior } from '../../behaviors/snapping.behavior.js';
import type { EditingHost } from '../../host.js';
import { validatePolygonRing } from '../../validations/polygon.validation.js';
import { isExact, lonLatOf, preview, type EditKeyEvent, type EditPointerEvent, type LonLat, type SnapHit, type Vertex } from '../../types.js';

export type RectangleKind = 'extent' | 'threePoints';
type XY = [number, number];

/** Axis-parallel rectangle from two opposite corners, in drawing order a, (c.x, a.y), c, (a.x, c.y). */
export function axisRectangle(a: XY, c: XY): XY[] {
  return [a, [c[0], a[1]], c, [a[0], c[1]]];
}

/**
 * Rectangle from one side p1 → p2 and a third point giving the width (its distance from the line p1 p2, on its
 * side): p1, p2, p2 + v, p1 + v with v perpendicular to the side. Null when p1 and p2 coincide.
 */
export function threePointRectangle(p1: XY, p2: XY, p3: XY): XY[] | null {
  const dx = p2[0] - p1[0], dy = p2[1] - p1[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return null;
  const ux = dx / len, uy = dy / len;
  const d = ux * (p3[1] - p1[1]) - uy * (p3[0] - p1[0]);
  const v: XY = [-uy * d, ux * d];
  return [p1, p2, [p2[0] + v[0], p2[1] + v[1]], [p1[0] + v[0], p1[1] + v[1]]];
}

/** A click's planar position: exact x, y as main gave them, or the projected click on the 1 mm grid. */
function planarOf(host: EditingHost, v: Vertex, round: boolean): XY | null {
  if (isExact(v)) return [v[2], v[3]];
  const p = host.planar(v);
  return p ? (round ? [gridRound(p[0]), gridRound(p[1])] : [p[0], p[1]]) : null;
}

/** A planar corner as an exact position; a clicked one keeps its own (lon/lat included) when it was exact. */
function vertexOf(host: EditingHost, xy: XY, clicked?: Vertex): Vertex | null {
  if (clicked && isExact(clicked) && clicked[2] === xy[0] && clicked[3] === xy[1]) return clicked;
  const ll = host.fromPlanar(xy);
  return ll ? [ll[0], ll[1], xy[0], xy[1]] : null;
}

/** The corners in the workspace CRS, as exact positions; null when the CRS is unknown. */
export function rectangleCorners(host: EditingHost, kind: RectangleKind, points: readonly Vertex[]): Vertex[] | null {
  const [a, b, c] = points;
  if (kind === 'extent') {
    if (!a || !b) return null;
    const pa = planarOf(host, a, true), pc = planarOf(host, b, true);
    if (!pa || !pc) return lonLatRectangle(a, b);
    const ring = axisRectangle(pa, pc).map((xy, i) => vertexOf(host, xy, i === 0 ? a : i === 2 ? b : undefined));
    return ring.every((v) => v !== null) ? (ring as Vertex[]) : lonLatRectangle(a, b);
  }
  if (!a || !b || !c) return null;
  const p1 = planarOf(host, a, true), p2 = planarOf(host, b, true), p3 = planarOf(host, c, false);
  if (!p1 || !p2 || !p3) return null;
  const xy = threePointRectangle(p1, p2, p3);
  if (!xy) return null;
  const ring = xy.map((p, i) => vertexOf(host, p, i === 0 ? a : i === 1 ? b : undefined));
  return ring.every((v) => v !== null) ? (ring as Vertex[]) : null;
}

/** Without a projection: the sides follow the corners' meridians and parallels. */
function lonLatRectangle(a: Vertex, c: Vertex): Vertex[] {
  return [a, [c[0], a[1]], c, [a[0], c[1]]];
}

export class DrawRectangleMode extends BaseMode {
  readonly name: ToolName = 'draw-rectangle';
  private snapping!: SnappingBehavior;
  private points: Vertex[] = [];
  private cursor_: Vertex | null = null;
  private hit: SnapHit | null = null;
  /** The kind the clicks so far were made for: switching it in the toolbar starts over. */
  private kindOfPoints: RectangleKind | null = null;

  protected override onStart(): void {
    this.snapping ??= new SnappingBehavior(this.host);
    this.reset();
  }

  protected override cleanUp(): void {
    this.reset();
  }

  private get kind(): RectangleKind {
    return this.host.settings().rectangleMode;
  }

  private get needed(): number {
    return this.kind === 'extent' ? 2 : 3;
  }

  private reset(): void {
    this.points = [];
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
      if (this.kindOfPoints !== this.kind) this.points = [];
      this.kindOfPoints = this.kind;
      this.points.push(position);
      if (this.points.length < this.needed) {
        this.redraw();
        return;
      }
      const ring = rectangleCorners(this.host, this.kind, this.points);
      if (!ring || !validatePolygonRing(ring.map(lonLatOf)).valid) {
        this.points.pop();
        this.host.notify({ tone: 'error', key: 'editing.problem.zero_area' });
        this.redraw();
        return;
      }
      if (await this.host.commit({ type: 'create', geometry: { type: 'Polygon', coordinates: [ring] } })) this.reset();
      else this.points.pop();
      this.redraw();
    });
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    if ((e.key === 'Backspace' || e.key === 'Delete') && this.points.length) {
      this.enqueue(() => {
        this.points.pop();
        this.redraw();
      });
      return true;
    }
    if (e.key !== 'Escape' || !this.points.length) return false;
    this.enqueue(() => {
      this.reset();
      this.redraw();
    });
    return true;
  }

  override redraw(): void {
    if (!this.started) return;
    if (this.kindOfPoints !== this.kind) {
      this.points = [];
      this.kindOfPoints = this.kind;
    }
    const shown = this.cursor_ && this.points.length ? [...this.points, this.cursor_] : this.points;
    const ring = shown.length === this.needed ? rectangleCorners(this.host, this.kind, shown) : null;
    const lines: LonLat[][] = !ring && shown.length === 2 ? [shown.map(lonLatOf)] : [];
    this.host.render(preview({
      polygons: ring ? [[ring.map(lonLatOf)]] : [],
      lines,
      vertices: this.points.map((p, i) => ({ position: lonLatOf(p), role: i === 0 ? 'first' : 'vertex' })),
      snap: this.hit ? { position: lonLatOf(this.hit.position), kind: this.hit.kind } : null,
    }));
    const m = ring ? measure(ring, true, (v) => this.host.planar(v)) : lines.length ? measure(shown, false, (v) => this.host.planar(v)) : { lengthM: null, areaM2: null };
    this.host.setStatus({
      hint: this.kind === 'extent' ? 'editing.hint.drawRectangle' : 'editing.hint.drawRectangle3',
      ...m, vertexCount: this.points.length, snapped: this.hit?.kind ?? null, problems: [],
    });
  }
}
