// Land-consolidation projects as the UI sees them: the list, the reports computed so far (main computes them in a
// worker), the selected project with its sub-zones on the map, the features that decide a clicked indicator or rule,
// and the roll-ups of "compute all". When a layer the indicators read changes (an edit, undo, redo), the reports
// are dropped and the selected project is computed again, so the card follows the drawing.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Layer } from '@deck.gl/core';
import type { FeatureLink, ProjectCheckResult, ProjectList, ProjectReport } from '../../../shared/contract/consolidation.js';
import type { LayerGeometry, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';
import { featureRings } from '../map/selection-highlight/feature-rings.js';
import { requestZoomTo } from '../state/map-stores.js';
import { contextBbox } from '../checks/useFindingsView.js';
import { buildProjectLayers, ringsBbox } from './project-overlay.js';

/** The layers whose changes change the indicators. */
const INPUT_KINDS = new Set(['project_area', 'project_subzone', 'landuse', 'permanent_farmland', 'eco_redline', 'urban_boundary']);

export function inputRevision(info: WorkspaceInfo | null): string {
  if (!info) return '';
  return info.layers.filter((l) => INPUT_KINDS.has(l.kind)).map((l) => `${l.id}:${l.revision}`).join(',');
}

export interface ProjectFilter { town: string; status: string; type: string }
export const NO_PROJECT_FILTER: ProjectFilter = { town: '', status: '', type: '' };

export interface Highlight { key: string; features: FeatureLink[] }

export interface ProjectsState {
  list: ProjectList | null;
  reports: ReadonlyMap<string, ProjectReport>;
  rollups: ProjectCheckResult['rollups'] | null;
  selected: string | null;
  select(code: string | null): void;
  busy: boolean;
  /** A change is waiting for its recomputation. */
  stale: boolean;
  check(codes?: string[]): Promise<void>;
  highlight: Highlight | null;
  setHighlight(h: Highlight | null): void;
  overlays: Layer[];
  refreshAfterRules(): void;
}

export function useProjects(client: WorkbenchClient, info: WorkspaceInfo | null, report: (e: unknown) => void, active: boolean): ProjectsState {
  const workspaceKey = info ? `${info.path}|${info.createdAt}` : null;
  const revision = inputRevision(info);
  const [list, setList] = useState<ProjectList | null>(null);
  const [reports, setReports] = useState<Map<string, ProjectReport>>(new Map());
  const [rollups, setRollups] = useState<ProjectCheckResult['rollups'] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(0);
  const [highlight, setHighlightState] = useState<Highlight | null>(null);
  const [highlightRings, setHighlightRings] = useState<Float64Array[]>([]);
  const [geometry, setGeometry] = useState<{ code: string; subzones: LayerGeometry | null; area: LayerGeometry | null } | null>(null);
  const revisionRef = useRef(revision);
  revisionRef.current = revision;
  const [computedAt, setComputedAt] = useState('');

  // Another workspace: start afresh.
  useEffect(() => {
    setList(null);
    setReports(new Map());
    setRollups(null);
    setSelected(null);
    setHighlightState(null);
    setGeometry(null);
  }, [workspaceKey]);

  // The list, whenever the panel is open and the inputs changed.
  useEffect(() => {
    if (!workspaceKey || !active) return;
    let cancelled = false;
    client.api['projects.list']({}).then((l) => !cancelled && setList(l), (e: unknown) => !cancelled && report(e));
    return () => {
      cancelled = true;
    };
  }, [client, workspaceKey, revision, active, report]);

  const check = useCallback(async (codes?: string[]) => {
    const startedAt = revisionRef.current;
    setBusy((n) => n + 1);
    try {
      const result = await client.api['projects.check'](codes ? { codes } : {});
      // Computed on data that has changed since: the next recomputation will bring the right numbers.
      if (revisionRef.current !== startedAt) return;
      setReports((prev) => {
        const next = new Map(prev);
        for (const r of result.reports) next.set(r.project.code, r);
        return next;
      });
      if (!codes) setRollups(result.rollups);
      setComputedAt(startedAt);
    } catch (e) {
      report(e);
    } finally {
      setBusy((n) => n - 1);
    }
  }, [client, report]);

  // The inputs changed: what was computed is out of date; compute the selected project again.
  const lastRevision = useRef(revision);
  useEffect(() => {
    if (lastRevision.current === revision) return;
    lastRevision.current = revision;
    setReports(new Map());
    setRollups(null);
  }, [revision]);

  const selectedReport = selected ? reports.get(selected) ?? null : null;
  const inFlight = useRef(new Set<string>());
  useEffect(() => {
    if (!active || !selected || selectedReport || !list?.projects.some((p) => p.code === selected)) return;
    // Once per project and revision (the list reloading must not start a second computation of the same thing).
    const key = `${revision}|${selected}`;
    if (inFlight.current.has(key)) return;
    inFlight.current.add(key);
    void check([selected]).finally(() => inFlight.current.delete(key));
  }, [active, selected, selectedReport, list, check, revision]);

  const select = useCallback((code: string | null) => {
    setSelected(code);
    setHighlightState(null);
    const p = code ? list?.projects.find((x) => x.code === code) : null;
    if (p?.bbox) requestZoomTo(contextBbox(p.bbox, 0.01), 400);
  }, [list]);

  // The selected project's sub-zones and outline, for the map.
  useEffect(() => {
    if (!selectedReport || !list) {
      setGeometry(null);
      return;
    }
    let cancelled = false;
    const fids = selectedReport.subzones.map((z) => z.fid);
    const subLayer = selectedReport.subzoneLayerId;
    Promise.all([
      subLayer !== null && fids.length ? client.api['layers.featuresGeometry']({ layerId: subLayer, fids }) : Promise.resolve(null),
      client.api['layers.featuresGeometry']({ layerId: selectedReport.project.layerId, fids: selectedReport.project.fids }),
    ]).then(([subzones, area]) => !cancelled && setGeometry({ code: selectedReport.project.code, subzones, area }), (e: unknown) => !cancelled && report(e));
    return () => {
      cancelled = true;
    };
  }, [client, selectedReport, list, report]);

  // The features deciding the clicked row: fetched per layer, outlined and shown.
  useEffect(() => {
    if (!highlight || !highlight.features.length) {
      setHighlightRings([]);
      return;
    }
    let cancelled = false;
    const byLayer = new Map<number, number[]>();
    for (const f of highlight.features) byLayer.set(f.layerId, [...(byLayer.get(f.layerId) ?? []), f.fid]);
    Promise.all([...byLayer].map(([layerId, fids]) => client.api['layers.featuresGeometry']({ layerId, fids }).then((g) => ({ g, fids }))))
      .then((answers) => {
        if (cancelled) return;
        const rings = answers.flatMap(({ g, fids }) => fids.flatMap((fid) => featureRings(g, fid)));
        setHighlightRings(rings);
        const b = ringsBbox(rings);
        if (b) requestZoomTo(contextBbox(b, 0.004), 300);
      }, (e: unknown) => !cancelled && report(e));
    return () => {
      cancelled = true;
    };
  }, [client, highlight, report]);

  const kindOf = useMemo(() => new Map(selectedReport?.subzones.map((z) => [z.fid, z.kind]) ?? []), [selectedReport]);
  const overlays = useMemo<Layer[]>(() => {
    if (!active || !geometry || geometry.code !== selected) return [];
    return buildProjectLayers({ subzones: geometry.subzones, area: geometry.area, kindOf, highlight: highlightRings });
  }, [active, geometry, selected, kindOf, highlightRings]);

  const refreshAfterRules = useCallback(() => {
    setReports(new Map());
    setRollups(null);
  }, []);

  return {
    list, reports, rollups, selected, select, busy: busy > 0, stale: computedAt !== revision && busy > 0, check,
    highlight, setHighlight: setHighlightState, overlays, refreshAfterRules,
  };
}
