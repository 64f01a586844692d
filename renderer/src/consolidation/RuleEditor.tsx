// The rule table editor: thresholds, comparators, the project types a rule applies to, its source, on/off; user
// rules on any indicator can be added and deleted, default rules only disabled. Saved in one transaction.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  COMPARATORS, INDICATORS, INDICATOR_BY_ID, PROJECT_TYPES, PROJECT_TYPE_LABELS, DEFAULT_RULES, type ConsolidationRule,
} from '../../../shared/domain/consolidation.js';
import { useClient } from '../api/ClientContext.js';
import { currentLanguage } from '../i18n/index.js';
import { Modal } from '../panels/Modal.js';
import { useReportError } from '../state/errors.js';
import { COMPARATOR_SYMBOL, thresholdFromInput, thresholdToInput } from './format.js';

interface Row { rule: ConsolidationRule; threshold: string }

const DEFAULT_IDS = new Set(DEFAULT_RULES.map((r) => r.id));
const unitOf = (r: ConsolidationRule) => INDICATOR_BY_ID.get(r.indicator)?.unit ?? 'm2';

export function RuleEditor({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const client = useClient();
  const report = useReportError();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = (rules: ConsolidationRule[]) => setRows(rules.map((rule) => ({ rule, threshold: thresholdToInput(unitOf(rule), rule.threshold) })));
  useEffect(() => {
    client.api['projects.rules']({}).then(load, report);
  }, [client, report]);

  const update = (i: number, patch: Partial<ConsolidationRule>, threshold?: string) =>
    setRows((rs) => rs && rs.map((r, k) => (k === i ? { rule: { ...r.rule, ...patch }, threshold: threshold ?? r.threshold } : r)));
  const invalid = rows?.some((r) => thresholdFromInput(unitOf(r.rule), r.threshold) === null) ?? true;

  const save = async () => {
    if (!rows) return;
    setBusy(true);
    try {
      const rules = rows.map((r) => ({ ...r.rule, threshold: thresholdFromInput(unitOf(r.rule), r.threshold)! }));
      load(await client.api['projects.setRules']({ rules }));
      onSaved();
      onClose();
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    try {
      load(await client.api['projects.resetRules']({}));
      onSaved();
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };
  const add = () => {
    const used = new Set(rows?.map((r) => r.rule.id));
    let n = 1;
    while (used.has(`user_${n}`)) n++;
    const rule: ConsolidationRule = {
      id: `user_${n}`, indicator: 'cultivated_mean_patch', zh: '新规则', en: 'New rule', comparator: '>=', threshold: 0,
      appliesTo: [...PROJECT_TYPES], enabled: true, source: '',
    };
    setRows((rs) => [...(rs ?? []), { rule, threshold: '0' }]);
  };

  return (
    <Modal
      title={t('projects.editor.title')}
      onClose={onClose}
      testId="rule-editor"
      footer={
        <>
          <button type="button" onClick={add} disabled={!rows} data-testid="rule-add">{t('projects.editor.add')}</button>
          <button type="button" onClick={() => void reset()} disabled={busy} data-testid="rule-reset">{t('projects.editor.reset')}</button>
          <span className="toolbar-spacer" />
          <button type="button" onClick={onClose}>{t('dialog.cancel')}</button>
          <button type="button" className="primary" disabled={busy || invalid} onClick={() => void save()} data-testid="rule-save">
            {busy ? t('dialog.busy') : t('projects.editor.save')}
          </button>
        </>
      }
    >
      <p className="muted small">{t('projects.editor.intro')}</p>
      {rows && (
        <div className="rule-editor-wrap">
          <table className="stats-table rule-editor">
            <thead>
              <tr>
                <th>{t('projects.editor.enabled')}</th><th>{t('projects.editor.label')}</th><th>{t('projects.editor.indicator')}</th>
                <th>{t('projects.editor.comparator')}</th><th>{t('projects.editor.threshold')}</th><th>{t('projects.editor.appliesTo')}</th>
                <th>{t('projects.editor.source')}</th><th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const unit = unitOf(r.rule);
                const bad = thresholdFromInput(unit, r.threshold) === null;
                const builtIn = DEFAULT_IDS.has(r.rule.id);
                return (
                  <tr key={r.rule.id} data-testid={`rule-edit-${r.rule.id}`}>
                    <td><input type="checkbox" checked={r.rule.enabled} onChange={(e) => update(i, { enabled: e.target.checked })} aria-label={t('projects.editor.enabled')} /></td>
                    <td><input className="rule-label" value={lang === 'zh' ? r.rule.zh : r.rule.en} onChange={(e) => update(i, lang === 'zh' ? { zh: e.target.value } : { en: e.target.value })} /></td>
                    <td>
                      {builtIn ? (
                        <span className="small" title={r.rule.indicator}>{lang === 'zh' ? INDICATOR_BY_ID.get(r.rule.indicator)?.zh.trim() : INDICATOR_BY_ID.get(r.rule.indicator)?.en.trim()}</span>
                      ) : (
                        <select value={r.rule.indicator} onChange={(e) => update(i, { indicator: e.target.value }, r.threshold)}>
                          {INDICATORS.map((d) => <option key={d.id} value={d.id}>{(lang === 'zh' ? d.zh : d.en).trim()}</option>)}
                        </select>
                      )}
                    </td>
                    <td>
                      <select value={r.rule.comparator} onChange={(e) => update(i, { comparator: e.target.value as ConsolidationRule['comparator'] })} data-testid={`rule-comparator-${r.rule.id}`}>
                        {COMPARATORS.map((c) => <option key={c} value={c}>{COMPARATOR_SYMBOL[c]}</option>)}
                      </select>
                    </td>
                    <td className="nowrap">
                      <input className={`rule-threshold ${bad ? 'invalid' : ''}`} aria-invalid={bad || undefined} value={r.threshold}
                        onChange={(e) => update(i, {}, e.target.value)} data-testid={`rule-threshold-${r.rule.id}`} />
                      <span className="muted small"> {unit === 'ratio' ? '%' : unit === 'm2' ? 'm²' : ''}</span>
                    </td>
                    <td className="nowrap">
                      {PROJECT_TYPES.map((pt) => (
                        <label key={pt} className="small chip">
                          <input type="checkbox" checked={r.rule.appliesTo.includes(pt)}
                            onChange={(e) => update(i, { appliesTo: e.target.checked ? PROJECT_TYPES.filter((x) => x === pt || r.rule.appliesTo.includes(x)) : r.rule.appliesTo.filter((x) => x !== pt) })} />
                          {PROJECT_TYPE_LABELS[pt].short}
                        </label>
                      ))}
                    </td>
                    <td><input className="rule-source" value={r.rule.source} onChange={(e) => update(i, { source: e.target.value })} title={r.rule.source} /></td>
                    <td>{!builtIn && <button type="button" className="link-button" onClick={() => setRows((rs) => rs && rs.filter((_, k) => k !== i))}>{t('projects.editor.remove')}</button>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Modal>
  );
}
