// Tracing (QGIS's "T"): between two snapped clicks the sketch follows the existing boundaries of the snap layers
// (snap.trace: the shortest way round, the features' own vertices bit for bit) instead of a straight edge. Both
// ends must be exact positions main handed out; otherwise, or when there is no path, the edge stays straight.
import type { EditingHost } from '../host.js';
import { isExact, type Vertex } from '../types.js';
import { LatestRequest } from './latest-request.behavior.js';

export class TracingBehavior {
  private readonly previewRequest: LatestRequest<{ from: Vertex; to: Vertex }, Vertex[] | null>;

  constructor(private readonly host: EditingHost) {
    this.previewRequest = new LatestRequest(({ from, to }) => this.path(from, to));
  }

  get enabled(): boolean {
    const s = this.host.settings();
    return s.tracing && s.snap.enabled && s.snap.layerIds.length > 0;
  }

  /** Can these two vertices be joined by a trace? */
  applies(from: Vertex | undefined, to: Vertex): from is Vertex {
    return this.enabled && from !== undefined && isExact(from) && isExact(to) && !(from[2] === to[2] && from[3] === to[3]);
  }

  /** The vertices after `from` up to and including `to` along the boundaries, or null (keep the straight edge). */
  async path(from: Vertex, to: Vertex): Promise<Vertex[] | null> {
    const result = await this.host.trace(from, to);
    if (!result || result.path.length < 2) return null;
    return result.path.slice(1);
  }

  /** Preview of the traced edge to the pointer; `done(null)` when it would be straight. */
  preview(from: Vertex | undefined, to: Vertex, done: (path: Vertex[] | null) => void): void {
    if (!this.applies(from, to)) {
      this.previewRequest.cancel();
      done(null);
      return;
    }
    this.previewRequest.request({ from, to }, (path) => done(path));
  }

  clear(): void {
    this.previewRequest.cancel();
  }
}
