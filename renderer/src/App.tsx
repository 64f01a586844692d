import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from './api/ClientContext.js';
import { BottomPanel, type PanelTab } from './checks/BottomPanel.js';
import { FindingsTab } from './checks/FindingsTab.js';
import { SiteReport } from './checks/SiteReport.js';
import { StatsTab } from './checks/StatsTab.js';
import { useChecks } from './checks/useChecks.js';
import { useFindingsView } from './checks/useFindingsView.js';
import { AttributeFormHost } from './editing/ui/AttributeForm.js';
import { EditStatusItems } from './editing/ui/EditStatusItems.js';
import { EditToolbar } from './editing/ui/EditToolbar.js';
import { useEditSession } from './editing/useEditSession.js';
import { HoverTooltip } from './map/HoverTooltip.js';
import { MapView } from './map/MapView.js';
import { useTiledLayers, useTiledSelection } from './map/tiled-layer/use-tiled-layers.js';
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

export function App() {
  const { t } = useTranslation();
  const client = useClient();
  const report = useReportError();
  const { info, setInfo, status, adopt } = useWorkspace(client, report);
  // Path + creation time: reopening the same file after it was recreated must not reuse cached geometry.
  const workspaceKey = info ? `${info.path}|${info.createdAt}` : null;

  const layers = useMemo(() => (info ? layersTopFirst(info.layers) : []), [info]);
  // Big layers are drawn from tiles, except the one being edited (docs/scale.md).
  const [editLayerId, setEditLayerId] = useState<number | null>(null);
  const tiling = useTiledLayers(client, workspaceKey, layers, editLayerId, report);
  const { geometries, loading } = useLayerGeometries(client, workspaceKey, tiling.whole, report);
  const { updateLayer, reorderLayers } = useLayerEditing(client, setInfo, report);
  const editing = useEditSession({ client, workspaceKey, srid: info?.srid ?? null, layers, geometries, setInfo, report });
  useEffect(() => {
    const sync = () => setEditLayerId(editing.session.settings().layerId);
    sync();
    return editing.session.settingsStore.subscribe(sync);
  }, [editing.session]);
  const featureCache = useMemo(() => new FeatureCache(client), [client, workspaceKey]);
  const jobs = useJobs(client);
  const checks = useChecks(client, workspaceKey, report);
  const [panel, setPanel] = useState<PanelTab | null>(null);
  const findings = useFindingsView(checks.page, panel === 'checks');

  const [selection, setSelection] = useState<FeatureRef | null>(null);
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

  useEffect(() => {
    document.title = info ? `${info.name} — ${t('app.title')}` : t('app.title');
  }, [info, t]);

  return (
    <div className="app">
      <TopBar info={info} adopt={adopt} panel={panel} onPanel={(tab) => setPanel((p) => (p === tab ? null : tab))} />
      <div className="workarea">
        <LayerPanel
          layersTopFirst={layers}
          geometries={geometries}
          classCounts={tiling.classCounts}
          loading={loading}
          onUpdate={updateLayer}
          onReorder={(ids) => void reorderLayers(ids)}
        />
        <div className="center-column">
          <MapView
            workspaceKey={workspaceKey}
            extent={info?.extent ?? null}
            layersTopFirst={layers}
            geometries={geometries}
            selection={selection}
            onSelect={setSelection}
            overlays={findings.overlays}
            interaction={editing.interaction}
            tiled={tiling.sources}
            selectionGeometry={selectionGeometry}
          >
            <HoverTooltip layers={layers} featureCache={featureCache} />
            {info && <EditToolbar session={editing.session} layers={layers} />}
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
              ) : (
                <StatsTab run={checks.run} />
              )}
            </BottomPanel>
          )}
        </div>
      </div>
      <StatusBar srid={info?.srid ?? null} jobs={jobs} onCancelJob={cancelJob} extra={<EditStatusItems session={editing.session} />} />
      <AttributeFormHost session={editing.session} />
      {site && info && <SiteReport info={info} site={site} onSelectFeature={showFeature} onClose={closeSite} />}
      <ErrorDialog />
    </div>
  );
}
