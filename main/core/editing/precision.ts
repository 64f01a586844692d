// The precision path of edited coordinates (docs/editing.md, "Precision"):
//
// - A vertex the user placed freely arrives as [lon, lat] (CGCS2000, EPSG:4490). Main transforms it to the workspace
//   CRS with SpatiaLite's ST_Transform (PROJ) and rounds it to the 1 mm grid with the formula of ST_SnapToGrid
//   (rint(v / 0.001) · 0.001), so the check engine's own snapping leaves it where it is.
// - A vertex that came from a snap answer, a trace or the feature's own geometry arrives as [lon, lat, x, y]: x, y
//   are workspace-CRS coordinates main handed out, and they are used verbatim, never re-rounded. That is what makes
//   a vertex snapped to a neighbour's vertex land exactly on it (existing data is rarely on our grid: the sample's
//   coordinates have micrometres), so no hairline gap or overlap is born.
// - Vertices GEOS computes (where a split line crosses an edge, where a clip boundary crosses) are kept as GEOS
//   computes them: they lie on the original edges to floating precision; rounding them would move them off the
//   edge the neighbour still has and open the sub-millimetre sliver the grid is meant to prevent.
import { CGCS2000_GEOGRAPHIC } from '../../../shared/domain/crs.js';
import { gridRound } from '../../../shared/domain/grid.js';
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';
import { multiPointWkb, readPoints, type XY } from './geometry.js';

export { GRID_SIZE, gridRound, rint } from '../../../shared/domain/grid.js';

/** [lon, lat] as drawn, or [lon, lat, x, y] with exact workspace coordinates from a snap answer or the feature. */
export type Position = readonly number[];

/** An exact position whose lon/lat is further than this from its x/y is refused: a stale or mixed-up vertex. */
const EXACT_MISMATCH_M = 1;

export function isExact(p: Position): boolean {
  return p.length >= 4;
}

export class Projector {
  private readonly forward;
  private readonly inverse;

  constructor(db: Db, readonly srid: number) {
    this.forward = db.prepare(`SELECT AsBinary(ST_Transform(GeomFromWKB(?, ${CGCS2000_GEOGRAPHIC}), ${Math.trunc(srid)})) w`);
    this.inverse = db.prepare(`SELECT AsBinary(ST_Transform(GeomFromWKB(?, ${Math.trunc(srid)}), ${CGCS2000_GEOGRAPHIC})) w`);
  }

  /** lon/lat → workspace CRS (not rounded), one SQL call for all points. */
  project(lonLat: readonly XY[]): XY[] {
    if (!lonLat.length) return [];
    const r = this.forward.get(multiPointWkb(lonLat)) as { w: Buffer | null };
    if (!r.w) throw new WorkbenchError('BAD_REQUEST', '坐标无法转换 / coordinates could not be transformed to the workspace CRS');
    return readPoints(r.w);
  }

  /** workspace CRS → lon/lat, one SQL call for all points. */
  unproject(xy: readonly XY[]): XY[] {
    if (!xy.length) return [];
    const r = this.inverse.get(multiPointWkb(xy)) as { w: Buffer | null };
    if (!r.w) throw new WorkbenchError('INTERNAL', 'coordinates could not be transformed to lon/lat');
    return readPoints(r.w);
  }

  /**
   * Workspace coordinates of the renderer's positions: exact ones verbatim (after checking their lon/lat agrees),
   * free ones transformed and rounded to the 1 mm grid.
   */
  resolve(positions: readonly Position[]): XY[] {
    for (const p of positions) {
      if ((p.length !== 2 && p.length !== 4) || !p.every(Number.isFinite)) {
        throw new WorkbenchError('BAD_REQUEST', `坐标格式错误 / a position must be [lon, lat] or [lon, lat, x, y]: ${JSON.stringify(p)}`);
      }
    }
    const projected = this.project(positions.map((p) => [p[0]!, p[1]!]));
    return positions.map((p, i) => {
      const q = projected[i]!;
      if (isExact(p)) {
        const x = p[2]!, y = p[3]!;
        if (Math.hypot(q[0] - x, q[1] - y) > EXACT_MISMATCH_M) {
          throw new WorkbenchError('BAD_REQUEST', `坐标不一致 / position [${p.join(', ')}]: its lon/lat is ${Math.hypot(q[0] - x, q[1] - y).toFixed(2)} m from its x/y`);
        }
        return [x, y];
      }
      return [gridRound(q[0]), gridRound(q[1])];
    });
  }

  /** [lon, lat, x, y] positions for exact workspace points: what main hands to the renderer. */
  positions(xy: readonly XY[]): [number, number, number, number][] {
    const ll = this.unproject(xy);
    return xy.map((p, i) => [ll[i]![0], ll[i]![1], p[0], p[1]]);
  }
}
