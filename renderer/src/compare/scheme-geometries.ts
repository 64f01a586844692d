// What a compare view draws for one scheme: the layers as that scheme sees them (its tables and revisions, from
// schemes.layers) with the styles, order and visibility of the layer panel, and their geometry. A layer whose
// revision is the one the main map holds (every layer the draft has not edited) reuses the main map's geometry;
// the others are fetched for that scheme (layers.geometry with `scheme`) and kept by revision, which is unique
// across the workspace's tables, so nothing is fetched twice.
import { useEffect, useMemo, useState } from 'react';
import type { LayerGeometry, LayerInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';

const MAX_CACHED = 24;
const cache = new Map<string, Promise<LayerGeometry>>();

function fetchGeometry(client: WorkbenchClient, workspaceKey: string | null, layer: LayerInfo, scheme: number): Promise<LayerGeometry> {
  const key = `${workspaceKey}|${layer.id}|${layer.revision}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = client.api['layers.geometry']({ layerId: layer.id, scheme });
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  return entry;
}

/** The layers of `scheme` (null while loading); refetched whenever the workspace info changes (edits, switches). */
export function useSchemeLayers(client: WorkbenchClient, info: WorkspaceInfo | null, scheme: number | null, report: (e: unknown) => void): LayerInfo[] | null {
  const [layers, setLayers] = useState<{ scheme: number; layers: LayerInfo[] } | null>(null);
  useEffect(() => {
    if (!info || scheme === null) return;
    let cancelled = false;
    // The active scheme's layers are in the info already.
    if (scheme === info.scheme.id) {
      setLayers({ scheme, layers: info.layers });
      return;
    }
    client.api['schemes.layers']({ id: scheme }).then((ls) => {
      if (cancelled) return;
      // Panel state (visibility, style, order, opacity) is the workspace's, shown as the layer panel has it now.
      const panel = new Map(info.layers.map((l) => [l.id, l]));
      setLayers({
        scheme,
        layers: ls.map((l) => {
          const p = panel.get(l.id);
          return p ? { ...l, visible: p.visible, opacity: p.opacity, style: p.style, sortOrder: p.sortOrder } : l;
        }),
      });
    }, (e: unknown) => !cancelled && report(e));
    return () => {
      cancelled = true;
    };
  }, [client, info, scheme, report]);
  return layers && layers.scheme === scheme ? layers.layers : null;
}

/** Geometry of the visible layers of `scheme` (`layers` as useSchemeLayers gives them), by layer id. */
export function useSchemeGeometries(params: {
  client: WorkbenchClient;
  workspaceKey: string | null;
  scheme: number | null;
  layers: readonly LayerInfo[] | null;
  /** The main map's layers and geometry (the active scheme). */
  activeLayers: readonly LayerInfo[];
  activeGeometries: ReadonlyMap<number, LayerGeometry>;
  report: (e: unknown) => void;
}): ReadonlyMap<number, LayerGeometry> {
  const { client, workspaceKey, scheme, layers, activeLayers, activeGeometries, report } = params;
  const [own, setOwn] = useState<ReadonlyMap<string, LayerGeometry>>(new Map());

  const activeRevision = useMemo(() => new Map(activeLayers.map((l) => [l.id, l.revision])), [activeLayers]);
  const needed = useMemo(
    () => (layers ?? []).filter((l) => l.visible && l.featureCount > 0 && activeRevision.get(l.id) !== l.revision),
    [layers, activeRevision],
  );

  useEffect(() => {
    if (scheme === null) return;
    let cancelled = false;
    for (const layer of needed) {
      const key = `${workspaceKey}|${layer.id}|${layer.revision}`;
      fetchGeometry(client, workspaceKey, layer, scheme).then(
        (g) => !cancelled && setOwn((prev) => (prev.get(key) === g ? prev : new Map(prev).set(key, g))),
        (e: unknown) => !cancelled && report(e),
      );
    }
    return () => {
      cancelled = true;
    };
  }, [client, workspaceKey, scheme, needed, report]);

  return useMemo(() => {
    const out = new Map<number, LayerGeometry>();
    for (const l of layers ?? []) {
      if (!l.visible) continue;
      const g = activeRevision.get(l.id) === l.revision ? activeGeometries.get(l.id) : own.get(`${workspaceKey}|${l.id}|${l.revision}`);
      if (g) out.set(l.id, g);
    }
    return out;
  }, [layers, activeRevision, activeGeometries, own, workspaceKey]);
}
