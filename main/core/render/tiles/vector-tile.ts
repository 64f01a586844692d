// Vector tiles of a big layer (docs/scale.md): the exact features, in the binary LayerGeometry layout, of one tile
// of the layer's vector zoom. A feature belongs to the tile holding the centre of its box, so it is drawn once
// however many tiles it crosses; features wider or taller than a tile go to the layer's "big" tile, which the map
// draws whenever it draws vector tiles. Built on request from the R*Tree, nothing is stored.
import proj4 from 'proj4';
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';
import { CGCS2000_GEOGRAPHIC, proj4Definition } from '../../../../shared/domain/crs.js';
import { isBigFeature, tileBounds, tileOfBox } from '../../../../shared/domain/tiles.js';
import type { Db } from '../../db/spatialite.js';
import { schemeLayerRow } from '../../workspace/layer-registry.js';
import { gkInverse } from '../gk-inverse.js';
import { buildLayerGeometry } from '../layer-geometry.js';

const EARTH_CIRCUMFERENCE_M = 2 * Math.PI * 6378137;

export type VectorTileKey = { z: number; x: number; y: number } | { z: number; big: true };

function srid(db: Db): number {
  return Number(db.prepare(`SELECT value FROM sx_meta WHERE key = 'srid'`).pluck().get());
}

/** lon/lat box of a GK box (its corners through the inverse projection). */
function lonLatBox(inv: ReturnType<typeof gkInverse>, x0: number, y0: number, x1: number, y1: number): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [x, y] of [[x0, y0], [x0, y1], [x1, y0], [x1, y1]] as const) {
    const [lon, lat] = inv.lonLat(x, y);
    w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
  }
  return [w, s, e, n];
}

/** The fids of a vector tile, from the R*Tree boxes alone. */
export function vectorTileFids(db: Db, table: string, key: VectorTileKey, extentLat: number): number[] {
  const sr = srid(db);
  const inv = gkInverse(sr);
  const z = key.z;
  const fids: number[] = [];
  if ('big' in key) {
    // Anything wider than a tile is wider than this many metres (tiles are narrowest on the ground farthest north).
    const minTileM = (EARTH_CIRCUMFERENCE_M * Math.cos(((Math.abs(extentLat) + 1) * Math.PI) / 180)) / 2 ** z;
    const rows = db.prepare(`SELECT pkid, xmin, ymin, xmax, ymax FROM "idx_${table}_geom" WHERE xmax - xmin > ? OR ymax - ymin > ?`)
      .raw().all(minTileM * 0.9, minTileM * 0.9) as [number, number, number, number, number][];
    for (const [fid, x0, y0, x1, y1] of rows) if (isBigFeature(z, lonLatBox(inv, x0, y0, x1, y1))) fids.push(fid);
    return fids.sort((a, b) => a - b);
  }
  const fwd = proj4(proj4Definition(CGCS2000_GEOGRAPHIC), proj4Definition(sr));
  // Features whose box centre is in the tile and which fit in a tile reach at most half a tile beyond it.
  const [w, , , n] = tileBounds(z, key.x - 0.5, key.y - 0.5);
  const [, s, e] = tileBounds(z, key.x + 0.5, key.y + 0.5);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const lon of [w, (w + e) / 2, e]) {
    for (const lat of [s, (s + n) / 2, n]) {
      const [x, y] = fwd.forward([lon, lat]) as [number, number];
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  const m = 1 + (x1 - x0) * 1e-3;
  const rows = db.prepare(`SELECT pkid, xmin, ymin, xmax, ymax FROM "idx_${table}_geom" WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?`)
    .raw().all(x1 + m, x0 - m, y1 + m, y0 - m) as [number, number, number, number, number][];
  for (const [fid, bx0, by0, bx1, by1] of rows) {
    const box = lonLatBox(inv, bx0, by0, bx1, by1);
    if (isBigFeature(z, box)) continue;
    const [tx, ty] = tileOfBox(z, box);
    if (tx === key.x && ty === key.y) fids.push(fid);
  }
  return fids.sort((a, b) => a - b);
}

/** A vector tile of the layer in the scheme: exact geometry, style key and label per feature. */
export function buildVectorTile(db: Db, layerId: number, schemeId: number, key: VectorTileKey): LayerGeometry {
  const layer = schemeLayerRow(db, schemeId, layerId);
  const extent = layer.extent_json ? (JSON.parse(layer.extent_json) as number[]) : [0, 0, 0, 0];
  const lat = Math.max(Math.abs(extent[1]!), Math.abs(extent[3]!));
  const fids = vectorTileFids(db, layer.table_name, key, lat);
  return buildLayerGeometry(db, layerId, schemeId, { fids });
}

