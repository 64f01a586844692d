// `sanxian project-check`: indicators and rule checks of land-consolidation projects (docs/consolidation.md), printed
// as a table per project, optionally written as the JSON report and the XLSX 实施方案 indicator tables.
import path from 'node:path';
import { PROJECT_TYPE_LABELS, ROLLUP_MEASURES, ROLLUP_MEASURE_LABELS } from '../../shared/domain/consolidation.js';
import type { IndicatorRow } from '../../shared/contract/consolidation.js';
import { exportProjects } from '../core/consolidation/export.js';
import { appVersion, bundledSamplePath } from '../core/paths.js';
import { Workbench } from '../core/service.js';

type Flags = Record<string, string | boolean | undefined>;

const fmt = (unit: IndicatorRow['unit'], v: number | null, unbounded = false): string => {
  if (unbounded) return '∞';
  if (v === null) return '—';
  switch (unit) {
    case 'm2': return `${(v / 10_000).toFixed(4)} 公顷 (${(v / (10_000 / 15)).toFixed(2)} 亩)`;
    case 'ratio': return `${(v * 100).toFixed(2)}%`;
    case 'count': return String(v);
    case 'grade': return v.toFixed(2);
  }
};
const MARK = { pass: '✓ 符合', fail: '✗ 不符合', na: '· 不适用' } as const;

export async function projectCheck(args: string[], flags: Flags, codes: string[]): Promise<void> {
  const file = args[0];
  if (!file) throw new Error('project-check: missing WS.sqlite');
  const workbench = new Workbench({ host: 'cli', version: appVersion(), bundledSamplePath: bundledSamplePath() });
  try {
    workbench.open(file);
    const ws = workbench.requireWorkspace();
    let last = -1;
    const off = workbench.on((event, payload) => {
      if (event !== 'job.progress') return;
      const p = payload as { fraction: number; message: string };
      const pct = Math.floor(p.fraction * 100);
      if (pct === last) return;
      last = pct;
      process.stderr.write(`\rproject-check ${String(pct).padStart(3)}%  ${p.message.slice(0, 60).padEnd(60)}${p.fraction >= 1 ? '\n' : ''}`);
    });
    const result = await workbench.checkProjects(codes.length ? codes : undefined);
    off();
    if (last >= 0 && last < 100) process.stderr.write('\n');
    for (const r of result.reports) {
      const p = r.project;
      console.log(`\n${p.code}  ${p.name}  [${PROJECT_TYPE_LABELS[p.type].short}]  ${p.town ?? ''}  ${p.status ?? ''}`);
      console.log(`  整治区域 ${fmt('m2', p.areaM2)}，子区 ${p.subzoneCount} 个；规则 ${r.passed} 项符合，${r.failed} 项不符合（${(r.durationMs / 1000).toFixed(1)} s）`);
      for (const i of r.indicators) {
        if (i.value === null && i.before === null && !i.unbounded) continue;
        const ba = i.before !== null || i.after !== null ? `${fmt(i.unit, i.before)} → ${fmt(i.unit, i.after)}，变化 ` : '';
        console.log(`  ${i.zh.padEnd(22, '　')} ${ba}${fmt(i.unit, i.value, i.unbounded)}`);
      }
      for (const x of r.rules) {
        const threshold = x.unit === 'ratio' ? `${(x.threshold * 100).toFixed(2)}%` : x.unit === 'm2' ? `${x.threshold} m²` : String(x.threshold);
        console.log(`  ${MARK[x.status]}  ${x.zh}：${fmt(x.unit, x.value, x.unbounded)} ${x.comparator} ${threshold}${x.reason ? `（${x.reason.split(' / ')[0]}）` : ''}`);
      }
      for (const n of r.notes) console.log(`  注：${n.zh}`);
    }
    if (result.reports.length > 1) {
      for (const by of ['type', 'town'] as const) {
        console.log(`\n按${by === 'type' ? '项目类型' : '镇街'}汇总（公顷）`);
        const roll = result.rollups[by];
        for (const row of [...roll.rows, roll.total]) {
          if (!row.count && row.key !== 'total') continue;
          console.log(`  ${row.name.padEnd(8, '　')} ${String(row.count).padStart(5)} 个  ${ROLLUP_MEASURES.map((m) => `${ROLLUP_MEASURE_LABELS[m].zh} ${(row.sums[m]! / 10_000).toFixed(4)}`).join('  ')}`);
        }
      }
    }
    for (const [format, out] of [['json', flags.json], ['xlsx', flags.xlsx]] as const) {
      if (typeof out !== 'string') continue;
      const r = await exportProjects(ws, result, format, path.resolve(out));
      console.log(`→ ${r.path} (${r.count} 个项目 / projects)`);
    }
  } finally {
    await workbench.dispose();
  }
}
