// The 对比 tab: which two schemes (A → B), the view (swipe, side by side, change overlay), the layers taking part;
// then the change table by 区县 / 镇街 / 村 with a summary per layer, the list of changes to step through, and the
// check findings of both schemes compared. Exports go through schemes.exportDiff.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../../../shared/contract/schemas.js';
import type { DiffLevel, LayerDiff, UnitDiff } from '../../../shared/contract/schemes.js';
import { LayerChecklist } from '../editing/ui/LayerChecklist.js';
import { currentLanguage } from '../i18n/index.js';
import { layerName as displayLayerName } from '../i18n/domain-labels.js';
import { formatFixed } from '../panels/format.js';
import { ScreenIcon } from '../schemes/icons.js';
import { requestZoomTo } from '../state/map-stores.js';
import { contextBbox } from '../checks/useFindingsView.js';
import { ChangeList } from './ChangeList.js';
import { CompareExportDialog } from './CompareExportDialog.js';
import { changesInUnit, unionBbox, unitRows } from './diff-table.js';
import { FindingsCompare } from './FindingsCompare.js';
import { COMPARE_VIEWS, type CompareState } from './useCompare.js';

type SubTab = 'units' | 'changes' | 'findings';
const LEVELS: DiffLevel[] = ['county', 'town', 'village'];

export interface CompareTabProps {
  info: WorkspaceInfo;
  compare: CompareState;
  onMeeting: () => void;
}

export function CompareTab({ info, compare, onMeeting }: CompareTabProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [sub, setSub] = useState<SubTab>('units');
  const [level, setLevel] = useState<DiffLevel>('town');
  const [exporting, setExporting] = useState(false);
  const { pair, diff } = compare;

  const names = useMemo(() => new Map<number, string>(compare.layerChoices.map((l) => [l.id, displayLayerName(l, lang)])), [compare.layerChoices, lang]);
  const diffNames = useMemo(() => new Map<number, string>((diff?.layers ?? []).map((l) => [l.layerId, lang === 'en' ? l.nameEn : l.name])), [diff, lang]);
  const layerName = (id: number) => names.get(id) ?? diffNames.get(id) ?? String(id);
  const shown = useMemo(() => new Set(compare.layerChoices.filter((l) => !compare.excluded.has(l.id)).map((l) => l.id)), [compare.layerChoices, compare.excluded]);
  const order = useMemo(() => compare.layerChoices.map((l) => l.id), [compare.layerChoices]);
  const rows = useMemo(() => (diff ? unitRows(diff, level, order, shown) : []), [diff, level, order, shown]);
  const changedLayers = (diff?.layers ?? []).filter((l) => !l.shared && shown.has(l.layerId));

  if (info.schemes.length < 2 || !pair) {
    return <p className="muted panel-empty" data-testid="compare-need-draft">{t('compare.needDraft')}</p>;
  }

  const schemeOptions = info.schemes.map((s) => (
    <option key={s.id} value={s.id}>{s.name}{s.isBaseline ? ` (${t('schemes.baselineTag')})` : ''}</option>
  ));

  const zoomToRow = (row: UnitDiff) => {
    const inUnit = changesInUnit(compare.changes, row);
    const box = unionBbox(inUnit.map((c) => c.bbox));
    if (inUnit[0]) compare.select(inUnit[0]);
    if (box) requestZoomTo(contextBbox(box), 300);
  };

  return (
    <div className="compare-tab" data-testid="compare-tab">
      <div className="panel-toolbar">
        <label className="compare-pick">
          <span className="muted small">A</span>
          <select value={pair.from} onChange={(e) => compare.setPair({ from: Number(e.target.value), to: pair.to })} data-testid="compare-from">{schemeOptions}</select>
        </label>
        <button type="button" className="icon-button" title={t('compare.swap')} onClick={() => compare.setPair({ from: pair.to, to: pair.from })} data-testid="compare-swap">⇄</button>
        <label className="compare-pick">
          <span className="muted small">B</span>
          <select value={pair.to} onChange={(e) => compare.setPair({ from: pair.from, to: Number(e.target.value) })} data-testid="compare-to">{schemeOptions}</select>
        </label>
        <span className="segmented" role="group" aria-label={t('compare.view')}>
          {COMPARE_VIEWS.map((v) => (
            <button key={v} type="button" className={compare.view === v ? 'active' : ''} aria-pressed={compare.view === v} onClick={() => compare.setView(v)} data-testid={`compare-view-${v}`}>
              {t(`compare.views.${v}`)}
            </button>
          ))}
        </span>
        <LayerChecklist
          label={t('compare.layers', { count: shown.size })}
          title={t('compare.layersHint')}
          layers={compare.layerChoices}
          checked={[...shown]}
          onToggle={compare.toggleLayer}
          testId="compare-layers"
        />
        <label className="edit-check">
          <input type="checkbox" checked={compare.showChanges} onChange={(e) => compare.setShowChanges(e.target.checked)} data-testid="compare-show-changes" />
          {t('compare.showChanges')}
        </label>
        <span className="compare-legend small">
          <span className="change-dot change-gained" />{t('compare.kind.gained')}
          <span className="change-dot change-lost" />{t('compare.kind.lost')}
          <span className="change-dot change-attributes" />{t('compare.kind.attributes')}
        </span>
        {pair.from === pair.to && <span className="chip chip-new">{t('compare.same')}</span>}
        <span className="toolbar-spacer" />
        {compare.computing && <span className="muted small" data-testid="compare-busy">{t('compare.computing')}</span>}
        <button type="button" onClick={compare.refresh} title={t('compare.refreshHint')} data-testid="compare-refresh">↻</button>
        <button type="button" disabled={!diff} onClick={() => setExporting(true)} data-testid="compare-export">⇩ {t('compare.export')}</button>
        <button type="button" onClick={onMeeting} title={t('meeting.hint')} data-testid="meeting-open"><ScreenIcon /> {t('meeting.button')}</button>
      </div>
      <nav className="sub-tabs" role="tablist">
        {(['units', 'changes', 'findings'] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={sub === s} className={sub === s ? 'active' : ''} onClick={() => setSub(s)} data-testid={`compare-sub-${s}`}>
            {t(`compare.sub.${s}`)}
            {s === 'changes' && diff ? ` (${compare.changes.length})` : ''}
          </button>
        ))}
      </nav>
      {!diff && <p className="muted panel-empty">{compare.computing ? t('compare.computing') : t('compare.noDiff')}</p>}
      {diff && sub === 'units' && (
        <div className="compare-body">
          <aside className="layer-diffs" data-testid="layer-diffs">
            {changedLayers.length === 0 && <p className="muted small panel-empty" data-testid="compare-identical">{t('compare.identical')}</p>}
            {changedLayers.map((l) => <LayerDiffCard key={l.layerId} layer={l} name={layerName(l.layerId)} />)}
          </aside>
          <div className="unit-table-wrap">
            <div className="filters">
              <span className="segmented" role="group" aria-label={t('compare.level')}>
                {LEVELS.map((lv) => (
                  <button key={lv} type="button" className={level === lv ? 'active' : ''} aria-pressed={level === lv} onClick={() => setLevel(lv)} data-testid={`compare-level-${lv}`}>
                    {t(`compare.levels.${lv}`)}
                  </button>
                ))}
              </span>
              <span className="muted small">{t('compare.unitHint')}</span>
            </div>
            <UnitTable rows={rows} layerName={layerName} onRow={zoomToRow} />
          </div>
        </div>
      )}
      {diff && sub === 'changes' && (
        <div className="compare-body single">
          {compare.changes.length === 0
            ? <p className="muted panel-empty">{t('compare.noChanges')}</p>
            : <ChangeList changes={compare.changes} selectedId={compare.selected?.id ?? null} onSelect={compare.select} layerName={layerName} />}
        </div>
      )}
      {sub === 'findings' && <FindingsCompare info={info} from={pair.from} to={pair.to} />}
      {exporting && diff && <CompareExportDialog info={info} from={diff.from} to={diff.to} onClose={() => setExporting(false)} />}
    </div>
  );
}

/** A value that rounds to zero at `decimals` shows as 0, not "-0.0000" (after = before + gained − lost can be −1e-9). */
export function roundedZero(value: number, decimals: number): number {
  return Math.abs(value) < 0.5 * 10 ** -decimals ? 0 : value;
}

function HaMu({ ha, mu, testId, signed = false }: { ha: number; mu: number; testId?: string; signed?: boolean }) {
  const { i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const show = (v: number, d: number) => {
    const r = roundedZero(v, d);
    const s = formatFixed(r, d, lang);
    return signed && r > 0 ? `+${s}` : s;
  };
  return (
    <>
      <span className="c-num" data-testid={testId ? `${testId}-ha` : undefined}>{show(ha, 4)}</span>
      <span className="c-num mu" data-testid={testId ? `${testId}-mu` : undefined}>{show(mu, 2)}</span>
    </>
  );
}

function UnitTable({ rows, layerName, onRow }: { rows: UnitDiff[]; layerName: (id: number) => string; onRow: (row: UnitDiff) => void }) {
  const { t } = useTranslation();
  if (!rows.length) return <p className="muted panel-empty">{t('compare.noUnits')}</p>;
  const groups = ['before', 'after', 'gained', 'lost', 'net'] as const;
  return (
    <div className="unit-table" role="table" data-testid="unit-table">
      <div className="unit-row unit-head" role="row">
        <span role="columnheader">{t('compare.col.unit')}</span>
        <span role="columnheader">{t('compare.col.layer')}</span>
        {groups.map((g) => (
          <span key={g} role="columnheader" className="unit-group">
            <span>{t(`compare.col.${g}`)}</span>
            <span className="unit-units"><span>{t('feature.ha')}</span><span>{t('feature.mu')}</span></span>
          </span>
        ))}
      </div>
      {rows.map((r) => (
        <div
          key={`${r.level}|${r.code}|${r.layerId}`}
          className="unit-row"
          role="row"
          onClick={() => onRow(r)}
          title={t('compare.unitHint')}
          data-testid="unit-row"
          data-level={r.level}
          data-code={r.code ?? ''}
          data-unit={r.name}
          data-layer-id={r.layerId}
        >
          <span className="unit-name">{r.code === null ? t('compare.outside') : r.name}</span>
          <span>{layerName(r.layerId)}</span>
          <span className="unit-pair"><HaMu ha={r.before.ha} mu={r.before.mu} testId="unit-before" /></span>
          <span className="unit-pair"><HaMu ha={r.after.ha} mu={r.after.mu} testId="unit-after" /></span>
          <span className="unit-pair gained"><HaMu ha={r.gained.ha} mu={r.gained.mu} testId="unit-gained" /></span>
          <span className="unit-pair lost"><HaMu ha={r.lost.ha} mu={r.lost.mu} testId="unit-lost" /></span>
          <span className="unit-pair"><HaMu ha={r.net.ha} mu={r.net.mu} testId="unit-net" signed /></span>
        </div>
      ))}
    </div>
  );
}

function LayerDiffCard({ layer, name }: { layer: LayerDiff; name: string }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const f = (v: number) => formatFixed(roundedZero(v, 4), 4, lang);
  const m = (v: number) => formatFixed(roundedZero(v, 2), 2, lang);
  return (
    <div className="layer-diff" data-testid="layer-diff" data-layer-key={layer.key}>
      <div className="layer-diff-name">{name}</div>
      <div className="layer-diff-counts small">
        <span title={t('compare.counts.added')} data-testid="layer-diff-added">+{layer.added.length}</span>
        <span title={t('compare.counts.removed')} data-testid="layer-diff-removed">−{layer.removed.length}</span>
        <span title={t('compare.counts.reshaped')} data-testid="layer-diff-reshaped">◇{layer.reshaped.length}</span>
        <span title={t('compare.counts.reattributed')} data-testid="layer-diff-reattributed">✎{layer.reattributed.length}</span>
      </div>
      <dl className="layer-diff-areas small">
        <dt className="gained">{t('compare.col.gained')}</dt><dd>{f(layer.gained.ha)} {t('feature.ha')} · {m(layer.gained.mu)} {t('feature.mu')}</dd>
        <dt className="lost">{t('compare.col.lost')}</dt><dd>{f(layer.lost.ha)} {t('feature.ha')} · {m(layer.lost.mu)} {t('feature.mu')}</dd>
        <dt>{t('compare.col.net')}</dt><dd>{f(layer.net.ha)} {t('feature.ha')} · {m(layer.net.mu)} {t('feature.mu')}</dd>
        {layer.before && layer.after && (
          <>
            <dt>{t('compare.col.before')} → {t('compare.col.after')}</dt>
            <dd>{f(layer.before.ha)} → {f(layer.after.ha)} {t('feature.ha')}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

