// `sanxian project-check` (the built CLI): the printed verdicts, the JSON report and the XLSX 实施方案 indicator
// table with 公顷 and 亩, on the hand-made projects of consolidation-fixtures.ts.
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsolidationWorkspace, cellsM2, CODE_A, CODE_B } from './consolidation-fixtures.js';
import { tempDir } from './helpers.js';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'bin', 'sanxian.cjs');
let tmp: ReturnType<typeof tempDir>;
let file: string;

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist', 'main', 'cli.cjs'))) throw new Error('run `npm run build` first (the CLI and the worker are bundled)');
  tmp = tempDir('sanxian-project-cli-');
  file = tmp.file('projects.sqlite');
  buildConsolidationWorkspace(file).close();
});
afterAll(() => tmp.cleanup());

const sanxian = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, SANXIAN_STATE_DIR: tmp.file('state') } });

describe('sanxian project-check', () => {
  it('prints each rule with its verdict, writes the JSON and the XLSX', async () => {
    const json = tmp.file('projects.json'), xlsx = tmp.file('projects.xlsx');
    const r = sanxian('project-check', file, '--json', json, '--xlsx', xlsx);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${CODE_A}\\s+甲镇全域整治项目\\s+\\[全域整治\\]`));
    expect(r.stdout).toMatch(/✗ 不符合\s+永久基本农田调整规模受限：25\.00% <= 5\.00%/);
    expect(r.stdout).toMatch(/✓ 符合\s+新增耕地不少于原有耕地的 5%：21\.05% >= 5\.00%/);
    expect(r.stdout).toMatch(/· 不适用\s+新增耕地不少于原有耕地的 5%.*不适用于增减挂钩项目/);
    expect(r.stdout).toMatch(/按项目类型汇总/);

    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ format: 'sanxian-project-report', version: 1 });
    expect(report.reports.map((x: { project: { code: string } }) => x.project.code)).toEqual([CODE_A, CODE_B]);
    expect(report.rollups.type.total.count).toBe(2);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['项目汇总', `指标表 ${CODE_A}`, `指标表 ${CODE_B}`]);
    const sheet = wb.getWorksheet(`指标表 ${CODE_A}`)!;
    expect(sheet.getRow(1).getCell(1).value).toBe('甲镇全域整治项目主要指标表');
    const rows: (ExcelJS.CellValue[])[] = [];
    sheet.eachRow((row) => rows.push(row.values as ExcelJS.CellValue[]));
    const find = (label: string) => rows.find((v) => v[2] === label)!;
    // 耕地面积: 整治前 / 整治后 / 变化 in 公顷, then 亩.
    const cultivated = find('耕地面积');
    const c0 = cellsM2(...[[0, 1], [0, 2], [0, 3], [1, 1], [1, 2], [1, 3], [2, 0], [2, 1], [2, 3], [3, 0], [3, 1], [3, 3], [4, 0], [4, 1], [4, 2], [4, 3], [5, 0], [5, 1], [5, 2]] as [number, number][]);
    expect(cultivated[3]).toBe('公顷');
    expect(cultivated[4]).toBeCloseTo(c0 / 10_000, 4);
    expect(cultivated[7]).toBeCloseTo(c0 / (10_000 / 15), 2);
    expect(find('新增耕地占原有耕地比例')[6]).toBe('21.05%');
    const rule = find('永久基本农田调整规模受限');
    expect(rule[6]).toBe('不符合');
    expect(String(rule[10])).toMatch(/domain brief/);
    const summary: (ExcelJS.CellValue[])[] = [];
    wb.getWorksheet('项目汇总')!.eachRow((row) => summary.push(row.values as ExcelJS.CellValue[]));
    expect(summary.some((v) => v[1] === '全域整治' && v[3] === 1)).toBe(true);
    expect(summary.filter((v) => v[1] === '合计').length).toBe(2);
  });

  it('checks one project; an unknown one is an error', () => {
    const r = sanxian('project-check', file, '--project', CODE_B);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(CODE_A);
    expect(r.stdout).toMatch(/✗ 不符合\s+建新区面积不超过拆旧复垦面积/);
    const bad = sanxian('project-check', file, '--project', 'NOPE');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/没有项目 NOPE/);
  });
});
