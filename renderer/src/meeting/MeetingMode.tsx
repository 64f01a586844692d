// Meeting-room mode (会议模式): full screen, no editing chrome or panels, large labels and legend, the comparison
// as a swipe or side by side (or the map alone when the workspace has one scheme), and a list of the changes (or
// of the check findings) to click through. Exports the current view as a PNG and a PDF of one page per town or per
// change, each with title, legend, scale bar, north arrow and date — all drawn here, offline.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Layer } from '@deck.gl/core';
import type { Finding, LayerGeometry, LayerInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { FINDING_LABELS } from '../../../shared/domain/findings.js';
import { useClient } from '../api/ClientContext.js';
import { ChangeList } from '../compare/ChangeList.js';
import { CompareMaps } from '../compare/CompareMaps.js';
import { fileSafe, siblingPath } from '../compare/CompareExportDialog.js';
import { StepList } from '../compare/StepList.js';
import { COMPARE_VIEWS, type CompareState } from '../compare/useCompare.js';
import { currentLanguage } from '../i18n/index.js';
import { layerName as displayLayerName } from '../i18n/domain-labels.js';
import { MapView } from '../map/MapView.js';
import type { TileSource } from '../map/tiled-layer/tile-source.js';
import { mountedMap } from '../map/map-registry.js';
import { scaleBar } from '../map/scale-bar.js';
import { formatFixed } from '../panels/format.js';
import { FullscreenIcon } from '../schemes/icons.js';
import { viewStore, type MapViewState } from '../state/map-stores.js';
import { useStore } from '../state/store.js';
import { captureView, mapsOf, settled, showBbox, type CaptureView } from './capture.js';
import { legendItems } from './legend.js';
import { MeetingExportDialog, type MeetingExportRequest } from './MeetingExportDialog.js';
import { drawPage, type LegendItem } from './page-render.js';
import { changePages, townPages, type PagePlan } from './pages.js';
import './meeting.css';

/** The browser host takes requests of at most 8 MiB; keep a PDF's pages below that. */
const MAX_PDF_BASE64 = 7.5 * 1024 * 1024;

export interface MeetingModeProps {
  info: WorkspaceInfo;
  workspaceKey: string | null;
  compare: CompareState;
  /** The map alone (one scheme, nothing to compare): the active scheme's layers and the check findings. */
  layersTopFirst: readonly LayerInfo[];
  geometries: ReadonlyMap<number, LayerGeometry>;
  /** Big layers drawn from tiles (docs/scale.md). */
  tiled?: ReadonlyMap<number, TileSource>;
  findingOverlays: readonly Layer[];
  findings: readonly Finding[];
  selectedFinding: Finding | null;
  onSelectFinding: (finding: Finding) => void;
  onExit: () => void;
}

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const selectView = (v: MapViewState | null) => v;
const base64Of = (dataUrl: string) => dataUrl.slice(dataUrl.indexOf(',') + 1);

export function MeetingMode(props: MeetingModeProps) {
  const { info, workspaceKey, compare, onExit } = props;
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { api } = useClient();
  const pair = compare.pair;
  const [list, setList] = useState<'changes' | 'findings'>(pair ? 'changes' : 'findings');
  const [exporting, setExporting] = useState<'png' | 'pdf' | null>(null);
  const view: CaptureView = pair ? compare.view : 'single';
  const schemeA = info.schemes.find((s) => s.id === pair?.from);
  const schemeB = info.schemes.find((s) => s.id === pair?.to);
  const schemesText = pair ? `${schemeA?.name ?? ''} → ${schemeB?.name ?? ''}` : info.scheme.name;

  // Esc leaves (unless a dialog is open: it closes first).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('.modal-backdrop')) onExit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onExit]);

  const layerName = useCallback((id: number) => {
    const l = compare.layerChoices.find((x) => x.id === id) ?? props.layersTopFirst.find((x) => x.id === id);
    return l ? displayLayerName(l, lang) : String(id);
  }, [compare.layerChoices, props.layersTopFirst, lang]);

  const drawnLayers = pair ? compare.b?.layers ?? [] : props.layersTopFirst;
  const legend = useMemo<LegendItem[]>(() => legendItems(drawnLayers, pair ? (compare.showChanges ? 'changes' : 'none') : 'findings', {
    layerName: (l) => displayLayerName(l, lang),
    gained: t('compare.legend.gained'), lost: t('compare.legend.lost'), attributes: t('compare.legend.attributes'),
    findings: { error: t('checks.severity.error'), warning: t('checks.severity.warning') }, dlbm: t('meeting.dlbm'),
  }), [drawnLayers, pair, compare.showChanges, lang, t]);

  const footer = `${t('app.title')} Sanxian Workbench · ${info.crsName}${info.synthetic ? ` · ${t('meeting.synthetic')}` : ''}`;

  const exportFile = async (kind: 'png' | 'pdf', req: MeetingExportRequest, progress: (text: string) => void) => {
    const page = (subtitle: string, pageLabel?: string) => {
      const cap = captureView(view, compare.swipe);
      const canvas = document.createElement('canvas');
      drawPage(canvas, { title: info.name, subtitle, date: today(), map: cap.canvas, metersPerMapPixel: cap.metersPerPixel, legend, footer, pageLabel });
      return canvas;
    };
    if (kind === 'png') {
      await settled(view);
      const canvas = page(`${schemesText} · ${t('meeting.currentView')}`);
      const r = await api['present.savePng']({ path: req.path, pngBase64: base64Of(canvas.toDataURL('image/png')) });
      return { path: r.path, detail: t('meeting.bytes', { kb: Math.round(r.bytes / 1024) }) };
    }
    const text = {
      layerName, kind: (k: 'gained' | 'lost' | 'attributes') => t(`compare.kind.${k}`), ha: (v: number) => `${formatFixed(v, 4, lang)} ${t('feature.ha')}`,
      mu: (v: number) => `${formatFixed(v, 2, lang)} ${t('feature.mu')}`, change: t('meeting.change'), gainedShort: t('meeting.gainedShort'), lostShort: t('meeting.lostShort'),
    };
    let plans: (PagePlan | null)[] = [];
    if (pair && compare.diff) {
      const shown = new Set(compare.layerChoices.filter((l) => !compare.excluded.has(l.id)).map((l) => l.id));
      plans = req.pages === 'town'
        ? townPages(compare.diff, await api['domains.unitExtents']({ level: 'town', scheme: pair.to }), shown, text)
        : changePages(compare.changes, req.maxPages, text);
    }
    // Nothing to page through: the current view, as one page.
    if (!plans.length) plans = [null];
    const primary = mountedMap(mapsOf(view)[0]!);
    const saved = primary ? { ...primary.hook.viewState } : null;
    const pages: { jpegBase64: string; widthPx: number; heightPx: number }[] = [];
    const quality = plans.length > 12 ? 0.7 : 0.82;
    try {
      for (const [i, plan] of plans.entries()) {
        progress(t('meeting.pageProgress', { page: i + 1, pages: plans.length }));
        if (plan) await showBbox(view, plan.bbox);
        else await settled(view);
        const canvas = page(`${schemesText}${plan ? ` · ${plan.subtitle}` : ''}`, `${i + 1} / ${plans.length}`);
        pages.push({ jpegBase64: base64Of(canvas.toDataURL('image/jpeg', quality)), widthPx: canvas.width, heightPx: canvas.height });
      }
    } finally {
      if (primary && saved) primary.setCamera({ longitude: saved.longitude, latitude: saved.latitude, zoom: saved.zoom });
    }
    if (pages.reduce((n, p) => n + p.jpegBase64.length, 0) > MAX_PDF_BASE64) {
      throw new Error(t('meeting.tooLarge', { pages: pages.length }));
    }
    progress(t('meeting.writing'));
    const r = await api['present.savePdf']({ path: req.path, title: `${info.name} ${schemesText}`, pages });
    return { path: r.path, detail: t('meeting.pagesWritten', { count: r.pages, kb: Math.round(r.bytes / 1024) }) };
  };

  const typeName = (f: Finding) => FINDING_LABELS[f.type][lang];

  return (
    <div className="meeting" data-testid="meeting">
      <header className="meeting-header">
        <div className="meeting-title">
          <h1 data-testid="meeting-title">{info.name}</h1>
          <p>{schemesText} · {today()}</p>
        </div>
        <div className="meeting-tools">
          {pair && (
            <span className="segmented" role="group" aria-label={t('compare.view')}>
              {COMPARE_VIEWS.map((v) => (
                <button key={v} type="button" className={compare.view === v ? 'active' : ''} aria-pressed={compare.view === v} onClick={() => compare.setView(v)} data-testid={`meeting-view-${v}`}>
                  {t(`compare.views.${v}`)}
                </button>
              ))}
            </span>
          )}
          <span className="segmented" role="group" aria-label={t('meeting.list')}>
            {pair && (
              <button type="button" className={list === 'changes' ? 'active' : ''} onClick={() => setList('changes')} data-testid="meeting-list-changes">{t('meeting.changes')}</button>
            )}
            <button type="button" className={list === 'findings' ? 'active' : ''} onClick={() => setList('findings')} data-testid="meeting-list-findings">{t('meeting.findings')}</button>
          </span>
          <button type="button" onClick={() => setExporting('png')} data-testid="meeting-export-png">⇩ PNG</button>
          <button type="button" onClick={() => setExporting('pdf')} data-testid="meeting-export-pdf">⇩ PDF</button>
          <button
            type="button"
            onClick={() => void (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => {})}
            title={t('meeting.fullscreenHint')}
            data-testid="meeting-fullscreen"
          >
            <FullscreenIcon /> {t('meeting.fullscreen')}
          </button>
          <button type="button" className="meeting-exit" onClick={onExit} title={t('meeting.exitHint')} data-testid="meeting-exit">✕ {t('meeting.exit')}</button>
        </div>
      </header>
      <div className="meeting-body">
        <div className="meeting-map">
          {pair ? (
            <CompareMaps workspaceKey={workspaceKey} extent={info.extent} compare={compare} schemes={info.schemes} view={compare.view} labelSizePx={20}>
              <MapDecorations legend={legend} />
            </CompareMaps>
          ) : (
            <MapView
              workspaceKey={workspaceKey}
              extent={info.extent}
              layersTopFirst={props.layersTopFirst}
              geometries={props.geometries}
              tiled={props.tiled}
              selection={null}
              onSelect={() => {}}
              overlays={props.findingOverlays}
              labelSizePx={20}
            >
              <MapDecorations legend={legend} />
            </MapView>
          )}
        </div>
        <aside className="meeting-side" data-testid="meeting-side">
          {list === 'changes' && pair ? (
            compare.changes.length ? (
              <ChangeList changes={compare.changes} selectedId={compare.selected?.id ?? null} onSelect={compare.select} layerName={layerName} compact />
            ) : (
              <p className="muted panel-empty">{compare.diff ? t('compare.noChanges') : t('compare.computing')}</p>
            )
          ) : props.findings.length ? (
            <StepList
              items={props.findings}
              idOf={(f) => f.id}
              selectedId={props.selectedFinding?.id ?? null}
              onSelect={props.onSelectFinding}
              rowHeight={52}
              className="change-list compact"
              label={t('meeting.findings')}
              testId="meeting-findings"
              rowTestId="meeting-finding-row"
              renderRow={(f, i) => (
                <>
                  <span className="c-index">{i + 1}</span>
                  <span className="change-main">
                    <span><span className={`severity-dot severity-${f.severity}`} />{typeName(f)}</span>
                    <span className="change-sub">{f.town ?? '—'}{f.village ? ` · ${f.village}` : ''}</span>
                  </span>
                  <span className="c-num">
                    <span>{formatFixed(f.area.ellipsoidal.ha, 2, lang)} {t('feature.ha')}</span>
                    <span className="change-sub">{formatFixed(f.area.ellipsoidal.mu, 1, lang)} {t('feature.mu')}</span>
                  </span>
                </>
              )}
            />
          ) : (
            <p className="muted panel-empty">{t('meeting.noFindings')}</p>
          )}
        </aside>
      </div>
      {exporting && (
        <MeetingExportDialog
          kind={exporting}
          suggestedPath={siblingPath(info.path, `会议-${fileSafe(schemesText.replace(' → ', '-'))}`, exporting)}
          canChanges={!!pair}
          onExport={(req, progress) => exportFile(exporting, req, progress)}
          onClose={() => setExporting(null)}
        />
      )}
    </div>
  );
}

/** Legend (large), scale bar and north arrow over the map. */
function MapDecorations({ legend }: { legend: readonly LegendItem[] }) {
  const { t } = useTranslation();
  const view = useStore(viewStore, selectView);
  const bar = view ? scaleBar(view.latitude, view.zoom, 180) : null;
  const swatch = (item: LegendItem) => ({
    background: item.hatched
      ? `repeating-linear-gradient(135deg, rgb(${item.fill!.join(',')}) 0 3px, rgba(${item.fill!.join(',')}, 0.2) 3px 9px)`
      : item.fill ? `rgba(${item.fill.join(',')}, 0.75)` : 'transparent',
    borderColor: item.line ? `rgb(${item.line.join(',')})` : 'transparent',
  });
  return (
    <>
      <div className="meeting-legend" data-testid="meeting-legend">
        <div className="meeting-legend-title">{t('meeting.legend')}</div>
        {legend.map((item) => (
          <div key={item.label} className="meeting-legend-item">
            <span className="meeting-swatch" style={swatch(item)} />
            {item.label}
          </div>
        ))}
      </div>
      <svg className="meeting-north" viewBox="0 0 40 56" aria-label={t('meeting.north')} data-testid="meeting-north">
        <circle cx="20" cy="34" r="19" fill="rgba(255,255,255,0.85)" />
        <path d="M20 12 L31 48 L20 40 Z" fill="#1d2a3a" />
        <path d="M20 12 L9 48 L20 40 Z" fill="#fff" stroke="#1d2a3a" strokeWidth="1.5" />
        <text x="20" y="11" textAnchor="middle" fontSize="12" fontWeight="700" fill="#1d2a3a">N</text>
      </svg>
      {bar && (
        <div className="meeting-scale" data-testid="meeting-scale">
          <span className="meeting-scale-bar" style={{ width: `${bar.widthPx}px` }} />
          {bar.label}
        </div>
      )}
    </>
  );
}
