// Vertex editing (QGIS's vertex tool) on one feature of the edited layer, with its exact vertices from main
// (edit.featureGeometry): drag a vertex (snapped) to move it; Shift+click or Shift+drag a box to select several and
// drag one of them to move them all; drag or click an edge's midpoint handle, or double-click an edge, to insert a
// vertex; Delete removes the selected vertices. With topological editing on, the host asks main to move shared
// vertices of neighbouring features too; every change is one undoable step. A drag never snaps to the edited
// feature itself (its own vertices would collapse an edge or pull the vertex back), nor, with topological editing,
// to the neighbours' copies of the moving vertices (they move with it).
import type { FeatureGeometry, SnapExclude } from '../../../../../shared/contract/editing.js';
import { BaseMode, type ToolName } from '../../base.mode.js';
import { PixelDistanceBehavior, pixelDistance } from '../../behaviors/pixel-distance.behavior.js';
import { SnappingBehavior } from '../../behaviors/snapping.behavior.js';
import { closestOnSegment } from '../../geometry.js';
import {
  IDLE_STATUS, lonLatOf, preview, type EditKeyEvent, type EditPointerEvent, type EditPreview, type FeatureRef, type LonLat,
  type ScreenPoint, type SnapHit, type Vertex, type VertexOpRequest,
} from '../../types.js';
import { excludeFeatures, sameRef, singleTarget } from '../targets.js';

/** Search radius of handles, in pixels. */
export const HANDLE_PX = 8;
/** Pointer travel below which a press on a handle is a click. */
export const DRAG_PX = 3;

export interface VertexHandle {
  part: number;
  ring: number;
  /** Index among the ring's distinct vertices. */
  index: number;
  position: Vertex;
}

/** A midpoint handle: inserting there puts a vertex before `index` (on the edge index−1 → index). */
export interface MidpointHandle {
  part: number;
  ring: number;
  index: number;
  position: LonLat;
}

const keyOf = (h: { part: number; ring: number; index: number }) => `${h.part}:${h.ring}:${h.index}`;

export function vertexHandles(g: FeatureGeometry): VertexHandle[] {
  const out: VertexHandle[] = [];
  g.parts.forEach((rings, part) =>
    rings.forEach((ring, r) => {
      for (let i = 0; i < ring.length - 1; i++) out.push({ part, ring: r, index: i, position: ring[i]! });
    }),
  );
  return out;
}

export function midpointHandles(g: FeatureGeometry): MidpointHandle[] {
  const out: MidpointHandle[] = [];
  g.parts.forEach((rings, part) =>
    rings.forEach((ring, r) => {
      for (let i = 0; i < ring.length - 1; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        out.push({ part, ring: r, index: i + 1, position: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] });
      }
    }),
  );
  return out;
}

type Drag =
  | { kind: 'vertex'; handle: VertexHandle; down: ScreenPoint; to: Vertex; hit: SnapHit | null; exclude: SnapExclude }
  | { kind: 'midpoint'; handle: MidpointHandle; down: ScreenPoint; to: Vertex; hit: SnapHit | null; exclude: SnapExclude }
  | { kind: 'box'; down: ScreenPoint; current: ScreenPoint };

export class VertexEditMode extends BaseMode {
  readonly name: ToolName = 'vertex-edit';
  protected override readonly cursor = 'default';
  private snapping!: SnappingBehavior;
  private pixels!: PixelDistanceBehavior;
  private target: FeatureRef | null = null;
  private geometry: FeatureGeometry | null = null;
  private selected = new Set<string>();
  private drag: Drag | null = null;
  private committing = false;

  get editing(): { target: FeatureRef | null; selected: string[] } {
    return { target: this.target, selected: [...this.selected] };
  }

  protected override onStart(): void {
    this.snapping ??= new SnappingBehavior(this.host);
    this.pixels ??= new PixelDistanceBehavior(this.host);
    this.target = null;
    this.geometry = null;
    this.selected.clear();
    const target = singleTarget(this.host);
    if (target) this.enqueue(() => this.load(target));
  }

  protected override cleanUp(): void {
    this.target = null;
    this.geometry = null;
    this.selected.clear();
    this.drag = null;
    this.snapping.clear();
  }

  private async load(ref: FeatureRef | null): Promise<void> {
    this.target = ref;
    this.selected.clear();
    this.geometry = ref ? await this.host.featureGeometry(ref) : null;
    if (ref && !this.geometry) this.target = null;
    this.redraw();
  }

  private hitVertex(point: ScreenPoint): VertexHandle | null {
    if (!this.geometry) return null;
    const handles = vertexHandles(this.geometry);
    const i = this.pixels.nearest(handles.map((h) => h.position), point, HANDLE_PX);
    return i < 0 ? null : handles[i]!;
  }

  private hitMidpoint(point: ScreenPoint): MidpointHandle | null {
    if (!this.geometry) return null;
    const handles = midpointHandles(this.geometry);
    const i = this.pixels.nearest(handles.map((h) => h.position), point, HANDLE_PX);
    return i < 0 ? null : handles[i]!;
  }

  override onPointerMove(e: EditPointerEvent): void {
    if (this.drag) return;
    const over = this.hitVertex(e.point) ? 'move' : this.hitMidpoint(e.point) ? 'copy' : 'default';
    this.host.setCursor(over);
  }

  override onPointerDown(e: EditPointerEvent): boolean {
    if (e.button !== 0 || !this.geometry) return false;
    const vertex = this.hitVertex(e.point);
    if (vertex) {
      const key = keyOf(vertex);
      if (e.shiftKey) {
        if (this.selected.has(key)) this.selected.delete(key);
        else this.selected.add(key);
      } else if (!this.selected.has(key)) {
        this.selected = new Set([key]);
      }
      this.drag = { kind: 'vertex', handle: vertex, down: e.point, to: vertex.position, hit: null, exclude: this.dragExclude(vertex) };
      this.redraw();
      return true;
    }
    const mid = this.hitMidpoint(e.point);
    if (mid) {
      this.drag = { kind: 'midpoint', handle: mid, down: e.point, to: mid.position, hit: null, exclude: this.dragExclude(null) };
      this.redraw();
      return true;
    }
    if (e.shiftKey) {
      this.drag = { kind: 'box', down: e.point, current: e.point };
      return true;
    }
    return false;
  }

  override onDrag(e: EditPointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    if (drag.kind === 'box') {
      drag.current = e.point;
      this.redraw();
      return;
    }
    drag.to = e.lngLat;
    drag.hit = null;
    this.snapping.onMove(e, [], (hit) => {
      if (this.drag !== drag) return;
      drag.hit = hit;
      drag.to = hit ? hit.position : e.lngLat;
      this.redraw();
    }, drag.exclude);
    this.redraw();
  }

  /**
   * What a drag must not snap to: the edited feature, and with topological editing the exact positions of the
   * vertices that move (dragged and selected), where neighbours have copies that move with them.
   */
  private dragExclude(dragged: VertexHandle | null): SnapExclude {
    const exclude = this.target ? excludeFeatures([this.target]) : {};
    if (!dragged || !this.geometry || !this.host.settings().topological.enabled) return exclude;
    const keys = this.selected.has(keyOf(dragged)) ? this.selected : new Set([keyOf(dragged)]);
    const positions = vertexHandles(this.geometry).filter((h) => keys.has(keyOf(h)) && h.position.length >= 4).map((h) => h.position);
    return positions.length ? { ...exclude, positions } : exclude;
  }

  override onPointerUp(e: EditPointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    if (drag.kind === 'box') {
      this.selectInBox(drag.down, e.point);
      return;
    }
    const moved = pixelDistance(drag.down, e.point) >= DRAG_PX;
    if (drag.kind === 'vertex' && !moved) {
      this.redraw();
      return;
    }
    this.enqueue(async () => {
      if (drag.kind === 'vertex') {
        const { position } = await this.snapping.positionFor(e, [], drag.exclude);
        await this.commitMoves(drag.handle, position);
      } else {
        const at = moved ? (await this.snapping.positionFor(e, [], drag.exclude)).position : drag.handle.position;
        await this.commitOps([{ op: 'insert', part: drag.handle.part, ring: drag.handle.ring, index: drag.handle.index, at }]);
      }
    });
  }

  override onClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    this.enqueue(async () => {
      const ref = await this.host.pickFeature(e.point, 'edit');
      if (ref && this.target && sameRef(ref, this.target)) {
        if (!e.shiftKey && this.selected.size) {
          this.selected.clear();
          this.redraw();
        }
        return;
      }
      this.host.setSelection(ref ? [ref] : []);
      await this.load(ref);
    });
  }

  /** Double-click on an edge of the feature: a vertex there (snapped onto the edge when main finds it). */
  override onDoubleClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    this.enqueue(async () => {
      const g = this.geometry;
      if (!g || !this.target) return;
      let best: { part: number; ring: number; index: number; d: number; at: LonLat } | null = null;
      g.parts.forEach((rings, part) =>
        rings.forEach((ring, r) => {
          for (let i = 0; i < ring.length - 1; i++) {
            const a = this.host.project(lonLatOf(ring[i]!));
            const b = this.host.project(lonLatOf(ring[i + 1]!));
            const c = closestOnSegment([e.point.x, e.point.y], [a.x, a.y], [b.x, b.y]);
            if (c.distance <= HANDLE_PX && (!best || c.distance < best.d) && c.t > 0 && c.t < 1) {
              best = { part, ring: r, index: i + 1, d: c.distance, at: this.host.unproject({ x: c.point[0], y: c.point[1] }) };
            }
          }
        }),
      );
      if (!best) return;
      const edge = best as { part: number; ring: number; index: number; at: LonLat };
      const hit = await this.snapping.resolve(e);
      const onEdge = hit?.target && hit.target.kind === 'edge' && hit.target.layerId === this.target.layerId && hit.target.fid === this.target.fid;
      await this.commitOps([{ op: 'insert', part: edge.part, ring: edge.ring, index: edge.index, at: onEdge ? hit.position : edge.at }]);
    });
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    if ((e.key === 'Delete' || e.key === 'Backspace') && this.selected.size) {
      const ops: VertexOpRequest[] = [...this.selected]
        .map((k) => k.split(':').map(Number) as [number, number, number])
        // Highest index first within a ring, so earlier deletions do not shift later ones.
        .sort((a, b) => a[0] - b[0] || a[1] - b[1] || b[2] - a[2])
        .map(([part, ring, index]) => ({ op: 'delete', part, ring, index }));
      this.enqueue(() => this.commitOps(ops));
      return true;
    }
    if (e.key === 'Escape') {
      this.enqueue(async () => {
        if (this.drag) this.drag = null;
        else if (this.selected.size) this.selected.clear();
        else {
          this.host.setSelection([]);
          await this.load(null);
        }
        this.redraw();
      });
      return true;
    }
    return false;
  }

  override onFeaturesChanged(changed: FeatureRef[], deleted: FeatureRef[]): void {
    const target = this.target;
    if (!target || this.committing) return;
    if (deleted.some((d) => sameRef(d, target))) this.enqueue(() => this.load(null));
    else if (changed.some((c) => sameRef(c, target))) this.enqueue(() => this.load(target));
  }

  override onSelectionChanged(): void {
    const target = singleTarget(this.host);
    if (target && (!this.target || !sameRef(target, this.target))) this.enqueue(() => this.load(target));
  }

  private selectInBox(a: ScreenPoint, b: ScreenPoint): void {
    if (!this.geometry) return;
    const [x0, x1] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
    const [y0, y1] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
    for (const h of vertexHandles(this.geometry)) {
      const p = this.host.project(lonLatOf(h.position));
      if (p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1) this.selected.add(keyOf(h));
    }
    this.redraw();
  }

  private async commitMoves(dragged: VertexHandle, to: Vertex): Promise<void> {
    if (!this.geometry) return;
    const from = dragged.position;
    if (from.length >= 4 && to.length >= 4 && from[2] === to[2] && from[3] === to[3]) {
      this.redraw();
      return;
    }
    const dLon = to[0] - from[0];
    const dLat = to[1] - from[1];
    const keys = this.selected.has(keyOf(dragged)) ? this.selected : new Set([keyOf(dragged)]);
    const byKey = new Map(vertexHandles(this.geometry).map((h) => [keyOf(h), h]));
    const ops: VertexOpRequest[] = [];
    for (const key of keys) {
      const h = byKey.get(key);
      if (!h) continue;
      const moved: Vertex = key === keyOf(dragged) ? to : [h.position[0] + dLon, h.position[1] + dLat];
      ops.push({ op: 'move', part: h.part, ring: h.ring, index: h.index, to: moved });
    }
    await this.commitOps(ops);
  }

  private async commitOps(ops: VertexOpRequest[]): Promise<void> {
    const target = this.target;
    if (!target || !ops.length) return;
    this.committing = true;
    try {
      await this.host.commit({ type: 'vertices', fid: target.fid, ops });
    } finally {
      this.committing = false;
    }
    // Success or not, show what the workspace holds now (indices change after an insert or a delete).
    await this.load(target);
  }

  /** The rings as they look with the drag applied (lon/lat). */
  private shownRings(): LonLat[][][] {
    const g = this.geometry;
    if (!g) return [];
    const drag = this.drag;
    const moving = drag?.kind === 'vertex' ? (this.selected.has(keyOf(drag.handle)) ? this.selected : new Set([keyOf(drag.handle)])) : null;
    const dLon = drag && drag.kind === 'vertex' ? drag.to[0] - drag.handle.position[0] : 0;
    const dLat = drag && drag.kind === 'vertex' ? drag.to[1] - drag.handle.position[1] : 0;
    return g.parts.map((rings, part) =>
      rings.map((ring, r) => {
        const n = ring.length - 1;
        const out: LonLat[] = [];
        for (let i = 0; i < n; i++) {
          if (drag?.kind === 'midpoint' && drag.handle.part === part && drag.handle.ring === r && drag.handle.index === i) out.push(lonLatOf(drag.to));
          const v = ring[i]!;
          const key = `${part}:${r}:${i}`;
          if (drag?.kind === 'vertex' && key === keyOf(drag.handle)) out.push(lonLatOf(drag.to));
          else if (moving?.has(key)) out.push([v[0] + dLon, v[1] + dLat]);
          else out.push(lonLatOf(v));
        }
        if (drag?.kind === 'midpoint' && drag.handle.part === part && drag.handle.ring === r && drag.handle.index === n) out.push(lonLatOf(drag.to));
        out.push(out[0]!);
        return out;
      }),
    );
  }

  override redraw(): void {
    if (!this.started) return;
    const g = this.geometry;
    const vertices: EditPreview['vertices'] = [];
    if (g && this.drag?.kind !== 'vertex' && this.drag?.kind !== 'midpoint') {
      for (const m of midpointHandles(g)) vertices.push({ position: m.position, role: 'midpoint' });
    }
    const rings = this.shownRings();
    rings.forEach((part, p) =>
      part.forEach((ring, r) => {
        for (let i = 0; i < ring.length - 1; i++) {
          const selected = this.drag?.kind !== 'midpoint' && this.selected.has(`${p}:${r}:${i}`);
          vertices.push({ position: ring[i]!, role: selected ? 'selected' : 'vertex' });
        }
      }),
    );
    const drag = this.drag;
    const guides: LonLat[][] = [];
    if (drag?.kind === 'box') {
      const corners = [drag.down, { x: drag.current.x, y: drag.down.y }, drag.current, { x: drag.down.x, y: drag.current.y }, drag.down];
      guides.push(corners.map((c) => this.host.unproject(c)));
    }
    const hit = drag && drag.kind !== 'box' ? drag.hit : null;
    this.host.render(preview({
      polygons: drag && drag.kind !== 'box' ? rings : [],
      lines: rings.flat(),
      guides,
      vertices,
      snap: hit ? { position: lonLatOf(hit.position), kind: hit.kind } : null,
      highlight: this.target ? [this.target] : [],
    }));
    this.host.setStatus({
      ...IDLE_STATUS,
      hint: this.target ? 'editing.hint.vertexEdit' : 'editing.hint.pickTarget',
      vertexCount: this.selected.size,
      snapped: hit?.kind ?? null,
    });
  }
}
