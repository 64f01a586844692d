// Hand-made workspaces with known answers for the overlay tests. Coordinates are local metres, shifted to EPSG:4528
// around 金坛 (the same origin as helpers.square).
import { Workspace } from '../../main/core/workspace/workspace.js';
import { runPart, type PartParams, type PartResult } from '../../main/core/overlay/engine.js';
import type { PartRunner } from '../../main/core/overlay/coordinator.js';

export const X0 = 40_450_000;
export const Y0 = 3_510_000;

const pt = (x: number, y: number) => `${(X0 + x).toFixed(4)} ${(Y0 + y).toFixed(4)}`;

export function rect(x0: number, y0: number, x1: number, y1: number): string {
  return `MULTIPOLYGON(((${pt(x0, y0)}, ${pt(x1, y0)}, ${pt(x1, y1)}, ${pt(x0, y1)}, ${pt(x0, y0)})))`;
}

export function polygon(...rings: [number, number][][]): string {
  return `MULTIPOLYGON((${rings.map((r) => `(${r.map(([x, y]) => pt(x, y)).join(', ')})`).join(', ')}))`;
}

export function multi(...polys: [number, number][][][]): string {
  return `MULTIPOLYGON(${polys.map((p) => `(${p.map((r) => `(${r.map(([x, y]) => pt(x, y)).join(', ')})`).join(', ')})`).join(', ')})`;
}

export const box = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];

/** Runs parts in this thread (no build needed): the same code the workers run. */
export const inProcess: PartRunner = {
  run(params: PartParams, onProgress) {
    let cancelled = false;
    const result = new Promise<PartResult>((resolve, reject) => {
      setImmediate(() => {
        try {
          resolve(runPart(params, { isCancelled: () => cancelled, progress: onProgress }));
        } catch (e) {
          reject(e);
        }
      });
    });
    return { result, cancel: () => { cancelled = true; } };
  },
};

/**
 * The three lines with known conflicts (eco ∩ farmland = 390,000 m² in four features; no other pair conflicts):
 *  - eco 1 (0..1000)² ∩ farmland 1 (750..1250 × 0..400) = 250 m × 400 m = 100,000 m²
 *  - urban 1 (1000..2000 × 500..1000) shares eco 1's edge x = 1000: no conflict
 *  - farmland 2 reaches 1 mm into urban 1 (y = 999.999): a hairline, no conflict
 *  - eco 2 has a hole; farmland 3 across it: 800² − 600² = 280,000 m²
 *  - farmland 4 is two squares; eco 3 crosses both: 2 × 50 × 50 = 5,000 m²
 *  - farmland 5 is a bow-tie (invalid): reported, and its repaired area (two triangles) overlaps eco 4 by 5,000 m²
 */
export function buildLinesWorkspace(file: string): Workspace {
  const ws = Workspace.create(file, { name: '三线测试', srid: 4528 });
  const eco = ws.addLayer('eco_redline');
  const farm = ws.addLayer('permanent_farmland');
  const urban = ws.addLayer('urban_boundary');
  ws.insertFeatures(eco.id, [
    { attributes: { HXMC: '红线1' }, wkt: rect(0, 0, 1000, 1000) },
    { attributes: { HXMC: '红线2' }, wkt: polygon(box(3000, 0, 4000, 1000), box(3200, 200, 3800, 800)) },
    { attributes: { HXMC: '红线3' }, wkt: rect(5050, 0, 5250, 50) },
    { attributes: { HXMC: '红线4' }, wkt: rect(6000, 0, 6100, 100) },
  ]);
  ws.insertFeatures(farm.id, [
    { attributes: { DLBM: '0101' }, wkt: rect(750, 0, 1250, 400) },
    { attributes: { DLBM: '0101' }, wkt: rect(1000, 999.999, 1500, 1500) },
    { attributes: { DLBM: '0101' }, wkt: rect(3100, 100, 3900, 900) },
    { attributes: { DLBM: '0101' }, wkt: multi([box(5000, 0, 5100, 100)], [box(5200, 0, 5300, 100)]) },
    { attributes: { DLBM: '0101' }, wkt: polygon([[6000, 0], [6100, 100], [6100, 0], [6000, 100], [6000, 0]]) },
  ]);
  ws.insertFeatures(urban.id, [{ attributes: { KFBJLX: '集中建设区' }, wkt: rect(1000, 500, 2000, 1000) }]);
  return ws;
}

export const DLBM_OF_COLUMN = (i: number) => (i % 3 === 0 ? '0101' : i % 3 === 1 ? '0702' : '0301');

/**
 * A district 2000 m × 1000 m: county, two towns (x < 1000, x ≥ 1000), three villages (0–500, 500–1000, 1000–2000),
 * 200 parcels of 100 m × 100 m (DLBM by column: 0101, 0702, 0301, …) with deliberate faults:
 *  - parcel (15, 5) missing: a 10,000 m² gap
 *  - an extra parcel 1650..1700 × 250..300 overlapping (16, 2): a 2,500 m² overlap
 *  - the edge between columns 2 and 3 of row 0 moved 1 mm into column 3 (hairline overlap): nothing to report
 *  - the edge between columns 3 and 4 of row 0 has a 1 mm gap: nothing to report
 *  - parcel (8, 9) declared in village V3 though it lies in V2: outside its admin unit
 * Lines: eco 0..300 × 0..1000, farmland 200..600 × 0..500, urban 1500..2000 × 0..1000.
 */
export function buildDistrictWorkspace(file: string): Workspace {
  const ws = Workspace.create(file, { name: '分区测试', srid: 4528 });
  const county = ws.addLayer('county');
  const town = ws.addLayer('town');
  const village = ws.addLayer('village');
  const dltb = ws.addLayer('landuse');
  const eco = ws.addLayer('eco_redline');
  const farm = ws.addLayer('permanent_farmland');
  const urban = ws.addLayer('urban_boundary');
  ws.insertFeatures(county.id, [{ attributes: { XZQDM: '320482', XZQMC: '金坛区' }, wkt: rect(0, 0, 2000, 1000) }]);
  ws.insertFeatures(town.id, [
    { attributes: { XZQDM: '320482100', XZQMC: '甲镇', SJXZQDM: '320482' }, wkt: rect(0, 0, 1000, 1000) },
    { attributes: { XZQDM: '320482101', XZQMC: '乙镇', SJXZQDM: '320482' }, wkt: rect(1000, 0, 2000, 1000) },
  ]);
  ws.insertFeatures(village.id, [
    { attributes: { ZLDWDM: '320482100001', ZLDWMC: '一村', SJXZQDM: '320482100' }, wkt: rect(0, 0, 500, 1000) },
    { attributes: { ZLDWDM: '320482100002', ZLDWMC: '二村', SJXZQDM: '320482100' }, wkt: rect(500, 0, 1000, 1000) },
    { attributes: { ZLDWDM: '320482101001', ZLDWMC: '三村', SJXZQDM: '320482101' }, wkt: rect(1000, 0, 2000, 1000) },
  ]);
  const villageCode = (x: number) => (x < 500 ? '320482100001' : x < 1000 ? '320482100002' : '320482101001');
  const parcels: { attributes: Record<string, string>; wkt: string }[] = [];
  for (let i = 0; i < 20; i++) {
    for (let j = 0; j < 10; j++) {
      if (i === 15 && j === 5) continue;
      const x0 = i * 100;
      let x1 = (i + 1) * 100;
      if (j === 0 && i === 2) x1 += 0.001;
      if (j === 0 && i === 3) x1 -= 0.001;
      const zl = i === 8 && j === 9 ? '320482101001' : villageCode(x0);
      parcels.push({ attributes: { TBBH: `${i}-${j}`, DLBM: DLBM_OF_COLUMN(i), ZLDWDM: zl }, wkt: rect(x0, j * 100, x1, (j + 1) * 100) });
    }
  }
  parcels.push({ attributes: { TBBH: 'extra', DLBM: '0702', ZLDWDM: '320482101001' }, wkt: rect(1650, 250, 1700, 300) });
  ws.insertFeatures(dltb.id, parcels);
  ws.insertFeatures(eco.id, [{ attributes: { HXMC: '红线' }, wkt: rect(0, 0, 300, 1000) }]);
  ws.insertFeatures(farm.id, [{ attributes: { DLBM: '0101' }, wkt: rect(200, 0, 600, 500) }]);
  ws.insertFeatures(urban.id, [{ attributes: { KFBJLX: '集中建设区' }, wkt: rect(1500, 0, 2000, 1000) }]);
  return ws;
}
