// Whole layers simplified for drawing (shared/domain/display-detail.ts) on real SpatiaLite: the same features, parts
// and rings in the same order as the exact geometry (a picked part index names the same feature), far fewer
// vertices the farther out, no exact vertex more than half a pixel from the line drawn; the tile service serves
// them per revision, so an edit is drawn at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Editor } from '../../main/core/editing/editor.js';
import { buildLayerGeometry } from '../../main/core/render/layer-geometry.js';
import { TileService } from '../../main/core/render/tiles/tile-service.js';
import { generateSample } from '../../main/core/sample/generate-sample.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import type { LayerGeometry } from '../../shared/contract/schemas.js';
import { DETAIL_TOLERANCE_PX, detailToleranceMeters, detailZoom, metersPerScreenPixel } from '../../shared/domain/display-detail.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let ws: Workspace;

beforeAll(async () => {
  tmp = tempDir('sanxian-detail-');
  const file = tmp.file('sample.sqlite');
  await generateSample(file, { parcels: 2000, seed: 5 });
  ws = Workspace.open(file);
});

afterAll(() => {
  ws.close();
  tmp.cleanup();
});

/** Largest distance, in metres, from a vertex of ring `a` to the polyline of ring `b` (local plane at `lat`). */
function farthest(a: Float64Array, b: Float64Array, lat: number): number {
  const kx = 111_320 * Math.cos((lat * Math.PI) / 180);
  const ky = 110_574;
  let worst = 0;
  for (let i = 0; i < a.length; i += 2) {
    const px = a[i]! * kx, py = a[i + 1]! * ky;
    let best = Infinity;
    for (let j = 0; j + 3 < b.length; j += 2) {
      const x1 = b[j]! * kx, y1 = b[j + 1]! * ky, x2 = b[j + 2]! * kx, y2 = b[j + 3]! * ky;
      const dx = x2 - x1, dy = y2 - y1;
      const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy)));
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

const ring = (g: LayerGeometry, r: number) => g.positions.subarray(g.ringStarts[r]! * 2, g.ringStarts[r + 1]! * 2);

describe('simplified whole layers', () => {
  it('keep every feature, part and ring in order, with far fewer vertices, within half a pixel', () => {
    const villages = ws.layers().find((l) => l.table === 'cjdcq')!;
    const lat = (villages.extent![1] + villages.extent![3]) / 2;
    const exact = buildLayerGeometry(ws.db, villages.id, ws.scheme);
    // The zoom a map showing the whole county is drawn at.
    const z = detailZoom(9.6)!;
    expect(z).toBe(10);
    const tolerance = detailToleranceMeters(lat, z);
    expect(tolerance).toBeCloseTo(DETAIL_TOLERANCE_PX * metersPerScreenPixel(lat, 10), 9);
    const simple = buildLayerGeometry(ws.db, villages.id, ws.scheme, { simplifyMeters: tolerance });

    expect(Array.from(simple.fids)).toEqual(Array.from(exact.fids));
    expect(Array.from(simple.partFeature)).toEqual(Array.from(exact.partFeature));
    expect(simple.ringStarts.length).toBe(exact.ringStarts.length);
    expect(simple.partStarts.length).toBe(exact.partStarts.length);
    expect(simple.positions.length).toBeLessThan(exact.positions.length);
    // Fewer the farther out (this small sample's villages are coarse: the 500k one's lose five vertices in six).
    const at = (zoom: number) => buildLayerGeometry(ws.db, villages.id, ws.scheme, { simplifyMeters: detailToleranceMeters(lat, zoom) }).positions.length;
    expect(at(8)).toBeLessThan(simple.positions.length);
    expect(at(8) * 1.5).toBeLessThan(exact.positions.length);
    // Triangles index the simplified vertices only.
    expect(Math.max(...simple.triangles)).toBeLessThan(simple.positions.length / 2);

    let worst = 0;
    for (let r = 0; r < exact.ringStarts.length - 1; r++) worst = Math.max(worst, farthest(ring(exact, r), ring(simple, r), lat));
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(tolerance * 1.01);
  });

  it('are exact close up', () => {
    expect(detailZoom(14.2)).toBeNull();
    expect(detailZoom(13.2)).toBe(14);
    expect(detailZoom(12)).toBe(12);
  });

  it('are served per revision: an edit is drawn at once', async () => {
    const service = new TileService({ workspace: () => ws, buildJob: async () => { throw new Error('no builds here'); }, emit: () => {} });
    try {
      const towns = ws.layers().find((l) => l.table === 'xzq_town')!;
      const first = await service.detailGeometry(towns.id, 10);
      expect(first.featureCount).toBe(towns.featureCount);
      expect(service.detailGeometry(towns.id, 10)).toBe(service.detailGeometry(towns.id, 10));
      const gone = first.fids[0]!;
      new Editor(ws).delete({ layerId: towns.id, fids: [gone] });
      const after = await service.detailGeometry(towns.id, 10);
      expect(after.featureCount).toBe(towns.featureCount - 1);
      expect(Array.from(after.fids)).not.toContain(gone);
    } finally {
      await service.close();
    }
  });
});
