// Turns a layer's stored geometry into the typed arrays deck.gl draws (see LayerGeometry in the contract):
// lon/lat vertices, parts, rings and earcut triangles. Runs in a worker thread for big layers; the arrays are
// transferred, never structured-cloned feature by feature.
import earcut from 'earcut';
import type { LayerGeometry } from '../../../shared/contract/schemas.js';
import { LAYER_KINDS } from '../../../shared/domain/layer-kinds.js';
import type { Db } from '../db/spatialite.js';
import { schemeLayerRow } from '../workspace/layer-registry.js';
import { WorkbenchError } from '../errors.js';
import { gkInverse } from './gk-inverse.js';

/** Layers up to this size get exact label points (ST_PointOnSurface); bigger ones use the ring's vertex mean. */
const EXACT_LABEL_MAX_FEATURES = 5000;

class Growable<T extends Float64Array | Uint32Array> {
  length = 0;
  constructor(private data: T, private readonly make: (n: number) => T) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  result(): T {
    return this.data.slice(0, this.length) as T;
  }
}

interface WkbPolygon { rings: Float64Array[] }

/** Reads (Multi)Polygon WKB as produced by SpatiaLite's AsBinary (2D, either byte order). */
export function parsePolygonWkb(buf: Uint8Array): WkbPolygon[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  const polygons: WkbPolygon[] = [];
  function readGeometry(): void {
    const le = view.getUint8(at) === 1;
    const type = view.getUint32(at + 1, le) % 1000;
    at += 5;
    if (type === 3) {
      const nRings = view.getUint32(at, le);
      at += 4;
      const rings: Float64Array[] = [];
      for (let r = 0; r < nRings; r++) {
        const n = view.getUint32(at, le);
        at += 4;
        const ring = new Float64Array(n * 2);
        for (let i = 0; i < n * 2; i++) ring[i] = view.getFloat64(at + i * 8, le);
        at += n * 16;
        rings.push(ring);
      }
      polygons.push({ rings });
    } else if (type === 6 || type === 7) {
      const n = view.getUint32(at, le);
      at += 4;
      for (let i = 0; i < n; i++) readGeometry();
    } else {
      throw new Error(`unsupported WKB geometry type ${type} (expected Polygon or MultiPolygon)`);
    }
  }
  readGeometry();
  return polygons;
}

export interface LayerGeometryOptions {
  isCancelled?: () => boolean;
  onProgress?: (fraction: number) => void;
  /** Only these features (after an edit the renderer can patch its arrays instead of refetching the layer). */
  fids?: readonly number[];
  /**
   * Draw-only detail (shared/domain/display-detail.ts): rings simplified to this many metres. A feature whose
   * simplified form has other parts or rings than the exact one stays exact, so part indices stay the exact ones.
   */
  simplifyMeters?: number;
}

export function buildLayerGeometry(db: Db, layerId: number, schemeId: number, opts: LayerGeometryOptions = {}): LayerGeometry {
  const layer = schemeLayerRow(db, schemeId, layerId);
  const style = JSON.parse(layer.style_json) as { mode: string; labelField?: string };
  const fields = new Set(LAYER_KINDS[layer.kind as keyof typeof LAYER_KINDS]?.fields.map((f) => f.name) ?? []);
  const styleField = style.mode === 'dlbm' && fields.has('DLBM') ? 'DLBM' : null;
  const labelField = style.labelField && fields.has(style.labelField) ? style.labelField : null;
  const exactLabels = labelField !== null && layer.feature_count <= EXACT_LABEL_MAX_FEATURES;
  // Stored coordinates are projected to lon/lat here, not by ST_Transform (a PROJ call per geometry: minutes for a
  // county's parcels); see gk-inverse.ts.
  const inv = gkInverse(Number(db.prepare(`SELECT value FROM sx_meta WHERE key = 'srid'`).pluck().get()));
  const simplify = opts.simplifyMeters !== undefined && opts.simplifyMeters > 0 ? opts.simplifyMeters : null;
  const sql = `SELECT fid, AsBinary(geom) wkb ${simplify !== null ? ', AsBinary(ST_SimplifyPreserveTopology(geom, ?)) swkb' : ''}
      ${styleField ? `, "${styleField}" sk` : ''} ${labelField ? `, "${labelField}" lb` : ''}
      ${exactLabels ? `, AsBinary(ST_PointOnSurface(geom)) lp` : ''}
    FROM "${layer.table_name}" WHERE geom IS NOT NULL ${opts.fids ? 'AND fid IN (SELECT value FROM json_each(?))' : ''} ORDER BY fid`;

  const n = opts.fids ? opts.fids.length : layer.feature_count;
  const fids: number[] = [];
  const positions = new Growable(new Float64Array(Math.max(1024, n * 24)), (k) => new Float64Array(k));
  const partStarts = new Growable(new Uint32Array(Math.max(64, n + 1)), (k) => new Uint32Array(k));
  const partFeature = new Growable(new Uint32Array(Math.max(64, n)), (k) => new Uint32Array(k));
  const ringStarts = new Growable(new Uint32Array(Math.max(64, n + 1)), (k) => new Uint32Array(k));
  const triangles = new Growable(new Uint32Array(Math.max(1024, n * 30)), (k) => new Uint32Array(k));
  const styleKeys: string[] = [];
  const styleIndex = new Map<string, number>();
  const featureStyle: number[] = [];
  const labels: string[] = [];
  const labelPositions: number[] = [];

  const params: unknown[] = [...(simplify !== null ? [simplify] : []), ...(opts.fids ? [JSON.stringify(opts.fids)] : [])];
  for (const row of db.prepare(sql).iterate(...params) as Iterable<{ fid: number; wkb: Buffer | null; swkb?: Buffer | null; sk?: string | null; lb?: AttributeLike; lp?: Buffer | null }>) {
    if (!row.wkb) continue;
    if (opts.isCancelled?.()) throw new WorkbenchError('CANCELLED', 'cancelled');
    const featureIndex = fids.length;
    fids.push(row.fid);
    const key = row.sk ?? '';
    let si = styleIndex.get(key);
    if (si === undefined) {
      si = styleKeys.length;
      styleKeys.push(key);
      styleIndex.set(key, si);
    }
    featureStyle.push(si);

    let labelX = NaN, labelY = NaN, largestRing = -1;
    const exact = parsePolygonWkb(row.wkb);
    const simplified = row.swkb ? parsePolygonWkb(row.swkb) : null;
    const polygons = simplified && sameLayout(exact, simplified) ? simplified : exact;
    for (const polygon of polygons) {
      const base = positions.length / 2;
      partStarts.push(base);
      partFeature.push(featureIndex);
      const flat: number[] = [];
      const holes: number[] = [];
      polygon.rings.forEach((ring, r) => {
        inv.toLonLat(ring);
        ringStarts.push(positions.length / 2);
        if (r > 0) holes.push(flat.length / 2);
        for (let i = 0; i < ring.length; i++) {
          positions.push(ring[i]!);
          flat.push(ring[i]!);
        }
      });
      for (const t of earcut(flat, holes, 2)) triangles.push(base + t);
      const outer = polygon.rings[0]!;
      if (!exactLabels && outer.length > largestRing) {
        largestRing = outer.length;
        let sx = 0, sy = 0;
        const m = outer.length / 2 - 1;
        for (let i = 0; i < m; i++) { sx += outer[i * 2]!; sy += outer[i * 2 + 1]!; }
        labelX = sx / m;
        labelY = sy / m;
      }
    }
    if (exactLabels && row.lp) {
      const v = new DataView(row.lp.buffer, row.lp.byteOffset, row.lp.byteLength);
      const le = v.getUint8(0) === 1;
      [labelX, labelY] = inv.lonLat(v.getFloat64(5, le), v.getFloat64(13, le));
    }
    labels.push(labelField && row.lb !== null && row.lb !== undefined ? String(row.lb) : '');
    labelPositions.push(labelX, labelY);
    if (n > 0 && featureIndex % 5000 === 0) opts.onProgress?.(featureIndex / n);
  }
  partStarts.push(positions.length / 2);
  ringStarts.push(positions.length / 2);
  if (styleKeys.length > 65535) throw new WorkbenchError('INTERNAL', 'more than 65535 distinct style keys');
  return {
    layerId,
    featureCount: fids.length,
    fids: Float64Array.from(fids),
    positions: positions.result(),
    partStarts: partStarts.result(),
    partFeature: partFeature.result(),
    ringStarts: ringStarts.result(),
    triangles: triangles.result(),
    styleKeys,
    featureStyle: Uint16Array.from(featureStyle),
    labelPositions: Float64Array.from(labelPositions),
    labels: labelField ? labels : [],
  };
}

type AttributeLike = string | number | null;

function sameLayout(a: readonly WkbPolygon[], b: readonly WkbPolygon[]): boolean {
  return a.length === b.length && a.every((p, i) => p.rings.length === b[i]!.rings.length);
}
