// The consolidation rule table (sx_consolidation_rules, migration 5): thresholds are data the user edits, not code.
// An empty table means the defaults (shared/domain/consolidation.ts). Once the user saves, every rule is a row;
// a default rule added by a later version of the workbench and missing from the rows is appended on read.
import {
  COMPARATORS, DEFAULT_RULES, INDICATOR_BY_ID, PROJECT_TYPES, type Comparator, type ConsolidationRule, type ProjectType,
} from '../../../shared/domain/consolidation.js';
import type { Db } from '../db/spatialite.js';
import { WorkbenchError } from '../errors.js';

interface RuleRow {
  id: string; sort_order: number; indicator: string; label_zh: string; label_en: string; comparator: string;
  threshold: number; applies_to_json: string; enabled: number; source: string;
}

const ID = /^[a-z][a-z0-9_]{0,63}$/;

function hasTable(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sx_consolidation_rules'").get() !== undefined;
}

export function readRules(db: Db): ConsolidationRule[] {
  const rows = hasTable(db) ? db.prepare('SELECT * FROM sx_consolidation_rules ORDER BY sort_order, id').all() as RuleRow[] : [];
  if (!rows.length) return DEFAULT_RULES.map((r) => ({ ...r, appliesTo: [...r.appliesTo] }));
  const out: ConsolidationRule[] = rows.map((r) => {
    let appliesTo: ProjectType[] = [];
    try {
      appliesTo = (JSON.parse(r.applies_to_json) as unknown[]).filter((t): t is ProjectType => (PROJECT_TYPES as readonly unknown[]).includes(t));
    } catch { /* unreadable: applies to nothing, shown so in the editor */ }
    return {
      id: r.id, indicator: r.indicator, zh: r.label_zh, en: r.label_en, comparator: r.comparator as Comparator,
      threshold: r.threshold, appliesTo, enabled: r.enabled === 1, source: r.source,
    };
  });
  const have = new Set(out.map((r) => r.id));
  for (const d of DEFAULT_RULES) if (!have.has(d.id)) out.push({ ...d, appliesTo: [...d.appliesTo] });
  return out;
}

/** Checks a rule table; the message names the rule (bilingual). */
export function validateRules(rules: ConsolidationRule[]): void {
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    const name = `规则 ${i + 1}（${r.id || '无编号'}）/ rule ${i + 1} (${r.id || 'no id'})`;
    const bad = (zh: string, en: string) => { throw new WorkbenchError('BAD_REQUEST', `${name}：${zh} / ${en}`, r.id); };
    if (!ID.test(r.id)) bad('编号只能用小写字母、数字和下划线', 'the id must be lower-case letters, digits and _');
    if (seen.has(r.id)) bad('编号重复', 'duplicate id');
    seen.add(r.id);
    if (!INDICATOR_BY_ID.has(r.indicator)) bad(`没有指标 ${r.indicator}`, `no indicator "${r.indicator}"`);
    if (!COMPARATORS.includes(r.comparator)) bad(`比较符 ${r.comparator} 无效`, `comparator "${r.comparator}" is not one of ${COMPARATORS.join(' ')}`);
    if (!Number.isFinite(r.threshold)) bad('阈值必须是有限数值', 'the threshold must be a finite number');
    if (!r.zh.trim()) bad('中文名称为空', 'the Chinese label is empty');
    if (r.appliesTo.some((t) => !(PROJECT_TYPES as readonly string[]).includes(t))) bad('适用项目类型无效', `project types must be among ${PROJECT_TYPES.join(', ')}`);
  });
  for (const d of DEFAULT_RULES) {
    if (!seen.has(d.id)) {
      throw new WorkbenchError('BAD_REQUEST', `默认规则 ${d.id}（${d.zh}）不能删除，可停用 / default rule ${d.id} cannot be deleted: disable it instead`, d.id);
    }
  }
}

/** Replaces the whole table in one transaction and returns what reads back. */
export function writeRules(db: Db, rules: ConsolidationRule[]): ConsolidationRule[] {
  validateRules(rules);
  if (!hasTable(db)) throw new WorkbenchError('INTERNAL', 'the workspace has no rule table (sx_consolidation_rules): it was not migrated');
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare('DELETE FROM sx_consolidation_rules').run();
    const put = db.prepare(`INSERT INTO sx_consolidation_rules (id, sort_order, indicator, label_zh, label_en, comparator, threshold,
      applies_to_json, enabled, source, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`);
    rules.forEach((r, i) => put.run(r.id, i, r.indicator, r.zh.trim(), r.en.trim(), r.comparator, r.threshold, JSON.stringify(r.appliesTo),
      r.enabled ? 1 : 0, r.source, now));
  })();
  return readRules(db);
}

/** Back to the defaults (the table emptied). */
export function resetRules(db: Db): ConsolidationRule[] {
  if (hasTable(db)) db.prepare('DELETE FROM sx_consolidation_rules').run();
  return readRules(db);
}
