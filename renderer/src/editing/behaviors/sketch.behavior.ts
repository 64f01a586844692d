// A ring or a line being drawn by clicks: what draw-polygon, draw-hole, add-part, split, reshape and clip share.
// Composes snapping (with the marker), tracing between snapped clicks, closing on the first vertex, live
// measurement and live validation (pure checks at once, main's GEOS check and overlaps shortly after).
// One click is one group of vertices (a traced stretch is one group), so Backspace undoes a click, not a vertex.
import type { GeometryInput, ValidationResult } from '../../../../shared/contract/editing.js';
import type { EditingHost } from '../host.js';
import { validateLine, validatePolygonRing, type Validation } from '../validations/polygon.validation.js';
import { lonLatOf, type EditPointerEvent, type EditPreview, type LonLat, type ModeStatus, type Notice, type SnapHit, type Vertex } from '../types.js';
import { ClosingBehavior } from './closing.behavior.js';
import { LatestRequest } from './latest-request.behavior.js';
import { measure } from './measure.behavior.js';
import { PixelDistanceBehavior } from './pixel-distance.behavior.js';
import { SnappingBehavior } from './snapping.behavior.js';
import { TracingBehavior } from './tracing.behavior.js';

export interface SketchOptions {
  /** A ring (polygon, hole, part, clip polygon) or an open line (split, reshape). */
  closed: boolean;
  /**
   * Ask main to validate the ring as it grows (GEOS validity, overlaps with the edited layer and the protected
   * layers); `excludeFid` is the feature being extended (its own area is no overlap).
   */
  remoteValidation?: { excludeFid?: () => number | undefined } | false;
}

export type ClickOutcome = 'added' | 'closed' | 'ignored';

export class SketchBehavior {
  readonly snapping: SnappingBehavior;
  readonly tracing: TracingBehavior;
  private readonly pixels: PixelDistanceBehavior;
  private readonly closing: ClosingBehavior;
  private readonly validator: LatestRequest<{ geometry: GeometryInput; version: number }, { result: ValidationResult | null; version: number }>;
  private groups: Vertex[][] = [];
  private cursor: Vertex | null = null;
  private cursorHit: SnapHit | null = null;
  private tracePath: Vertex[] | null = null;
  private remote: ValidationResult | null = null;
  private version = 0;

  constructor(
    private readonly host: EditingHost,
    private readonly options: SketchOptions,
    private readonly onChange: () => void,
  ) {
    this.snapping = new SnappingBehavior(host);
    this.tracing = new TracingBehavior(host);
    this.pixels = new PixelDistanceBehavior(host);
    this.closing = new ClosingBehavior(this.pixels);
    const excludeFid = options.remoteValidation ? options.remoteValidation.excludeFid : undefined;
    this.validator = new LatestRequest(async ({ geometry, version }) => ({ result: await this.host.validate(geometry, excludeFid?.()), version }));
  }

  get vertices(): Vertex[] {
    return this.groups.flat();
  }

  get count(): number {
    return this.groups.reduce((n, g) => n + g.length, 0);
  }

  get active(): boolean {
    return this.groups.length > 0;
  }

  get snapHit(): SnapHit | null {
    return this.cursorHit;
  }

  /** Pointer moved: the rubber band follows at once, snapped (and traced) when main answers. */
  move(e: EditPointerEvent): void {
    this.cursor = e.lngLat;
    this.cursorHit = null;
    this.tracePath = null;
    this.onChange();
    this.snapping.onMove(e, this.vertices, (hit) => {
      this.cursorHit = hit;
      this.cursor = hit ? hit.position : e.lngLat;
      this.onChange();
      // The sketch as it is now: a click may have added a vertex while the snap answer was on its way.
      const vertices = this.vertices;
      this.tracing.preview(vertices[vertices.length - 1], this.cursor, (path) => {
        this.tracePath = path;
        this.onChange();
      });
    });
  }

  /** Pointer left the map: no rubber band. */
  leave(): void {
    this.cursor = null;
    this.cursorHit = null;
    this.tracePath = null;
    this.snapping.clear();
    this.tracing.clear();
    this.onChange();
  }

  async click(e: EditPointerEvent): Promise<ClickOutcome> {
    const vertices = this.vertices;
    if (this.options.closed && this.closing.closes(vertices, e.point)) return 'closed';
    if (this.closing.repeats(vertices, e.point)) return 'ignored';
    const { position, hit } = await this.snapping.positionFor(e, vertices);
    if (this.options.closed && hit?.kind === 'sketch' && vertices.length >= 3 && hit.position === vertices[0]) return 'closed';
    await this.add(position);
    return 'added';
  }

  /** Adds a vertex (traced from the previous one when tracing applies). */
  async add(position: Vertex): Promise<void> {
    const vertices = this.vertices;
    const last = vertices[vertices.length - 1];
    let group: Vertex[] = [position];
    if (this.tracing.applies(last, position)) group = (await this.tracing.path(last, position)) ?? group;
    this.groups.push(group);
    // The rubber band's trace led to this vertex; from here on it starts afresh at the next move.
    this.tracing.clear();
    this.tracePath = null;
    this.cursor = position;
    this.changed();
  }

  removeLast(): boolean {
    if (!this.groups.length) return false;
    this.groups.pop();
    this.tracing.clear();
    this.tracePath = null;
    this.changed();
    return true;
  }

  clear(): void {
    this.groups = [];
    this.tracePath = null;
    this.snapping.clear();
    this.tracing.clear();
    this.changed();
  }

  /** May the sketch be finished as it is (without the pointer)? */
  check(): Validation {
    const points = this.vertices.map(lonLatOf);
    return this.options.closed ? validatePolygonRing(points) : validateLine(points);
  }

  /** Main's verdict on the current ring (null until it answers, or for lines). */
  get remoteResult(): ValidationResult | null {
    return this.remote;
  }

  polygon(): GeometryInput {
    return { type: 'Polygon', coordinates: [this.vertices] };
  }

  /** The sketch with the pointer's vertex (and its traced stretch) appended: what the user sees. */
  private withCursor(): Vertex[] {
    const vertices = this.vertices;
    if (!this.cursor) return vertices;
    return [...vertices, ...(this.tracePath ?? [this.cursor])];
  }

  private liveValidation(): { issues: EditPreview['issues']; problems: Notice[] } {
    const issues: EditPreview['issues'] = [];
    const problems: Notice[] = [];
    const ring = this.withCursor();
    if (this.options.closed && ring.length >= 3) {
      const v = validatePolygonRing(ring.map(lonLatOf));
      if (!v.valid && v.reason === 'self_intersection') {
        problems.push({ tone: 'error', key: 'editing.problem.self_intersection' });
        if (v.position) issues.push({ position: v.position, message: 'self_intersection' });
      }
    }
    const remote = this.remote;
    if (remote && problems.length === 0) {
      for (const issue of remote.issues) {
        problems.push({ tone: 'error', text: { zh: issue.zh, en: issue.en } });
        if (issue.position) issues.push({ position: lonLatOf(issue.position), message: issue.code });
      }
      if (remote.overlaps.length) {
        const protectedIds = new Set(this.host.settings().avoidOverlapLayerIds);
        const clipped = remote.overlaps.filter((o) => protectedIds.has(o.layerId));
        const kept = remote.overlaps.filter((o) => !protectedIds.has(o.layerId));
        const sum = (list: typeof kept) => list.reduce((s, o) => s + o.areaM2, 0);
        if (kept.length) problems.push({ tone: 'warning', key: 'editing.problem.overlap', values: { count: kept.length, areaM2: sum(kept) } });
        // Wholly inside the protected layers: saving would be refused (EMPTY_RESULT); say so before the user tries.
        if (clipped.length && sum(clipped) >= remote.areaM2 * (1 - 1e-6)) problems.push({ tone: 'error', key: 'editing.problem.willEmpty', values: { count: clipped.length } });
        else if (clipped.length) problems.push({ tone: 'info', key: 'editing.problem.willClip', values: { count: clipped.length, areaM2: sum(clipped) } });
      }
    }
    return { issues, problems };
  }

  preview(): Partial<EditPreview> {
    const vertices = this.vertices;
    const shown = this.withCursor().map(lonLatOf);
    const placed = vertices.map(lonLatOf);
    const last = placed[placed.length - 1];
    const guides: LonLat[][] = [];
    if (last && this.cursor) guides.push([last, ...(this.tracePath ?? [this.cursor]).map(lonLatOf)]);
    if (this.options.closed && placed.length >= 2 && this.cursor) guides.push([lonLatOf(this.cursor), placed[0]!]);
    const { issues } = this.liveValidation();
    return {
      polygons: this.options.closed && shown.length >= 3 ? [[shown]] : [],
      lines: placed.length >= 2 ? [placed] : [],
      guides,
      vertices: placed.map((position, i) => ({ position, role: i === 0 && this.options.closed ? 'first' : 'vertex' })),
      snap: this.cursorHit ? { position: lonLatOf(this.cursorHit.position), kind: this.cursorHit.kind } : null,
      issues,
    };
  }

  status(hint: string | null): ModeStatus {
    // Nothing placed yet: nothing to measure (the pointer alone is no line).
    const shown = this.count ? this.withCursor() : [];
    const m = measure(shown, this.options.closed, (v) => this.host.planar(v));
    return {
      hint,
      lengthM: m.lengthM,
      areaM2: this.options.closed ? m.areaM2 : null,
      vertexCount: this.count,
      snapped: this.cursorHit?.kind ?? null,
      problems: this.liveValidation().problems,
    };
  }

  private changed(): void {
    this.version++;
    this.remote = null;
    const vertices = this.vertices;
    if (this.options.closed && this.options.remoteValidation && vertices.length >= 3 && this.check().valid) {
      const version = this.version;
      this.validator.request({ geometry: this.polygon(), version }, ({ result, version: v }) => {
        if (v !== this.version) return;
        this.remote = result;
        this.onChange();
      });
    } else {
      this.validator.cancel();
    }
    this.onChange();
  }
}
