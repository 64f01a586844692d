// What a check run includes: the checks, the pairs of layers to overlay besides the three lines, and the thresholds
// (defaults and their reasons in docs/checks.md). Saved with the run, so a run can always be reproduced.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHECK_IDS, type CheckId, type CheckParams, type LayerInfo } from '../../../shared/contract/schemas.js';
import { DEFAULT_PARAMS } from '../../../shared/domain/check-params.js';
import { currentLanguage } from '../i18n/index.js';
import { layerName } from '../i18n/domain-labels.js';
import { Modal } from '../panels/Modal.js';

export interface RunOptions {
  checks: CheckId[];
  layerPairs: [string, string][];
  params: CheckParams;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { checks: [...CHECK_IDS], layerPairs: [], params: DEFAULT_PARAMS };

const NUMERIC_PARAMS = [
  'gridSize', 'hairlineWidth', 'minConflictArea', 'minGapArea', 'sliverMaxThinness', 'sliverMaxWidth', 'fragmentMinArea', 'outsideMinArea',
] as const satisfies readonly (keyof CheckParams)[];
type NumericParam = (typeof NUMERIC_PARAMS)[number];

export function RunOptionsDialog({ layers, initial, onRun, onClose }: {
  layers: readonly LayerInfo[];
  initial: RunOptions;
  onRun: (options: RunOptions) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [checks, setChecks] = useState(new Set(initial.checks));
  const [pairs, setPairs] = useState(initial.layerPairs);
  const [values, setValues] = useState<Record<NumericParam, string>>(
    () => Object.fromEntries(NUMERIC_PARAMS.map((k) => [k, String(initial.params[k])])) as Record<NumericParam, string>,
  );
  const polygonLayers = layers.filter((l) => l.featureCount > 0);
  const [a, setA] = useState(polygonLayers[0]?.key ?? '');
  const [b, setB] = useState(polygonLayers[1]?.key ?? '');
  const nameOf = (table: string) => {
    const l = layers.find((x) => x.key === table);
    return l ? layerName(l, lang) : table;
  };

  const parsed = Object.fromEntries(NUMERIC_PARAMS.map((k) => [k, Number(values[k])])) as Record<NumericParam, number>;
  const invalid = new Set(NUMERIC_PARAMS.filter((k) => values[k].trim() === '' || !Number.isFinite(parsed[k]) || parsed[k] < 0 || (k === 'gridSize' && !(parsed[k] > 0 && parsed[k] <= 1))));
  const valid = checks.size > 0 && invalid.size === 0;

  const toggle = (id: CheckId) => {
    const next = new Set(checks);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChecks(next);
  };
  const addPair = () => {
    if (!a || !b || a === b || pairs.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) return;
    setPairs([...pairs, [a, b]]);
    setChecks(new Set(checks).add('pair_conflicts'));
  };
  const run = () => {
    if (!valid) return;
    onRun({ checks: CHECK_IDS.filter((c) => checks.has(c)), layerPairs: pairs, params: { ...initial.params, ...parsed } });
  };
  const restore = () => {
    setChecks(new Set(CHECK_IDS));
    setPairs([]);
    setValues(Object.fromEntries(NUMERIC_PARAMS.map((k) => [k, String(DEFAULT_PARAMS[k])])) as Record<NumericParam, string>);
  };

  return (
    <Modal
      title={t('runOptions.title')}
      onClose={onClose}
      testId="run-options"
      footer={
        <>
          <button type="button" onClick={restore}>{t('runOptions.defaults')}</button>
          <span className="toolbar-spacer" />
          <button type="button" onClick={onClose}>{t('dialog.cancel')}</button>
          <button type="button" className="primary" disabled={!valid} onClick={run} data-testid="run-options-run">▶ {t('runOptions.run')}</button>
        </>
      }
    >
      <div className="run-options">
        <fieldset>
          <legend>{t('runOptions.checks')}</legend>
          <div className="check-grid">
            {CHECK_IDS.map((id) => (
              <label key={id} className="radio">
                <input type="checkbox" checked={checks.has(id)} onChange={() => toggle(id)} data-testid={`run-check-${id}`} />
                {t(`runOptions.checkNames.${id}`)}
              </label>
            ))}
          </div>
          {checks.size === 0 && <p className="warn small">{t('runOptions.needOne')}</p>}
        </fieldset>
        <fieldset>
          <legend>{t('runOptions.pairs')}</legend>
          <ul className="pair-list" data-testid="run-pairs">
            {pairs.length === 0 && <li className="muted small">{t('runOptions.noPairs')}</li>}
            {pairs.map(([x, y]) => (
              <li key={`${x}|${y}`}>
                {nameOf(x)} × {nameOf(y)}{' '}
                <button type="button" className="text-button" onClick={() => setPairs(pairs.filter(([p, q]) => p !== x || q !== y))}>{t('runOptions.remove')}</button>
              </li>
            ))}
          </ul>
          <div className="pair-add">
            <select value={a} onChange={(e) => setA(e.target.value)} data-testid="run-pair-a">
              {polygonLayers.map((l) => <option key={l.key} value={l.key}>{layerName(l, lang)}</option>)}
            </select>
            ×
            <select value={b} onChange={(e) => setB(e.target.value)} data-testid="run-pair-b">
              {polygonLayers.map((l) => <option key={l.key} value={l.key}>{layerName(l, lang)}</option>)}
            </select>
            <button type="button" disabled={!a || !b || a === b} onClick={addPair} data-testid="run-pair-add">{t('runOptions.addPair')}</button>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('runOptions.thresholds')}</legend>
          <div className="param-grid">
            {NUMERIC_PARAMS.map((k) => (
              <label key={k}>
                <span>{t(`runOptions.params.${k}`)}</span>
                <input
                  inputMode="decimal"
                  value={values[k]}
                  aria-invalid={invalid.has(k)}
                  onChange={(e) => setValues({ ...values, [k]: e.target.value })}
                  data-testid={`run-param-${k}`}
                />
              </label>
            ))}
          </div>
        </fieldset>
      </div>
    </Modal>
  );
}
