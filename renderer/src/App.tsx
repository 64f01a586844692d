import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from './api/ClientContext.js';
import { BottomPanel, type PanelTab } from './checks/BottomPanel.js';
import { FindingsTab } from './checks/FindingsTab.js';
import { SiteReport } from './checks/SiteReport.js';
import { StatsTab } from './checks/StatsTab.js';
import { useChecks } from './checks/useChecks.js';
import { CompareMaps } from './compare/CompareMaps.js';
import { CompareTab } from './compare/CompareTab.js';
import { useCompare } from './compare/useCompare.js';
import { useFindingsView } from './checks/useFindingsView.js';
import { ProjectsTab } from './consolidation/ProjectsTab.js';
import { useProjects } from './consolidation/useProjects.js';
import { AttributeFormHost } from './editing/ui/AttributeForm.js';
import { EditStatusItems } from './editing/ui/EditStatusItems.js';
import { EditToolbar } from './editing/ui/EditToolbar.js';
import { useEditSession } from './editing/useEditSession.js';
import { peekChange } from './editing/map-sync/edit-changes.js';
import { useEditFrameHold } from './editing/map-sync/edit-frame-hold.js';
import { useSessionValue } from './editing/ui/useSessionStore.js';
import { selectedFidsOf } from './io/import-helpers.js';
import { HoverTooltip } from './map/HoverTooltip.js';
import { MapView } from './map/MapView.js';
import { useTiledLayers, useTiledSelection } from './map/tiled-layer/use-tiled-layers.js';
import { MeetingMode } from './meeting/MeetingMode.js';
import { Attribution } from './panels/Attribution.js';
import { ErrorDialog } from './panels/ErrorDialog.js';
import { FeaturePanel } from './panels/FeaturePanel.js';
import { LayerPanel } from './panels/LayerPanel.js';
import { StatusBar } from './panels/StatusBar.js';
import { TopBar } from './panels/TopBar.js';
import { useReportError } from './state/errors.js';
import { FeatureCache, type FeatureRef } from './state/feature-cache.js';
import { useLayerGeometries } from './state/geometry-cache.js';
import { requestZoomTo } from './state/map-stores.js';
import { useJobs } from './state/jobs.js';
import { layersTopFirst, useLayerEditing } from './state/useLayerEditing.js';
import { useWorkspace } from './state/useWorkspace.js';
import type { LayerInfo } from '../../shared/contract/schemas.js';
import { ExportLayerDialog } from './io/ExportLayerDialog.js';
import { ImportDialog } from './io/ImportDialog.js';
import { primaryPath } from './io/import-helpers.js';
import { useFileDrop } from './io/useFileDrop.js';
import { SchemeMenu } from './schemes/SchemeMenu.js';
import { ScreenIcon } from './schemes/icons.js';

export function App() {
  const { t } = useTranslation();
  const client = useClient();
  const report = useReportError();
  const { info, setInfo, status, adopt } = useWorkspace(client, report);
  // Path + creation time: reopening the same file after it was recreated must not reuse cached geometry.
  const workspaceKey = info ? `${info.path}|${info.createdAt}` : null;

  const layers = useMemo(() => (info ? layersTopFirst(info.layers) : []), [info]);
  // Big layers are drawn from tiles, the one being edited too (docs/scale.md); a small edited layer is drawn exact.
  const [editLayerId, setEditLayerId] = useState<number | null>(null);
  const editChange = useCallback((layerId: number, revision: number) => peekChange(workspaceKey, layerId, revision), [workspaceKey]);
  const tiling = useTiledLayers(client, workspaceKey, layers, report, { editChange });
  const holdFrames = useEditFrameHold(tiling.sources, editLayerId);
  const { geometries, loading } = useLayerGeometries(client, workspaceKey, tiling.whole, report);
  const { updateLayer, reorderLayers } = useLayerEditing(client, setInfo, report);
  const editing = useEditSession({ client, workspaceKey, srid: info?.srid ?? null, layers, geometries, setInfo, report });
  useEffect(() => {
    const sync = () => setEditLayerId(editing.session.settings().layerId);
    sync();
    return editing.session.settingsStore.subscribe(sync);
  }, [editing.session]);
  // Attributes differ between schemes: a switch starts a fresh cache.
  const schemeId = info?.scheme.id ?? null;
  const featureCache = useMemo(() => new FeatureCache(client), [client, workspaceKey, schemeId]);
  const jobs = useJobs(client);
  const checks = useChecks(client, workspaceKey, report);
  const [panel, setPanel] = useState<PanelTab | null>(null);
  const [meeting, setMeeting] = useState(false);
  const findings = useFindingsView(checks.page, panel === 'checks' || meeting);
  const projects = useProjects(client, info, report, panel === 'projects');
  const overlays = useMemo(() => [...findings.overlays, ...projects.overlays], [findings.overlays, projects.overlays]);
  const compare = useCompare({
    client, info, workspaceKey, enabled: Boolean(info) && (panel === 'compare' || meeting), activeLayers: layers, activeGeometries: geometries, report,
  });
  const comparing = panel === 'compare' && compare.pair !== null;
  const locked = info?.scheme.locked ? info.scheme.name : null;

  // Another scheme (or a merge into this one): its own history; a locked scheme is not edited.
  const editCount = info?.scheme.editCount;
  useEffect(() => {
    setSelection(null);
    void editing.session.refreshHistory();
  }, [schemeId, editing.session]);
  useEffect(() => void editing.session.refreshHistory(), [editCount, editing.session]);
  useEffect(() => {
    if (locked !== null || comparing || meeting) editing.session.setEditLayer(null);
  }, [locked, comparing, meeting, editing.session]);

  // F11 toggles the meeting-room mode (the mode itself leaves on Esc).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F11' || !info) return;
      e.preventDefault();
      setMeeting((m) => !m);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [info]);
  // The mode fills the window; OS full screen is its own button there (asking for it here hung clicks under test).
  const enterMeeting = useCallback(() => setMeeting(true), []);
  const exitMeeting = useCallback(() => {
    setMeeting(false);
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
  }, []);

  const [selection, setSelection] = useState<FeatureRef | null>(null);
  /** The map's multi-selection (select tool: click, shift-click, box), exported as 所选 (n) with the clicked feature. */
  const editSelection = useSessionValue(editing.session.selectionStore);
  const [site, setSite] = useState<FeatureRef | null>(null);
  const selectionGeometry = useTiledSelection(client, selection, tiling.sources);
  useEffect(() => {
    setSelection(null);
    setSite(null);
  }, [workspaceKey]);
  const closeSite = useCallback(() => setSite(null), []);
  // A candidate plot picked in the site report: select it and show it on the map.
  const showFeature = useCallback(
    (feature: FeatureRef) => {
      setSelection(feature);
      featureCache.get(feature).then((d) => requestZoomTo(d.bbox), report);
    },
    [featureCache, report],
  );
  const closeFeature = useCallback(() => setSelection(null), []);
  const cancelJob = useCallback(
    (jobId: string) => void client.api['jobs.cancel']({ jobId }).catch(report),
    [client, report],
  );

  // Import: from the layer panel, or files dropped anywhere on the window (uploaded first in browser mode).
  const [importing, setImporting] = useState<{ path: string | null } | null>(null);
  const [exporting, setExporting] = useState<LayerInfo | null>(null);
  const dropping = useFileDrop(info !== null, useCallback(async (files: File[]) => {
    if (!client.filePaths) return;
    try {
      setImporting({ path: primaryPath(await client.filePaths(files)) });
    } catch (e) {
      report(e);
    }
  }, [client, report]));
  const imported = useCallback((layer: LayerInfo) => {
    if (layer.extent) requestZoomTo(layer.extent);
  }, []);

  useEffect(() => {
    document.title = info ? `${info.name} — ${t('app.title')}` : t('app.title');
  }, [info, t]);

  if (meeting && info) {
    return (
      <>
        <MeetingMode
          info={info}
          workspaceKey={workspaceKey}
          compare={compare}
          layersTopFirst={layers}
          geometries={geometries}
          tiled={tiling.sources}
          findingOverlays={findings.overlays}
          findings={findings.shown}
          selectedFinding={findings.selected}
          onSelectFinding={findings.select}
          onExit={exitMeeting}
        />
        <ErrorDialog />
      </>
    );
  }

  return (
    <div className="app">
      <TopBar
        info={info}
        adopt={adopt}
        panel={panel}
        onPanel={(tab) => setPanel((p) => (p === tab ? null : tab))}
        schemes={info && (
          <>
            <SchemeMenu info={info} onActivated={(ws) => setInfo(() => ws)} onCompare={() => setPanel('compare')} />
            <button type="button" className="meeting-button" onClick={enterMeeting} title={t('meeting.hint')} data-testid="open-meeting">
              <ScreenIcon /> {t('meeting.button')}
            </button>
          </>
        )}
      />
      <div className="workarea">
        <LayerPanel
          layersTopFirst={layers}
          geometries={geometries}
          classCounts={tiling.classCounts}
          loading={loading}
          onUpdate={updateLayer}
          onReorder={(ids) => void reorderLayers(ids)}
          onImport={info ? () => setImporting({ path: null }) : undefined}
          onExport={info ? setExporting : undefined}
        />
        <div className="center-column">
          {comparing ? (
            <CompareMaps workspaceKey={workspaceKey} extent={info?.extent ?? null} compare={compare} schemes={info?.schemes ?? []} view={compare.view} />
          ) : (
          <MapView
            workspaceKey={workspaceKey}
            extent={info?.extent ?? null}
            layersTopFirst={layers}
            geometries={geometries}
            selection={selection}
            onSelect={setSelection}
            overlays={overlays}
            interaction={editing.interaction}
            tiled={tiling.sources}
            planned={tiling.planned}
            holdFrames={holdFrames}
            selectionGeometry={selectionGeometry}
            exactLayerId={editLayerId}
          >
            <HoverTooltip layers={layers} featureCache={featureCache} />
            {info && <EditToolbar session={editing.session} layers={layers} lockedScheme={locked} />}
            <Attribution lines={info?.attribution ?? []} />
            {status === 'loading' && <div className="map-overlay">{t('app.loading')}</div>}
            {selection && (
              <FeaturePanel
                selection={selection}
                layer={layers.find((l) => l.id === selection.layerId)}
                featureCache={featureCache}
                onClose={closeFeature}
                report={report}
                onSiteCheck={setSite}
              />
            )}
          </MapView>
          )}
          {panel && info && (
            <BottomPanel tab={panel} onTab={setPanel} onClose={() => setPanel(null)}>
              {panel === 'checks' ? (
                <FindingsTab
                  key={workspaceKey}
                  info={info}
                  checks={checks}
                  facets={findings.facets}
                  filter={findings.filter}
                  onFilter={findings.setFilter}
                  shown={findings.shown}
                  selected={findings.selected}
                  onSelect={findings.select}
                />
              ) : panel === 'compare' ? (
                <CompareTab info={info} compare={compare} onMeeting={enterMeeting} />
              ) : panel === 'stats' ? (
                <StatsTab run={checks.run} />
              ) : (
                <ProjectsTab key={workspaceKey} info={info} projects={projects} />
              )}
            </BottomPanel>
          )}
        </div>
      </div>
      <StatusBar srid={info?.srid ?? null} jobs={jobs} onCancelJob={cancelJob} extra={<EditStatusItems session={editing.session} />} />
      <AttributeFormHost session={editing.session} />
      {site && info && <SiteReport info={info} site={site} onSelectFeature={showFeature} onClose={closeSite} />}
      {importing && info && <ImportDialog key={importing.path ?? ''} initialPath={importing.path} onClose={() => setImporting(null)} onImported={imported} />}
      {exporting && info && (
        <ExportLayerDialog info={info} layer={exporting} onClose={() => setExporting(null)}
          selectedFids={selectedFidsOf(exporting.id, editSelection, selection)} />
      )}
      {dropping && <div className="drop-overlay" data-testid="drop-overlay">{t('io.dropHere')}</div>}
      <ErrorDialog />
    </div>
  );
}
