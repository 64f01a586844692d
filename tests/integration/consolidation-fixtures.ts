// Two hand-made land-consolidation projects on a grid of 100 m × 100 m 三调 parcels (1 ha each), whose indicators
// are known by counting cells (docs/consolidation.md). Cell (i, j) is x = 100i..100i+100, y = 100j..100j+100 in the
// local metres of overlay-fixtures (EPSG:4528 around 金坛).
//
// Project A, 全域整治, 甲镇, rect(0, 0, 600, 400): 24 cells, all 0101 except 0702 at (0,0), (1,0), 0601 at (5,3),
// 1107 at (2,2), (3,2).
//   拆旧区 (0..200 × 0..100) → 0101; 工矿废弃地复垦 (5,3) → 0101; 农用地整理 (2..3 × 1..2) → 0101; 建新区 (4,0) → 0702.
//   永久基本农田: (0..3, 3), GDDB 5, 5, 7, 7; 调出 (3,3); 调入 = the 拆旧区, GDDB 6. Red line 500..700 × 0..100 (touches
//   the 建新区 along x = 500); urban boundary (0,1).
// Project B, 增减挂钩, 乙镇, rect(1000, 0, 1400, 300): 12 cells
//   row 0: 0101 0301 0101 0702 / row 1: 0301 0101 0301 0101 / row 2: 0702 0702 0101 0101 (columns 10–13).
//   农用地整理 (11,0) → 0101; 公共空间治理 1150..1200 × 0..50 → 0810 (inside the 农用地整理, later fid: counts nothing);
//   拆旧区 (13,0) → 0101 and a second 拆旧区 1400..1450 × 0..100 wholly outside the project; 建新区 (10..11, 1) → 0702;
//   永久基本农田 (11,1) GDDB 6 and (12,2) GDDB 8; 调出 (12,2); 调入 (10,2), no grade. Red line (10, 1..2); urban
//   boundary 1000..1050 × 200..300.
import { Workspace } from '../../main/core/workspace/workspace.js';
import { ellipsoidalFactor } from '../../main/core/overlay/ellipsoid.js';
import { rect, X0, Y0 } from './overlay-fixtures.js';

export const CODE_A = 'TEST-QYZZ-A';
export const CODE_B = 'TEST-GJ-B';

const cell = (i: number, j: number) => rect(i * 100, j * 100, i * 100 + 100, j * 100 + 100);

const A_LANDUSE: Record<string, string> = { '0,0': '0702', '1,0': '0702', '5,3': '0601', '2,2': '1107', '3,2': '1107' };
const B_ROWS = [['0101', '0301', '0101', '0702'], ['0301', '0101', '0301', '0101'], ['0702', '0702', '0101', '0101']];

export function buildConsolidationWorkspace(file: string): Workspace {
  const ws = Workspace.create(file, { name: '整治测试', srid: 4528 });
  const project = ws.addLayer('project_area');
  const sub = ws.addLayer('project_subzone');
  const dltb = ws.addLayer('landuse');
  const pbf = ws.addLayer('permanent_farmland');
  const eco = ws.addLayer('eco_redline');
  const urban = ws.addLayer('urban_boundary');
  ws.insertFeatures(project.id, [
    { attributes: { XMBH: CODE_A, XMMC: '甲镇全域整治项目', XZQDM: '320482100', XZQMC: '甲镇', SJCM: '一村', JSQX: '2024—2026', TZZE: 1200, XMZT: '实施中', XMLX: '全域整治' }, wkt: rect(0, 0, 600, 400) },
    { attributes: { XMBH: CODE_B, XMMC: '乙镇增减挂钩项目', XZQDM: '320482101', XZQMC: '乙镇', XMZT: '已立项', XMLX: '增减挂钩' }, wkt: rect(1000, 0, 1400, 300) },
  ]);
  const parcels: { attributes: Record<string, string>; wkt: string }[] = [];
  for (let i = 0; i < 6; i++) for (let j = 0; j < 4; j++) parcels.push({ attributes: { TBBH: `A${i}-${j}`, DLBM: A_LANDUSE[`${i},${j}`] ?? '0101' }, wkt: cell(i, j) });
  B_ROWS.forEach((row, j) => row.forEach((d, k) => parcels.push({ attributes: { TBBH: `B${10 + k}-${j}`, DLBM: d }, wkt: cell(10 + k, j) })));
  ws.insertFeatures(dltb.id, parcels);
  ws.insertFeatures(sub.id, [
    // Project A (fids 1–6)
    { attributes: { XMBH: CODE_A, ZQLX: '建设用地整理-拆旧区', ZQMC: 'A拆旧', GHDLBM: '0101' }, wkt: rect(0, 0, 200, 100) },
    { attributes: { XMBH: CODE_A, ZQLX: '工矿废弃地复垦', ZQMC: 'A工矿', GHDLBM: '0101' }, wkt: cell(5, 3) },
    { attributes: { XMBH: CODE_A, ZQLX: '农用地整理', ZQMC: 'A农整', GHDLBM: '0101' }, wkt: rect(200, 100, 400, 300) },
    { attributes: { XMBH: CODE_A, ZQLX: '建设用地整理-建新区', ZQMC: 'A建新', GHDLBM: '0702' }, wkt: cell(4, 0) },
    { attributes: { XMBH: CODE_A, ZQLX: '永久基本农田调出', ZQMC: 'A调出' }, wkt: cell(3, 3) },
    { attributes: { XMBH: CODE_A, ZQLX: '永久基本农田调入', ZQMC: 'A调入', GDDB: 6 }, wkt: rect(0, 0, 200, 100) },
    // Project B (fids 7–13)
    { attributes: { XMBH: CODE_B, ZQLX: '农用地整理', ZQMC: 'B农整', GHDLBM: '0101' }, wkt: cell(11, 0) },
    { attributes: { XMBH: CODE_B, ZQLX: '公共空间治理', ZQMC: 'B公园', GHDLBM: '0810' }, wkt: rect(1150, 0, 1200, 50) },
    { attributes: { XMBH: CODE_B, ZQLX: '拆旧区', ZQMC: 'B拆旧', GHDLBM: '0101' }, wkt: cell(13, 0) },
    { attributes: { XMBH: CODE_B, ZQLX: '建设用地整理-拆旧区', ZQMC: 'B拆旧（区外）', GHDLBM: '0101' }, wkt: rect(1400, 0, 1450, 100) },
    { attributes: { XMBH: CODE_B, ZQLX: '建设用地整理-建新区', ZQMC: 'B建新', GHDLBM: '0702' }, wkt: rect(1000, 100, 1200, 200) },
    { attributes: { XMBH: CODE_B, ZQLX: '永久基本农田调出', ZQMC: 'B调出' }, wkt: cell(12, 2) },
    { attributes: { XMBH: CODE_B, ZQLX: '永久基本农田调入', ZQMC: 'B调入' }, wkt: cell(10, 2) },
  ]);
  ws.insertFeatures(pbf.id, [
    { attributes: { DLBM: '0101', GDDB: 5 }, wkt: cell(0, 3) },
    { attributes: { DLBM: '0101', GDDB: 5 }, wkt: cell(1, 3) },
    { attributes: { DLBM: '0101', GDDB: 7 }, wkt: cell(2, 3) },
    { attributes: { DLBM: '0101', GDDB: 7 }, wkt: cell(3, 3) },
    { attributes: { DLBM: '0101', GDDB: 6 }, wkt: cell(11, 1) },
    { attributes: { DLBM: '0101', GDDB: 8 }, wkt: cell(12, 2) },
  ]);
  ws.insertFeatures(eco.id, [
    { attributes: { HXMC: '红线甲' }, wkt: rect(500, 0, 700, 100) },
    { attributes: { HXMC: '红线乙' }, wkt: rect(1000, 100, 1100, 300) },
  ]);
  ws.insertFeatures(urban.id, [
    { attributes: { KFBJLX: '集中建设区' }, wkt: cell(0, 1) },
    { attributes: { KFBJLX: '集中建设区' }, wkt: rect(1000, 200, 1050, 300) },
  ]);
  return ws;
}

const factor = ellipsoidalFactor(4528);

/**
 * Ellipsoidal m² of whole cells (each 10,000 m² planar, scaled by 1/k² at its centre) plus planar rectangles given
 * as [x0, y0, x1, y1]: what the report must say, from the hand count alone.
 */
export function cellsM2(...cells: ([number, number] | [number, number, number, number])[]): number {
  let s = 0;
  for (const c of cells) {
    const [x0, y0, x1, y1] = c.length === 2 ? [c[0] * 100, c[1] * 100, c[0] * 100 + 100, c[1] * 100 + 100] : c;
    s += (x1 - x0) * (y1 - y0) * factor(X0 + (x0 + x1) / 2, Y0 + (y0 + y1) / 2);
  }
  return s;
}

export function range(i0: number, i1: number, j0: number, j1: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) out.push([i, j]);
  return out;
}
