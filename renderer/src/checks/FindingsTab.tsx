// The findings of a check run: run it (progress, cancel), pick a saved run, see what changed since the previous
// one, narrow by type / layer / town, step through the findings and export them.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding, FindingType, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { FINDING_LABELS } from '../../../shared/domain/findings.js';
import { currentLanguage } from '../i18n/index.js';
import { layerName as displayLayerName } from '../i18n/domain-labels.js';
import { formatFixed } from '../panels/format.js';
import { ExportDialog } from './ExportDialog.js';
import type { FindingFilter, Facets } from './finding-filter.js';
import { FindingTable } from './FindingTable.js';
import { DEFAULT_RUN_OPTIONS, RunOptionsDialog, type RunOptions } from './RunOptionsDialog.js';
import type { ChecksState } from './useChecks.js';

export interface FindingsTabProps {
  info: WorkspaceInfo;
  checks: ChecksState;
  facets: Facets;
  filter: FindingFilter;
  onFilter: (filter: FindingFilter) => void;
  shown: readonly Finding[];
  selected: Finding | null;
  onSelect: (finding: Finding) => void;
}

export function FindingsTab({ info, checks, facets, filter, onFilter, shown, selected, onSelect }: FindingsTabProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [exporting, setExporting] = useState(false);
  const [editingOptions, setEditingOptions] = useState(false);
  // Until the user changes them, a new run repeats the options of the run shown.
  const [options, setOptions] = useState<RunOptions | null>(null);
  const runOptions: RunOptions = options
    ?? (checks.run ? { checks: checks.run.checks, layerPairs: checks.run.layerPairs, params: checks.run.params } : DEFAULT_RUN_OPTIONS);
  const layerName = useMemo(() => {
    const byTable = new Map(info.layers.map((l) => [l.key, displayLayerName(l, lang)]));
    return (table: string) => byTable.get(table) ?? table;
  }, [info.layers, lang]);
  const { run, runs, running, page, comparison } = checks;

  const toggleType = (type: FindingType) => {
    const types = new Set(filter.types);
    if (types.has(type)) types.delete(type);
    else types.add(type);
    onFilter({ ...filter, types });
  };

  return (
    <div className="findings-tab" data-testid="findings-tab">
      <div className="panel-toolbar">
        {running ? (
          <span className="run-progress" data-testid="check-progress">
            <span className="progress-track"><span className="progress-fill" style={{ width: `${Math.round(running.fraction * 100)}%` }} /></span>
            <span className="small">{Math.round(running.fraction * 100)}% {running.message}</span>
            <button type="button" onClick={checks.cancel} data-testid="check-cancel">{t('checks.cancel')}</button>
          </span>
        ) : (
          <>
            <button type="button" className="primary" onClick={() => void checks.start(runOptions)} data-testid="check-run">
              ▶ {run ? t('checks.rerun') : t('checks.run')}
            </button>
            <button type="button" onClick={() => setEditingOptions(true)} data-testid="check-options">⚙ {t('runOptions.button')}</button>
          </>
        )}
        {runs.length > 0 && (
          <select
            value={run?.runId ?? ''}
            onChange={(e) => checks.select(Number(e.target.value))}
            data-testid="check-run-select"
            aria-label={t('checks.tab')}
          >
            {runs.map((r) => (
              <option key={r.runId} value={r.runId} disabled={r.status !== 'done'}>
                {t('checks.runLabel', { id: r.runId, time: new Date(r.startedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB'), count: r.findingCount })}
                {r.status !== 'done' ? ` (${t(`checks.runStatus.${r.status}`)})` : ''}
              </option>
            ))}
          </select>
        )}
        {comparison && (
          <span className="compare-summary small" data-testid="check-compare">
            {comparison.previousRunId === null ? (
              t('checks.compareFirst')
            ) : (
              <>
                {t('checks.compare', { id: comparison.previousRunId })}{' '}
                <span className="chip chip-new">{t('checks.compareNew', { count: comparison.new.length })}</span>
                <span className="chip chip-resolved">{t('checks.compareResolved', { count: comparison.resolved.length })}</span>
                <span className="chip">{t('checks.compareChanged', { count: comparison.changed.length })}</span>
              </>
            )}
          </span>
        )}
        <span className="toolbar-spacer" />
        {run && (
          <button type="button" onClick={() => setExporting(true)} data-testid="check-export">
            ⇩ {t('checks.export')}
          </button>
        )}
      </div>

      {!run && !running && <p className="muted panel-empty">{t('checks.noRun')}</p>}
      {run && !page && <p className="muted panel-empty">{t('checks.loading')}</p>}
      {run && page && (
        <div className="findings-body">
          <aside className="type-summary" data-testid="type-summary">
            <button type="button" className={`type-item${filter.types.size === 0 ? ' active' : ''}`} onClick={() => onFilter({ ...filter, types: new Set() })}>
              <span className="type-name">{t('checks.allTypes')}</span>
              <span className="type-count">{page.total}</span>
            </button>
            {facets.types.map((s) => (
              <button
                type="button"
                key={s.type}
                className={`type-item${filter.types.has(s.type) ? ' active' : ''}`}
                onClick={() => toggleType(s.type)}
                data-testid={`type-filter-${s.type}`}
                aria-pressed={filter.types.has(s.type)}
              >
                <span className={`severity-dot severity-${s.severity}`} />
                <span className="type-name">{FINDING_LABELS[s.type][lang]}</span>
                <span className="type-count">{s.count}</span>
                <span className="type-area">{formatFixed(s.areaM2 / 10_000, 2, lang)} {t('feature.ha')}</span>
              </button>
            ))}
            {run.skipped.length > 0 && (
              <div className="skipped small muted">
                {t('checks.skipped')}: {run.skipped.map((s) => s.reason).join('；')}
              </div>
            )}
          </aside>
          <div className="findings-main">
            <div className="filters">
              <label>
                {t('checks.layer')}{' '}
                <select value={filter.layer ?? ''} onChange={(e) => onFilter({ ...filter, layer: e.target.value || null })} data-testid="layer-filter">
                  <option value="">{t('checks.allLayers')}</option>
                  {facets.layers.map((l) => <option key={l} value={l}>{layerName(l)}</option>)}
                </select>
              </label>
              <label>
                {t('checks.town')}{' '}
                <select value={filter.town ?? ''} onChange={(e) => onFilter({ ...filter, town: e.target.value || null })} data-testid="town-filter">
                  <option value="">{t('checks.allTowns')}</option>
                  {facets.towns.map((town) => <option key={town} value={town}>{town}</option>)}
                </select>
              </label>
              <span className="muted small" data-testid="findings-shown">{t('checks.shown', { shown: shown.length, total: page.total })}</span>
              <span className="muted small">{t('checks.keyboardHint')}</span>
            </div>
            {shown.length === 0 ? (
              <p className="muted panel-empty">{t('checks.empty')}</p>
            ) : (
              <FindingTable findings={shown} selectedId={selected?.id ?? null} onSelect={onSelect} layerName={layerName} />
            )}
          </div>
          {selected && <FindingDetail finding={selected} layerName={layerName} />}
        </div>
      )}
      {editingOptions && (
        <RunOptionsDialog
          layers={info.layers}
          initial={runOptions}
          onClose={() => setEditingOptions(false)}
          onRun={(o) => {
            setOptions(o);
            setEditingOptions(false);
            void checks.start(o);
          }}
        />
      )}
      {exporting && run && <ExportDialog info={info} runId={run.runId} onClose={() => setExporting(false)} />}
    </div>
  );
}

function FindingDetail({ finding, layerName }: { finding: Finding; layerName: (table: string) => string }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { planar, ellipsoidal } = finding.area;
  return (
    <aside className="finding-detail" data-testid="finding-detail">
      <h3 className="group-title">
        <span className={`severity-dot severity-${finding.severity}`} /> {FINDING_LABELS[finding.type][lang]}
      </h3>
      <dl className="place">
        <dt>{t('checks.ellipsoidal')}</dt>
        <dd data-testid="finding-detail-area">{formatFixed(ellipsoidal.ha, 4, lang)} {t('feature.ha')} · {formatFixed(ellipsoidal.mu, 2, lang)} {t('feature.mu')}</dd>
        <dt>{t('checks.planar')}</dt>
        <dd>{formatFixed(planar.ha, 4, lang)} {t('feature.ha')} · {formatFixed(planar.m2, 2, lang)} {t('feature.m2')}</dd>
        <dt>{t('checks.col.town')}</dt>
        <dd>{finding.town ?? '—'} {finding.village ? `· ${finding.village}` : ''}</dd>
        <dt>{t('checks.col.features')}</dt>
        <dd>{finding.layers.map((l, i) => `${layerName(l)} ${finding.featureIds[i]?.join(', ') ?? ''}`).join('；')}</dd>
      </dl>
      <p className="small">{finding.detail}</p>
      {finding.suggestion && <p className="small suggestion">→ {finding.suggestion}</p>}
    </aside>
  );
}
