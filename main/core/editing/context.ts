// What every editing operation needs: the workspace connection, the coordinate path (precision.ts), GEOS, the
// layer tables, the edit history, and turning the renderer's input into exact workspace geometry.
import type { GeometryInput, Position } from '../../../shared/contract/editing.js';
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import type { Stmt } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';
import { LayerTable, quoteId } from './features.js';
import { closeRing, multiPolygonWkb, type MultiPolygon, type Polygon, type XY } from './geometry.js';
import { Geos } from './geos.js';
import { EditHistoryStore } from './history.js';
import { Projector } from './precision.js';

export type Bbox = [number, number, number, number];

export class EditContext {
  readonly projector: Projector;
  readonly geos: Geos;
  readonly history: EditHistoryStore;
  private readonly tables = new Map<number, LayerTable>();
  private readonly candidateStmts = new Map<string, Stmt>();

  /** The scheme (方案) this context reads and edits: the workspace's active scheme when it was made. */
  readonly scheme: number;

  constructor(readonly ws: Workspace, scheme = ws.scheme) {
    this.scheme = scheme;
    this.projector = new Projector(ws.db, ws.srid);
    this.geos = new Geos(ws.db, ws.srid);
    this.history = new EditHistoryStore(ws, (id) => this.table(id), this.scheme, (id) => this.prepareWrite(id));
  }

  /** Before a layer's first write in an edit: refuse a locked scheme, give the scheme its own table if shared. */
  private prepareWrite(layerId: number): void {
    const table = this.ws.writableTable(layerId, this.scheme);
    if (this.tables.get(layerId)?.table !== table) this.tables.delete(layerId);
  }

  get db() {
    return this.ws.db;
  }

  layer(layerId: number): LayerInfo {
    return this.ws.layer(layerId, this.scheme);
  }

  table(layerId: number): LayerTable {
    let t = this.tables.get(layerId);
    if (!t) {
      t = new LayerTable(this.ws.db, this.ws.layer(layerId, this.scheme), this.ws.srid);
      this.tables.set(layerId, t);
    }
    return t;
  }

  /** Fids of the layer's features whose index box meets the bbox grown by `expand` metres (R*Tree only, no GEOS). */
  candidates(layerId: number, bbox: Bbox, expand = 0): number[] {
    const table = this.table(layerId).table;
    let stmt = this.candidateStmts.get(table);
    if (!stmt) {
      stmt = this.ws.db.prepare<unknown[]>(`SELECT pkid FROM ${quoteId(`idx_${table}_geom`)} WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?`).pluck();
      this.candidateStmts.set(table, stmt);
    }
    return stmt.all(bbox[2] + expand, bbox[0] - expand, bbox[3] + expand, bbox[1] - expand) as number[];
  }

  /** The renderer's polygon or multipolygon as exact workspace coordinates (rings closed, repeats dropped). */
  geometry(input: GeometryInput): MultiPolygon {
    const polys = input.type === 'Polygon' ? [input.coordinates] : input.coordinates;
    const flat: Position[] = polys.flat(2);
    const xy = this.projector.resolve(flat);
    let i = 0;
    const out: MultiPolygon = polys.map((p) => p.map((ring) => closeRing(ring.map(() => xy[i++]!))));
    checkRings(out);
    return out;
  }

  ring(positions: readonly Position[]): XY[] {
    const r = closeRing(this.projector.resolve(positions));
    checkRings([[r]]);
    return r;
  }

  line(positions: readonly Position[]): XY[] {
    const pts = this.projector.resolve(positions);
    const out: XY[] = [];
    for (const p of pts) if (!out.length || out[out.length - 1]![0] !== p[0] || out[out.length - 1]![1] !== p[1]) out.push(p);
    if (out.length < 2) throw new WorkbenchError('BAD_REQUEST', '线至少需要两个不同的点 / a line needs at least two distinct points');
    return out;
  }

  wkb(mp: MultiPolygon): Buffer {
    return multiPolygonWkb(mp);
  }
}

/** Every ring needs three distinct vertices (four with the closing repeat) before GEOS can even read it. */
export function checkRings(mp: readonly Polygon[]): void {
  for (const p of mp) for (const r of p) {
    if (r.length < 4) {
      throw new WorkbenchError('INVALID_GEOMETRY', `环的顶点太少（${Math.max(0, r.length - 1)} 个，至少 3 个） / A ring has too few distinct vertices (${Math.max(0, r.length - 1)}; at least 3)`);
    }
  }
}
