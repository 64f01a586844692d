// A comparison of two schemes as the UI holds it: which two (from A to B), the layers taking part, the view
// (change overlay on one map, swipe, side by side), the comparison itself (schemes.diff, computed again when either
// scheme's layers change), the change selected, and what each side draws.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LayerGeometry, LayerInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import type { SchemeChange, SchemeDiff } from '../../../shared/contract/schemes.js';
import type { WorkbenchClient } from '../api/client.js';
import { contextBbox } from '../checks/useFindingsView.js';
import type { ChangeLayerInput } from '../map/change-overlay/change-layers.js';
import type { TileSource } from '../map/tiled-layer/tile-source.js';
import { useTiledLayers } from '../map/tiled-layer/use-tiled-layers.js';
import { requestZoomTo } from '../state/map-stores.js';
import { layersTopFirst } from '../state/useLayerEditing.js';
import { defaultPair } from './diff-table.js';
import { useSchemeGeometries, useSchemeLayers } from './scheme-geometries.js';

const NONE: readonly LayerInfo[] = [];

export type CompareViewMode = 'overlay' | 'swipe' | 'sideBySide';
export const COMPARE_VIEWS: readonly CompareViewMode[] = ['swipe', 'sideBySide', 'overlay'];

export interface CompareSide {
  scheme: number;
  /** Top first, only the layers taking part. */
  layers: LayerInfo[];
  geometries: ReadonlyMap<number, LayerGeometry>;
  /** Big layers of this scheme drawn from its tiles (docs/scale.md); they have no geometry here. */
  tiled: ReadonlyMap<number, TileSource>;
}

export interface CompareState {
  pair: { from: number; to: number } | null;
  setPair(pair: { from: number; to: number }): void;
  /** Layers left out of the views, the table and the list (toggled off). */
  excluded: ReadonlySet<number>;
  toggleLayer(layerId: number): void;
  view: CompareViewMode;
  setView(view: CompareViewMode): void;
  /** Divider of the swipe view, 0–1 from the left. */
  swipe: number;
  setSwipe(fraction: number): void;
  showChanges: boolean;
  setShowChanges(show: boolean): void;
  diff: SchemeDiff | null;
  computing: boolean;
  refresh(): void;
  /** Changes of the layers taking part, largest first. */
  changes: SchemeChange[];
  selected: SchemeChange | null;
  select(change: SchemeChange | null): void;
  /** The layers of both schemes that compare takes part in (polygon layers with a table in the comparison). */
  layerChoices: LayerInfo[];
  a: CompareSide | null;
  b: CompareSide | null;
  /** What each compare map draws over its layers (each map builds its own deck.gl layers from it); null: nothing. */
  changeOverlay: ChangeLayerInput | null;
  /** The layers taking part's changes by id, for picking (null: all). */
  shownIds: ReadonlySet<number> | null;
}

export function useCompare(params: {
  client: WorkbenchClient;
  info: WorkspaceInfo | null;
  workspaceKey: string | null;
  enabled: boolean;
  activeLayers: readonly LayerInfo[];
  activeGeometries: ReadonlyMap<number, LayerGeometry>;
  report: (e: unknown) => void;
}): CompareState {
  const { client, info, workspaceKey, enabled, activeLayers, activeGeometries, report } = params;
  const [pair, setPairState] = useState<{ from: number; to: number } | null>(null);
  const [excluded, setExcluded] = useState<ReadonlySet<number>>(new Set());
  const [view, setView] = useState<CompareViewMode>('swipe');
  const [swipe, setSwipe] = useState(0.5);
  const [showChanges, setShowChanges] = useState(true);
  const [diff, setDiff] = useState<SchemeDiff | null>(null);
  const [computing, setComputing] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [refreshCount, setRefreshCount] = useState(0);

  // Another workspace: start over.
  useEffect(() => {
    setPairState(null);
    setDiff(null);
    setExcluded(new Set());
  }, [workspaceKey]);

  // A pair as soon as compare opens (or when a scheme of the pair was deleted).
  useEffect(() => {
    if (!enabled || !info) return;
    const ids = new Set(info.schemes.map((s) => s.id));
    if (pair && ids.has(pair.from) && ids.has(pair.to) && pair.from !== pair.to) return;
    setPairState(defaultPair(info.schemes, info.scheme));
  }, [enabled, info, pair]);

  const layersA = useSchemeLayers(client, enabled ? info : null, pair?.from ?? null, report);
  const layersB = useSchemeLayers(client, enabled ? info : null, pair?.to ?? null, report);
  const revisions = (ls: LayerInfo[] | null) => (ls ? ls.map((l) => `${l.id}:${l.revision}`).join(',') : null);
  const signature = pair && layersA && layersB ? `${pair.from}>${pair.to}|${revisions(layersA)}|${revisions(layersB)}|${refreshCount}` : null;

  useEffect(() => {
    if (!enabled || !pair || !signature) return;
    let cancelled = false;
    setComputing(true);
    client.api['schemes.diff']({ from: pair.from, to: pair.to }).then(
      (d) => {
        if (cancelled) return;
        setDiff(d);
        setSelectedId((id) => (id !== null && d.changes.some((c) => c.id === id) ? id : null));
      },
      (e: unknown) => !cancelled && report(e),
    ).finally(() => !cancelled && setComputing(false));
    return () => {
      cancelled = true;
    };
    // The signature holds the pair and both schemes' revisions.
  }, [client, enabled, signature, report]);

  const currentDiff = diff && pair && diff.from.id === pair.from && diff.to.id === pair.to ? diff : null;
  const changes = useMemo(() => (currentDiff?.changes ?? []).filter((c) => !excluded.has(c.layerId)), [currentDiff, excluded]);
  const shownIds = useMemo(() => (excluded.size ? new Set(changes.map((c) => c.id)) : null), [changes, excluded]);
  const selected = changes.find((c) => c.id === selectedId) ?? null;

  const layerChoices = useMemo(
    () => layersTopFirst((layersB ?? activeLayers).filter((l) => /POLYGON/i.test(l.geometryType))),
    [layersB, activeLayers],
  );

  const side = (scheme: number | undefined, layers: LayerInfo[] | null, geometries: ReadonlyMap<number, LayerGeometry>, tiled: ReadonlyMap<number, TileSource>): CompareSide | null =>
    scheme === undefined || !layers ? null : { scheme, layers: layersTopFirst(layers.filter((l) => !excluded.has(l.id))), geometries, tiled };
  // Big layers come as tiles of each scheme's own tables, as on the main map; only the others are fetched whole.
  const tilingA = useTiledLayers(client, workspaceKey, enabled ? (layersA ?? NONE) : NONE, report, { scheme: pair?.from });
  const tilingB = useTiledLayers(client, workspaceKey, enabled ? (layersB ?? NONE) : NONE, report, { scheme: pair?.to });
  const geometriesA = useSchemeGeometries({ client, workspaceKey, scheme: pair?.from ?? null, layers: enabled && layersA ? tilingA.whole : null, activeLayers, activeGeometries, report });
  const geometriesB = useSchemeGeometries({ client, workspaceKey, scheme: pair?.to ?? null, layers: enabled && layersB ? tilingB.whole : null, activeLayers, activeGeometries, report });
  const a = useMemo(() => side(pair?.from, layersA, geometriesA, tilingA.sources), [pair, layersA, geometriesA, tilingA.sources, excluded]);
  const b = useMemo(() => side(pair?.to, layersB, geometriesB, tilingB.sources), [pair, layersB, geometriesB, tilingB.sources, excluded]);

  const changeOverlay = useMemo<ChangeLayerInput | null>(
    () => (enabled && showChanges && currentDiff
      ? { geometry: currentDiff.geometry, changes: currentDiff.changes, shown: shownIds, selectedId: selected?.id ?? null }
      : null),
    [enabled, showChanges, currentDiff, shownIds, selected],
  );

  const setPair = useCallback((next: { from: number; to: number }) => {
    setPairState(next);
    setSelectedId(null);
  }, []);
  const toggleLayer = useCallback((layerId: number) => {
    setExcluded((prev) => {
      const next = new Set(prev);
      if (next.has(layerId)) next.delete(layerId);
      else next.add(layerId);
      return next;
    });
  }, []);
  const select = useCallback((change: SchemeChange | null) => {
    setSelectedId(change?.id ?? null);
    if (change?.bbox) requestZoomTo(contextBbox(change.bbox), 300);
  }, []);
  const refresh = useCallback(() => setRefreshCount((n) => n + 1), []);

  return {
    pair, setPair, excluded, toggleLayer, view, setView, swipe, setSwipe: (f) => setSwipe(Math.min(1, Math.max(0, f))), showChanges, setShowChanges,
    diff: currentDiff, computing, refresh, changes, selected, select, layerChoices, a, b, changeOverlay, shownIds,
  };
}
