// Move features: press on a feature of the edited layer (the whole selection moves when it is part of it), drag,
// release. The grab point and the drop point are snapped, so grabbing a vertex and dropping it on a neighbour's
// vertex moves the feature exactly there (main translates by to − from with exact positions). The drop never snaps
// to the moved features themselves (their old vertices would pull the drop back to where it started).
import type { SnapExclude } from '../../../../../shared/contract/editing.js';
import { BaseMode, type ToolName } from '../../base.mode.js';
import { pixelDistance } from '../../behaviors/pixel-distance.behavior.js';
import { SnappingBehavior } from '../../behaviors/snapping.behavior.js';
import {
  IDLE_STATUS, lonLatOf, preview, type EditKeyEvent, type EditPointerEvent, type FeatureRef, type LonLat, type ScreenPoint, type SnapHit, type Vertex,
} from '../../types.js';
import { excludeFeatures, sameRef, selectedInEditLayer } from '../targets.js';

/** Pointer travel below which a press is a click, not a move. */
export const MOVE_MIN_PX = 3;

interface Drag {
  refs: FeatureRef[];
  down: ScreenPoint;
  from: Vertex;
  to: Vertex;
  hit: SnapHit | null;
  rings: LonLat[][];
  /** The moved features: no snap targets for the drop. */
  exclude: SnapExclude;
}

export class MoveMode extends BaseMode {
  readonly name: ToolName = 'move';
  override readonly hoverPick = 'edit' as const;
  protected override readonly cursor = 'move';
  private snapping!: SnappingBehavior;
  private drag: Drag | null = null;

  protected override onStart(): void {
    this.snapping ??= new SnappingBehavior(this.host);
    this.drag = null;
  }

  protected override cleanUp(): void {
    this.drag = null;
    this.snapping.clear();
  }

  override onPointerDown(e: EditPointerEvent): boolean {
    if (e.button !== 0) return false;
    // Decided now (a drag not taken pans the map); over a class raster of the edited layer main names the feature
    // while the drag goes on (a press there always lands on a feature: empty pixels are not drawn).
    const drawn = this.host.pickDrawnFeature(e.point, 'edit');
    if (!drawn) return false;
    const drag: Drag = { refs: [], down: e.point, from: e.lngLat, to: e.lngLat, hit: null, rings: [], exclude: excludeFeatures([]) };
    this.drag = drag;
    const grab = (ref: FeatureRef) => {
      const selected = selectedInEditLayer(this.host);
      drag.refs = selected.some((r) => sameRef(r, ref)) ? selected : [ref];
      if (drag.refs !== selected) this.host.setSelection(drag.refs);
      drag.exclude = excludeFeatures(drag.refs);
    };
    if (!(drawn instanceof Promise)) grab(drawn);
    this.enqueue(async () => {
      if (drawn instanceof Promise) {
        const ref = await drawn;
        if (!ref) {
          if (this.drag === drag) this.drag = null;
          this.redraw();
          return;
        }
        grab(ref);
      }
      drag.from = (await this.snapping.positionFor(e)).position;
      for (const ref of drag.refs) {
        const g = await this.host.featureGeometry(ref);
        for (const part of g?.parts ?? []) for (const ring of part) drag.rings.push(ring.map(lonLatOf));
      }
      this.redraw();
    });
    return true;
  }

  override onDrag(e: EditPointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
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

  override onPointerUp(e: EditPointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    this.drag = null;
    if (pixelDistance(drag.down, e.point) < MOVE_MIN_PX) {
      this.redraw();
      return;
    }
    this.enqueue(async () => {
      // Nothing was there after all (main found no feature under the press).
      if (!drag.refs.length) return;
      const to = (await this.snapping.positionFor(e, [], drag.exclude)).position;
      await this.host.commit({ type: 'move', fids: drag.refs.map((r) => r.fid), from: drag.from, to });
      this.redraw();
    });
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    if (e.key !== 'Escape' || !this.drag) return false;
    this.drag = null;
    this.redraw();
    return true;
  }

  override onSelectionChanged(): void {
    this.redraw();
  }

  override redraw(): void {
    if (!this.started) return;
    const drag = this.drag;
    let polygons: LonLat[][][] = [];
    if (drag) {
      const dx = drag.to[0] - drag.from[0];
      const dy = drag.to[1] - drag.from[1];
      polygons = drag.rings.map((ring) => [ring.map(([x, y]) => [x + dx, y + dy] as LonLat)]);
    }
    this.host.render(preview({
      polygons,
      highlight: drag ? drag.refs : selectedInEditLayer(this.host),
      snap: drag?.hit ? { position: lonLatOf(drag.hit.position), kind: drag.hit.kind } : null,
    }));
    this.host.setStatus({ ...IDLE_STATUS, hint: 'editing.hint.move', snapped: drag?.hit?.kind ?? null });
  }
}
