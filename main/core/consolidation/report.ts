// From computed indicators to the report the contract carries: indicator rows in the order of the 实施方案 table,
// every rule of the table evaluated (pass / fail / not applicable, with the number, the threshold and the features
// that decide it), and roll-ups of many projects by town and by type.
import type { IndicatorRow, ProjectCheckResult, ProjectReport, RuleResult } from '../../../shared/contract/consolidation.js';
import {
  INDICATORS, INDICATOR_BY_ID, PROJECT_TYPE_LABELS, evaluateRule, rollUp, type ConsolidationRule, type ProjectFigures,
} from '../../../shared/domain/consolidation.js';
import type { ProjectIndicators } from './indicators.js';

const finite = (x: number | null) => (x === null || Number.isFinite(x) ? x : null);

function naReason(rule: ConsolidationRule, report: ProjectIndicators, value: number | null): string | null {
  if (!rule.enabled) return '规则已停用 / rule disabled';
  if (!rule.appliesTo.includes(report.project.type)) {
    return `不适用于${PROJECT_TYPE_LABELS[report.project.type].short}项目 / not for ${PROJECT_TYPE_LABELS[report.project.type].en} projects`;
  }
  if (value === null) return '无可计量的对象（如无调出、无拆旧区或未填等别）/ nothing to measure';
  return null;
}

export function buildReport(ind: ProjectIndicators, rules: readonly ConsolidationRule[], subzoneLayerId: number | null, projectLayerId: number): ProjectReport {
  const indicators: IndicatorRow[] = INDICATORS.map((d) => {
    const x = ind.indicators[d.id]!;
    return {
      id: d.id, group: d.group, unit: d.unit, zh: d.zh, en: d.en,
      before: finite(x.before), after: finite(x.after), value: finite(x.value),
      unbounded: x.value === Infinity, features: x.features,
    };
  });
  const results: RuleResult[] = rules.map((rule) => {
    const x = ind.indicators[rule.indicator];
    const def = INDICATOR_BY_ID.get(rule.indicator);
    const value = x?.value ?? null;
    const status = evaluateRule(rule, ind.project.type, value);
    return {
      ruleId: rule.id, indicator: rule.indicator, zh: rule.zh, en: rule.en, comparator: rule.comparator, threshold: rule.threshold,
      unit: def?.unit ?? 'm2', value: finite(value), unbounded: value === Infinity, status,
      reason: status === 'na' ? naReason(rule, ind, value) : null, source: rule.source, features: x?.features ?? [],
    };
  });
  const p = ind.project;
  return {
    project: {
      code: p.code, name: p.name, typeRaw: p.typeRaw, type: p.type, townCode: p.townCode, town: p.town, villages: p.villages,
      period: p.period, investment: p.investment, status: p.status, layerId: projectLayerId, fids: p.fids, areaM2: p.areaM2,
      subzoneCount: p.subzoneCount, bbox: p.bbox,
    },
    subzoneLayerId,
    indicators,
    rules: results,
    subzones: ind.subzones,
    parts: ind.parts,
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    notes: ind.notes,
    computedAt: new Date().toISOString(),
    durationMs: ind.durationMs,
  };
}

const valueOf = (r: ProjectReport, id: string) => r.indicators.find((i) => i.id === id)?.value ?? 0;

/** What a roll-up takes of a report (m², ellipsoidal). */
export function figuresOf(r: ProjectReport): ProjectFigures {
  return {
    code: r.project.code, name: r.project.name, type: r.project.type, townCode: r.project.townCode, town: r.project.town, status: r.project.status,
    areaM2: r.project.areaM2, cultivatedGainM2: valueOf(r, 'cultivated_gain'), cultivatedNetM2: valueOf(r, 'cultivated_net'),
    reclaimedM2: valueOf(r, 'demolish_reclaimed'), newBuildM2: valueOf(r, 'new_build_area'), pbfNetM2: valueOf(r, 'pbf_net'),
    passed: r.passed, failed: r.failed,
  };
}

export function checkResult(reports: ProjectReport[]): ProjectCheckResult {
  const figures = reports.map(figuresOf);
  return { reports, rollups: { town: rollUp(figures, 'town'), type: rollUp(figures, 'type') } };
}
