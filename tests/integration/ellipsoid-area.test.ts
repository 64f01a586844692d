// Ellipsoidal areas (国土调查 practice) checked against an independent computation: GDAL/PROJ reprojecting the
// polygon, densified to 1 m so its edges stay the straight Gauss–Krüger lines that were drawn, into two different
// equal-area projections on GRS80 (CGCS2000's ellipsoid). Two projections agreeing rules out a projection error.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ellipsoidalArea } from '../../main/core/overlay/ellipsoid.js';
import { parsePolygons } from '../../main/core/overlay/geom.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { tempDir } from './helpers.js';

const HAS_GDAL = existsSync('/usr/bin/ogr2ogr');
let tmp: ReturnType<typeof tempDir>;
let wsPath: string;

// Around 金坛 in zone 40 (x with the 40 prefix): a parcel, a parcel with a hole, a 30 km × 25 km "county" west of
// the central meridian, and a skewed quadrilateral far from it.
const FEATURES: [string, string][] = [
  ['parcel', 'POLYGON((40443000 3510000, 40443400 3510050, 40443380 3510420, 40442990 3510380, 40443000 3510000))'],
  ['holed', 'POLYGON((40450000 3520000, 40451000 3520000, 40451000 3521000, 40450000 3521000, 40450000 3520000),(40450200 3520200, 40450200 3520700, 40450800 3520700, 40450800 3520200, 40450200 3520200))'],
  ['county', 'POLYGON((40420000 3500000, 40450000 3500000, 40450000 3525000, 40420000 3525000, 40420000 3500000))'],
  ['far', 'POLYGON((40620000 3460000, 40631000 3461000, 40629000 3472000, 40618500 3470000, 40620000 3460000))'],
];

beforeAll(() => {
  tmp = tempDir('sanxian-ellipsoid-');
  wsPath = tmp.file('areas.sqlite');
  const ws = Workspace.create(wsPath, { name: 'areas', srid: 4528 });
  const layer = ws.addLayer('user');
  ws.insertFeatures(layer.id, FEATURES.map(([name, wkt]) => ({ attributes: { MC: name }, wkt })));
  ws.close();
});
afterAll(() => tmp.cleanup());

/** Areas by feature name in an equal-area projection, computed by GDAL after densifying to 1 m. */
function gdalAreas(proj: string): Map<string, number> {
  const out = tmp.file(`ea-${Math.random().toString(36).slice(2)}.sqlite`);
  execFileSync('ogr2ogr', ['-f', 'SQLite', out, wsPath, 'user_layer', '-segmentize', '1', '-t_srs', proj], { stdio: 'pipe' });
  const text = execFileSync('ogrinfo', ['-q', '-geom=NO', '-dialect', 'OGRSQL', '-sql', 'SELECT mc, OGR_GEOM_AREA FROM user_layer', out], { encoding: 'utf8' });
  const names = [...text.matchAll(/mc \(String\) = (\S+)/g)].map((m) => m[1]!);
  const areas = [...text.matchAll(/OGR_GEOM_AREA \(Real\) = (\S+)/g)].map((m) => Number(m[1]));
  return new Map(names.map((n, i) => [n, areas[i]!]));
}

describe.skipIf(!HAS_GDAL)('ellipsoidal area', () => {
  it('agrees with two equal-area projections in PROJ to 1e-8, for parcels and a whole county', () => {
    const laea = gdalAreas('+proj=laea +lat_0=31.6 +lon_0=119.4 +ellps=GRS80 +units=m');
    const cea = gdalAreas('+proj=cea +lon_0=119.5 +lat_ts=0 +ellps=GRS80 +units=m');
    const ws = Workspace.open(wsPath, { readonly: true });
    try {
      const rows = ws.db.prepare('SELECT MC, AsBinary(geom) w, ST_Area(geom) planar, ST_Area(ST_Transform(geom, 4490), 1) geodesic FROM user_layer').all() as
        { MC: string; w: Buffer; planar: number; geodesic: number }[];
      for (const r of rows) {
        const ours = ellipsoidalArea(parsePolygons(r.w), 4528);
        const reference = laea.get(r.MC)!;
        expect(Math.abs(cea.get(r.MC)! / reference - 1), `${r.MC}: the two projections`).toBeLessThan(1e-9);
        expect(Math.abs(ours / reference - 1), r.MC).toBeLessThan(1e-8);
        // West of the central meridian the Gauss–Krüger plane enlarges areas: the ellipsoidal one is smaller.
        expect(ours).toBeLessThan(r.planar);
        // SpatiaLite's geodesic area (vertices joined by geodesics) is near but not this exact.
        expect(Math.abs(r.geodesic / reference - 1), r.MC).toBeLessThan(1e-4);
      }
    } finally {
      ws.close();
    }
  });

  it('shows the same ellipsoidal area for a feature in the attribute panel', () => {
    const ws = Workspace.open(wsPath, { readonly: true });
    try {
      const laea = gdalAreas('+proj=laea +lat_0=31.6 +lon_0=119.4 +ellps=GRS80 +units=m');
      const layer = ws.layers()[0]!;
      for (let fid = 1; fid <= FEATURES.length; fid++) {
        const d = ws.feature(layer.id, fid);
        expect(Math.abs(d.area.ellipsoidal.m2 / laea.get(FEATURES[fid - 1]![0])! - 1)).toBeLessThan(1e-8);
      }
    } finally {
      ws.close();
    }
  });
});
