// Live validation of a geometry being drawn (edit.validate): GEOS validity with the location of the problem, and
// the overlaps the geometry would create with features of its own layer and of the protected layers, with their
// areas. Read-only and cheap (a few prepared statements and the R*Tree), so the renderer may call it on every mouse
// move of a simple polygon.
import type { GeometryInput, ValidationResult } from '../../../shared/contract/editing.js';
import { ContractError } from '../../../shared/contract/contract.js';
import type { EditContext } from './context.js';
import { quoteId } from './features.js';
import { bboxOf, multiPolygonWkb } from './geometry.js';
import { reasonZh } from './features-ops.js';

type Issue = ValidationResult['issues'][number];

/** Overlaps smaller than this (m²) are the rounding of a shared boundary, not an overlap a planner could see. */
export const MIN_OVERLAP_M2 = 1e-4;

function issueCode(reason: string | null): Issue['code'] {
  if (!reason) return 'invalid';
  if (/^Ring Self-intersection/i.test(reason)) return 'ring_self_intersection';
  if (/^Self-intersection/i.test(reason)) return 'self_intersection';
  if (/Too few points/i.test(reason)) return 'too_few_points';
  if (/Hole lies outside shell/i.test(reason)) return 'hole_outside';
  if (/Nested shells/i.test(reason)) return 'nested_shells';
  return 'invalid';
}

export function validateGeometry(ctx: EditContext, input: { layerId: number; geometry: GeometryInput; fid?: number; protectedLayerIds?: number[]; minOverlapM2?: number }): ValidationResult {
  let geom;
  try {
    geom = ctx.geometry(input.geometry);
  } catch (e) {
    if (e instanceof ContractError && e.code === 'INVALID_GEOMETRY') {
      return { valid: false, issues: [{ code: 'too_few_points', zh: '环的顶点太少', en: 'a ring has fewer than three distinct vertices', position: null }], overlaps: [], areaM2: 0 };
    }
    throw e;
  }
  const wkb = multiPolygonWkb(geom);
  const v = ctx.geos.validity(wkb);
  if (!v.valid) {
    const position = v.location ? ctx.projector.positions([v.location])[0]! : null;
    return { valid: false, issues: [{ code: issueCode(v.reason), zh: reasonZh(v.reason), en: v.reason ?? 'invalid geometry', position }], overlaps: [], areaM2: 0 };
  }
  const bbox = bboxOf(geom);
  const minArea = input.minOverlapM2 ?? MIN_OVERLAP_M2;
  const overlaps: ValidationResult['overlaps'] = [];
  for (const layerId of new Set([input.layerId, ...(input.protectedLayerIds ?? [])])) {
    const t = ctx.table(layerId);
    const select = ctx.db.prepare(`SELECT AsBinary(geom) FROM ${quoteId(t.table)} WHERE fid = ?`).pluck();
    for (const fid of ctx.candidates(layerId, bbox)) {
      if (layerId === input.layerId && fid === input.fid) continue;
      const other = select.get(fid) as Buffer | null;
      if (!other) continue;
      const a = ctx.geos.overlapArea(wkb, other);
      if (a > minArea) overlaps.push({ layerId, fid, areaM2: a });
    }
  }
  return { valid: overlaps.length === 0, issues: [], overlaps, areaM2: ctx.geos.area(wkb) };
}
