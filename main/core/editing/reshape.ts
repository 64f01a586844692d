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
  if (hits.length === 0) {
    throw new WorkbenchError('NO_EFFECT', `整形线没有穿过 ${label.zh} 的边界 / The reshape line does not cross the boundary of ${label.en}`);
  }
  if (hits.length > 1) {
    // QGIS refuses too: which ring would the line reshape? Say which rings it crosses and what to draw instead.
    const multi = geom.length > 1;
    const names = hits.map(({ part, ring }) => ({
      zh: `${multi ? `第 ${part + 1} 部件的` : ''}${ring === 0 ? '外环' : `洞 ${ring}`}`,
      en: `${ring === 0 ? 'the exterior' : `hole ${ring}`}${multi ? ` of part ${part + 1}` : ''}`,
    }));
    throw new WorkbenchError('NO_EFFECT', `整形线同时穿过了 ${label.zh} 的${names.map((n) => n.zh).join('和')}；一次整形只能改变一个环，` +
      `请画一条在同一个环上开始和结束、不穿过其他环的线 / The reshape line crosses ${names.map((n) => n.en).join(' and ')} of ${label.en}; ` +
      'a reshape changes one ring: draw a line that starts and ends on the same ring and crosses no other');
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
