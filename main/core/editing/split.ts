// Split by a line (docs/editing.md): the polygon's boundary and the line are noded together by GEOS and polygonized;
// the faces inside the polygon are the pieces. No buffer is involved (the known fault of buffer-based splitting is
// a gap of the buffer's width between the pieces), so the pieces tile the original exactly: they share the cut
// vertex for vertex, and their areas add up to the original's (checked to 1e-9, relative). The largest piece keeps
// the feature's fid; attributes follow the split policies (area fields proportional by default).
import type { AvoidOverlap, EditResult, Position, Topological } from '../../../shared/contract/editing.js';
import { resolvePolicies, splitAttributes, type FieldPolicy } from '../../../shared/domain/attribute-policies.js';
import { WorkbenchError } from '../errors.js';
import type { EditContext } from './context.js';
import { applyAvoidOverlap, requireValid, warnMissing } from './features-ops.js';
import type { EditTx } from './history.js';
import { lineStringWkb, multiPolygonWkb, type MultiPolygon, type Polygon } from './geometry.js';
import { insertIntoNeighbours, newVertices } from './topology.js';

/** Pieces must add up to the original to this relative precision, or the split is refused. */
export const SPLIT_AREA_TOLERANCE = 1e-9;

export interface SplitInput {
  layerId: number;
  /** Features to split; default: every feature of the layer the line cuts across. */
  fids?: number[];
  line: Position[];
  policies?: Record<string, Partial<FieldPolicy>>;
  avoidOverlap?: AvoidOverlap;
  /** Add the new cut vertices to neighbours sharing the cut edges, so no T-junction is left. */
  topological?: Topological;
}

/** The pieces of one polygon cut by a line: each crossed part gives its faces; uncrossed parts join the largest. */
export function splitPieces(ctx: EditContext, geom: MultiPolygon, lineWkb: Buffer): { pieces: MultiPolygon[]; areas: number[] } | null {
  const wkb = multiPolygonWkb(geom);
  const faces = ctx.geos.splitFaces(wkb, lineWkb);
  const partWkbs = geom.map((p) => multiPolygonWkb([p]));
  const byPart: Polygon[][] = geom.map(() => []);
  for (const face of faces) {
    const faceWkb = multiPolygonWkb([face]);
    const inner = ctx.geos.pointOnSurface(faceWkb);
    if (!inner) continue;
    const part = partWkbs.findIndex((pw) => ctx.geos.containsPoint(pw, inner));
    if (part >= 0) byPart[part]!.push(face);
  }
  if (!byPart.some((faces) => faces.length > 1)) return null;
  const pieces: MultiPolygon[] = [];
  const areas: number[] = [];
  const untouched: Polygon[] = [];
  byPart.forEach((faces, i) => {
    if (faces.length > 1) for (const f of faces) { pieces.push([f]); areas.push(ctx.geos.area(multiPolygonWkb([f]))); }
    else untouched.push(geom[i]!);
  });
  if (untouched.length) {
    const largest = areas.indexOf(Math.max(...areas));
    pieces[largest]!.push(...untouched);
    areas[largest] = ctx.geos.area(multiPolygonWkb(pieces[largest]!));
  }
  return { pieces, areas };
}

export function splitFeatures(ctx: EditContext, input: SplitInput): EditResult {
  const t = ctx.table(input.layerId);
  const line = ctx.line(input.line);
  const lineWkb = lineStringWkb(line);
  const policies = resolvePoliciesOrThrow(t.layer.kind, input.policies);
  const [x0, y0, x1, y1] = [Math.min(...line.map((p) => p[0])), Math.min(...line.map((p) => p[1])), Math.max(...line.map((p) => p[0])), Math.max(...line.map((p) => p[1]))];
  const explicit = input.fids !== undefined;
  const fids = explicit ? [...new Set(input.fids)] : ctx.candidates(input.layerId, [x0, y0, x1, y1]).sort((a, b) => a - b);
  return ctx.history.run('split', (tx) => {
    const results: { fid: number; pieces: number }[] = [];
    const created: number[] = [];
    for (const fid of fids) {
      const img = t.require(fid);
      const geom = t.geometry(fid);
      const label = t.label(fid);
      if (!ctx.geos.intersects(multiPolygonWkb(geom), lineWkb)) {
        if (explicit) throw new WorkbenchError('NO_EFFECT', `分割线没有穿过 ${label.zh} / The line does not cut across ${label.en}`);
        continue;
      }
      const split = splitPieces(ctx, geom, lineWkb);
      if (!split) {
        if (explicit) throw new WorkbenchError('NO_EFFECT', `分割线没有把 ${label.zh} 分开（须从边界穿过到边界） / The line does not divide ${label.en}: it must cross from boundary to boundary`);
        continue;
      }
      const original = ctx.geos.area(multiPolygonWkb(geom));
      const sum = split.areas.reduce((s, a) => s + a, 0);
      if (Math.abs(sum - original) > SPLIT_AREA_TOLERANCE * original) {
        throw new WorkbenchError('INTERNAL', `分割 ${label.zh} 后面积不守恒（${original} → ${sum} m²），未保存 / Splitting ${label.en} would not conserve area (${original} → ${sum} m²); nothing was saved`);
      }
      const attrs = splitAttributes(img.attrs, split.areas, policies);
      const keep = split.areas.indexOf(Math.max(...split.areas));
      const pieceFids: number[] = [];
      split.pieces.forEach((piece, i) => {
        let wkb = multiPolygonWkb(piece);
        requireValid(ctx, wkb, label);
        wkb = applyAvoidOverlap(ctx, tx, wkb, input.avoidOverlap, [{ layerId: input.layerId, fid }], label);
        if (i === keep) {
          tx.updateGeometry(input.layerId, fid, wkb);
          tx.updateAttributes(input.layerId, fid, attrs[i]!);
          pieceFids.push(fid);
        } else {
          const nf = tx.create(input.layerId, attrs[i]!, wkb);
          pieceFids.push(nf);
          created.push(nf);
          warnMissing(ctx, tx, input.layerId, nf, attrs[i]!);
        }
      });
      if (input.topological) addCutNodesToNeighbours(ctx, tx, geom, split.pieces, input.topological, new Set(pieceFids.map((f) => `${input.layerId}:${f}`)));
      results.push({ fid, pieces: split.pieces.length });
    }
    if (!results.length) throw new WorkbenchError('NO_EFFECT', `分割线没有分开${t.layer.name}的任何要素 / The line does not divide any feature of ${t.layer.nameEn}`);
    if (results.length === 1) {
      const l = t.label(results[0]!.fid);
      return { zh: `分割 ${l.zh} 为 ${results[0]!.pieces} 个要素`, en: `Split ${l.en} into ${results[0]!.pieces} features` };
    }
    return { zh: `分割 ${t.layer.name} 的 ${results.length} 个要素，新增 ${created.length} 个`, en: `Split ${results.length} features of ${t.layer.nameEn} (${created.length} new)` };
  });
}

/**
 * The cut creates vertices where the line crosses the boundary. A neighbour sharing that edge does not have them
 * (a T-junction: no gap, but an edge the coverage checks cannot match). With topological editing on, the same
 * vertices, bit for bit, are inserted into the neighbours' edges.
 */
function addCutNodesToNeighbours(ctx: EditContext, tx: EditTx, original: MultiPolygon, pieces: MultiPolygon[], topo: Topological, skip: Set<string>): void {
  insertIntoNeighbours(ctx, tx, newVertices(pieces.flat() as MultiPolygon, original), topo, skip);
}

export function resolvePoliciesOrThrow(kind: Parameters<typeof resolvePolicies>[0], overrides?: Record<string, Partial<FieldPolicy>>): Record<string, FieldPolicy> {
  try {
    return resolvePolicies(kind, overrides);
  } catch (e) {
    throw new WorkbenchError('BAD_REQUEST', `属性规则有误 / ${(e as Error).message}`);
  }
}

