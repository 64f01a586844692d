// Project reports as files: the XLSX planners hand on, laid out as the indicator table of a 全域土地综合整治 实施方案
// (序号, 指标, 单位, 整治前, 整治后, 变化, 公顷 with 亩 beside), the rule check with its sources, the sub-zones and the
// four parts, and a summary sheet with the roll-ups by type and by town; and the same data as JSON.
import ExcelJS from 'exceljs';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IndicatorRow, ProjectCheckResult, ProjectReport } from '../../../shared/contract/consolidation.js';
import {
  COMPARATOR_LABELS, INDICATOR_GROUPS, PROJECT_TYPE_LABELS, ROLLUP_MEASURES, ROLLUP_MEASURE_LABELS, type IndicatorGroup,
} from '../../../shared/domain/consolidation.js';
import { dlbmName } from '../../../shared/domain/dlbm.js';
import { WorkbenchError } from '../errors.js';
import type { Workspace } from '../workspace/workspace.js';

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
export const ha = (m2: number) => round(m2 / 10_000, 4);
export const mu = (m2: number) => round(m2 / (10_000 / 15), 2);
const STATUS = { pass: '符合', fail: '不符合', na: '不适用' } as const;
const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A value in its unit for the table: 公顷 (亩 separately), %, count, grade. */
function shown(unit: IndicatorRow['unit'], v: number | null, unbounded = false): string | number | null {
  if (unbounded) return '∞';
  if (v === null) return null;
  switch (unit) {
    case 'm2': return ha(v);
    case 'ratio': return `${round(v * 100, 2).toFixed(2)}%`;
    case 'count': return v;
    case 'grade': return round(v, 2);
  }
}
const shownMu = (unit: IndicatorRow['unit'], v: number | null) => (unit === 'm2' && v !== null ? mu(v) : null);
const unitName = (unit: IndicatorRow['unit']) => ({ m2: '公顷', ratio: '%', count: '个', grade: '等' })[unit];
function thresholdText(unit: IndicatorRow['unit'], t: number): string {
  if (unit === 'ratio') return `${round(t * 100, 4)}%`;
  if (unit === 'm2') return `${t} m²`;
  return String(t);
}

function sheetName(used: Set<string>, base: string): string {
  let name = base.replace(/[[\]:*?/\\]/g, '-').slice(0, 31);
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 27)}(${i})`.replace(/[[\]:*?/\\]/g, '-');
  used.add(name);
  return name;
}

const bold = { font: { bold: true } } as const;
const border: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

function projectSheet(wb: ExcelJS.Workbook, name: string, r: ProjectReport): void {
  const s = wb.addWorksheet(name);
  s.columns = [{ width: 6 }, { width: 40 }, { width: 8 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 30 }];
  const title = s.addRow([`${r.project.name}主要指标表`]);
  title.font = { bold: true, size: 14 };
  s.mergeCells(title.number, 1, title.number, 10);
  title.alignment = { horizontal: 'center' };
  const p = r.project;
  s.addRow(['', `项目编号：${p.code}　项目类型：${PROJECT_TYPE_LABELS[p.type].zh}${p.typeRaw ? '' : '（未填，按全域整治）'}　所在镇：${p.town ?? ''}　涉及村：${p.villages ?? ''}`]);
  s.addRow(['', `建设期限：${p.period ?? ''}　投资总额：${p.investment ?? ''} 万元　项目状态：${p.status ?? ''}　子区 ${p.subzoneCount} 个`]);
  s.addRow(['', '单位：公顷（亩列为同一面积，1 公顷 = 15 亩，分别四舍五入，合计可能差末位）；面积为 CGCS2000 椭球面积']);
  const header = s.addRow(['序号', '指标', '单位', '整治前', '整治后', '变化量', '整治前（亩）', '整治后（亩）', '变化量（亩）', '说明']);
  header.font = bold.font;
  header.eachCell((c) => { c.border = border; c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }; });
  let group: string | null = null;
  let gi = 0, ii = 0;
  for (const row of r.indicators) {
    if (row.group !== group) {
      group = row.group;
      ii = 0;
      const g = s.addRow([`${CN_NUM[gi++] ?? gi}`, INDICATOR_GROUPS[row.group as IndicatorGroup]?.zh ?? row.group]);
      g.font = bold.font;
      g.eachCell((c) => { c.border = border; });
    }
    ii++;
    const ba = row.before !== null || row.after !== null;
    const line = ba
      ? [ii, row.zh, unitName(row.unit), shown(row.unit, row.before), shown(row.unit, row.after), shown(row.unit, row.value, row.unbounded),
        shownMu(row.unit, row.before), shownMu(row.unit, row.after), shownMu(row.unit, row.value), null]
      : [ii, row.zh, unitName(row.unit), null, null, shown(row.unit, row.value, row.unbounded), null, null, shownMu(row.unit, row.value),
        row.value === null && !row.unbounded ? '无可计量对象' : null];
    const x = s.addRow(line);
    x.eachCell({ includeEmpty: true }, (c, col) => { if (col <= 10) c.border = border; });
  }

  s.addRow([]);
  const rt = s.addRow(['', '规则校核（规则与阈值取自工作空间规则表，可在“项目”面板中修改）']);
  rt.font = bold.font;
  const rh = s.addRow(['序号', '规则', '指标值', '比较', '阈值', '结论', '', '', '', '依据']);
  rh.font = bold.font;
  rh.eachCell((c) => { c.border = border; });
  r.rules.forEach((rule, i) => {
    const x = s.addRow([i + 1, rule.zh, shown(rule.unit, rule.value, rule.unbounded) ?? '—', COMPARATOR_LABELS[rule.comparator], thresholdText(rule.unit, rule.threshold),
      STATUS[rule.status] + (rule.reason ? `（${rule.reason.split(' / ')[0]}）` : ''), '', '', '', rule.source]);
    x.eachCell({ includeEmpty: true }, (c, col) => { if (col <= 10) c.border = border; });
    const status = x.getCell(6);
    status.font = { bold: true, color: { argb: rule.status === 'pass' ? 'FF1B7F3B' : rule.status === 'fail' ? 'FFC62828' : 'FF777777' } };
  });

  s.addRow([]);
  s.addRow(['', '四部分规模']).font = bold.font;
  const ph = s.addRow(['序号', '部分', '子区数', '面积（公顷）', '面积（亩）', '新增耕地（公顷）', '新增耕地（亩）', '耕地净增（公顷）', '耕地净增（亩）']);
  ph.font = bold.font;
  r.parts.forEach((part, i) => s.addRow([i + 1, part.part, part.count, ha(part.areaM2), mu(part.areaM2), ha(part.cultivatedGainM2), mu(part.cultivatedGainM2),
    ha(part.cultivatedNetM2), mu(part.cultivatedNetM2)]));

  s.addRow([]);
  s.addRow(['', '整治子区']).font = bold.font;
  const zh = s.addRow(['要素号', '子区名称', '类型', '规划地类', '面积（公顷）', '面积（亩）', '新增耕地（公顷）', '减少耕地（公顷）', '复垦建设用地（公顷）', '现状地类（公顷）']);
  zh.font = bold.font;
  for (const z of r.subzones) {
    const base = Object.entries(z.baseline).sort((a, b) => b[1] - a[1]).map(([d, a]) => `${d ? `${d}${dlbmName(d) ?? ''}` : '无图斑'} ${ha(a)}`).join('；');
    s.addRow([z.fid, z.name, z.zqlx, z.ghdlbm ? `${z.ghdlbm} ${dlbmName(z.ghdlbm) ?? ''}` : null, ha(z.areaM2), mu(z.areaM2),
      ha(z.cultivatedGainM2), ha(z.cultivatedLossM2), ha(z.constructionLossM2), base]);
  }
  if (r.notes.length) {
    s.addRow([]);
    s.addRow(['', '说明']).font = bold.font;
    for (const n of r.notes) s.addRow(['', n.zh]);
  }
}

function summarySheet(wb: ExcelJS.Workbook, ws: Workspace, result: ProjectCheckResult): void {
  const s = wb.addWorksheet('项目汇总');
  s.columns = [{ width: 28 }, { width: 30 }, { width: 12 }, { width: 10 }, ...ROLLUP_MEASURES.flatMap(() => [{ width: 14 }, { width: 14 }])];
  const info = ws.info();
  s.addRow([`${info.name} 土地综合整治项目汇总`]).font = { bold: true, size: 14 };
  s.addRow(['工作空间', info.path]);
  s.addRow(['单位：公顷（亩列为同一面积，分别四舍五入）；各项目面积按 0.01 m² 计后求和，分组合计与总计严格相等']);
  const measures = ROLLUP_MEASURES.flatMap((m) => [`${ROLLUP_MEASURE_LABELS[m].zh}（公顷）`, `${ROLLUP_MEASURE_LABELS[m].zh}（亩）`]);
  for (const by of ['type', 'town'] as const) {
    const roll = result.rollups[by];
    s.addRow([]);
    s.addRow([by === 'type' ? '按项目类型汇总' : '按镇街汇总']).font = bold.font;
    s.addRow([by === 'type' ? '项目类型' : '镇街', '', '项目数', '不符合项目数', ...measures]).font = bold.font;
    for (const row of [...roll.rows, roll.total]) {
      const x = s.addRow([row.name, row.key === 'total' ? '' : row.key, row.count, row.failing, ...ROLLUP_MEASURES.flatMap((m) => [ha(row.sums[m]!), mu(row.sums[m]!)])]);
      if (row.key === 'total') x.font = bold.font;
    }
  }
  s.addRow([]);
  s.addRow(['项目清单']).font = bold.font;
  s.addRow(['项目编号', '项目名称', '项目类型', '所在镇', '面积（公顷）', '面积（亩）', '符合', '不符合', '不符合的规则']).font = bold.font;
  for (const r of result.reports) {
    s.addRow([r.project.code, r.project.name, PROJECT_TYPE_LABELS[r.project.type].short, r.project.town, ha(r.project.areaM2), mu(r.project.areaM2),
      r.passed, r.failed, r.rules.filter((x) => x.status === 'fail').map((x) => x.zh).join('；')]);
  }
}

export async function writeProjectsXlsx(ws: Workspace, result: ProjectCheckResult, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '三线工作台 Sanxian Workbench';
  wb.created = new Date();
  summarySheet(wb, ws, result);
  const used = new Set<string>(['项目汇总']);
  for (const r of result.reports) projectSheet(wb, sheetName(used, `指标表 ${r.project.code}`), r);
  await wb.xlsx.writeFile(file);
}

export function projectsJson(ws: Workspace, result: ProjectCheckResult): unknown {
  const info = ws.info();
  return {
    format: 'sanxian-project-report', version: 1,
    workspace: { path: info.path, name: info.name, srid: info.srid, crs: info.crsName },
    areas: 'ellipsoidal m² on CGCS2000; ratios as fractions; roll-up sums exact in 0.01 m²',
    ...result,
  };
}

export async function exportProjects(ws: Workspace, result: ProjectCheckResult, format: 'xlsx' | 'json', target: string): Promise<{ path: string; count: number }> {
  const file = path.resolve(target);
  if (!existsSync(path.dirname(file))) throw new WorkbenchError('NOT_FOUND', `目录不存在 / folder does not exist: ${path.dirname(file)}`, file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  try {
    if (format === 'json') writeFileSync(tmp, JSON.stringify(projectsJson(ws, result), null, 1));
    else await writeProjectsXlsx(ws, result, tmp);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return { path: file, count: result.reports.length };
}
