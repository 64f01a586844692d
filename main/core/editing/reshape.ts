// Reshape a feature by a line (QGIS semantics, reshape-ring.ts): the line must cross exactly one ring of the feature
// (its exterior or a hole) at least twice. Reshaping the exterior keeps the holes that are still inside it.
import type { AvoidOverlap, EditResult, Position, Topological } from '../../../shared/contract/editing.js';
import { WorkbenchError } from '../errors.js';
import type { EditContext } from './context.js';
import { writeGeometry } from './features-ops.js';
import { cloneMultiPolygon, multiPolygonWkb } from './geometry.js';
import { crossings, reshapeRing } from './reshape-ring.js';
import { addTopologicalPoints, sharedSuffix } from './topology.js';

export function reshapeFeature(ctx: EditContext, input: { layerId: number; fid: number; line: Position[]; avoidOverlap?: AvoidOverlap; topological?: Topological }): EditResult {
  const t = ctx.table(input.layerId);
  const label = t.label(input.fid);
  const geom = t.geometry(input.fid);
  const line = ctx.line(input.line);
  const hits: { part: number; ring: number }[] = [];
  geom.forEach((p, pi) => p.forEach((r, ri) => { if (crossings(r, line).length) hits.push({ part: pi, ring: ri }); }));
  if (hits.length !== 1) {
    throw new WorkbenchError('NO_EFFECT', hits.length === 0
      ? `整形线没有穿过 ${label.zh} 的边界 / The reshape line does not cross the boundary of ${label.en}`
      : `整形线穿过了 ${label.zh} 的 ${hits.length} 个环，只能穿过一个 / The reshape line crosses ${hits.length} rings of ${label.en}; it may cross only one`);
  }
  const { part, ring } = hits[0]!;
  const reshaped = reshapeRing(geom[part]![ring]!, line);
  if (!reshaped) {
    throw new WorkbenchError('NO_EFFECT', `整形线须两次穿过 ${label.zh} 的边界 / The reshape line must cross the boundary of ${label.en} twice`);
  }
  const out = cloneMultiPolygon(geom);
  if (ring === 0) {
    const shell = multiPolygonWkb([[reshaped.ring]]);
    // Holes no longer inside the new exterior go, as in QGIS.
    out[part] = [reshaped.ring, ...geom[part]!.slice(1).filter((h) => ctx.geos.within(multiPolygonWkb([[h]]), shell))];
  } else {
    out[part]![ring] = reshaped.ring;
  }
  return ctx.history.run('reshape', (tx) => {
    writeGeometry(ctx, tx, input.layerId, input.fid, out, input.avoidOverlap);
    const shared = sharedSuffix(addTopologicalPoints(ctx, tx, input.layerId, input.fid, geom, input.topological));
    return { zh: `整形 ${label.zh}${shared.zh}`, en: `Reshaped ${label.en}${shared.en}` };
  });
}
