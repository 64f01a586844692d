// Geometry is the heavy part of a layer (megabytes of typed arrays): fetch it once per layer and keep it while the
// workspace stays open. The layer's revision is part of the key so an edit, an undo or an import brings it up to
// date (the feature count alone misses a moved vertex): after an edit the previous revision is patched with the
// features the edit changed (editing/map-sync), otherwise the layer is fetched again. Until the new revision is
// there the map keeps showing the previous one, and older revisions are dropped once a newer one has loaded.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LayerGeometry, LayerInfo } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';
import { loadLayerGeometry } from '../editing/map-sync/edit-changes.js';

// The workspace is part of the key: layer ids restart at 1 in every workspace, so a stale entry must never match.
const keyOf = (workspaceKey: string | null, layer: Pick<LayerInfo, 'id' | 'featureCount' | 'revision'>) =>
  `${workspaceKey}|${layer.id}:${layer.featureCount}:${layer.revision}`;

interface Entry {
  layerId: number;
  revision: number;
  geometry: LayerGeometry;
}

export function useLayerGeometries(
  client: WorkbenchClient,
  workspaceKey: string | null,
  layers: readonly LayerInfo[],
  report: (e: unknown) => void,
) {
  // A fresh cache per workspace, so the previous workspace's geometry can be garbage-collected.
  const requested = useMemo(() => new Map<string, { layerId: number; revision: number; request: Promise<LayerGeometry> }>(), [workspaceKey]);
  const [loaded, setLoaded] = useState<ReadonlyMap<string, Entry>>(new Map());

  useEffect(() => setLoaded(new Map()), [workspaceKey]);

  const previous = useCallback(
    (layerId: number) => (revision: number) => {
      for (const r of requested.values()) if (r.layerId === layerId && r.revision === revision) return r.request;
      return undefined;
    },
    [requested],
  );

  useEffect(() => {
    for (const layer of layers) {
      if (!layer.visible || layer.featureCount === 0) continue;
      const key = keyOf(workspaceKey, layer);
      if (requested.has(key)) continue;
      const request = loadLayerGeometry(client, workspaceKey, layer, previous(layer.id));
      requested.set(key, { layerId: layer.id, revision: layer.revision, request });
      request.then(
        (geometry) => {
          // Older revisions of this layer are no longer needed (nor their requests: a patch starts from this one).
          // (Revisions of a layer grow with every edit; after a scheme switch the other scheme's version may stay
          // cached beside this one until the next edit of the layer: at most two.)
          for (const [k, r] of requested) if (r.layerId === layer.id && r.revision < layer.revision) requested.delete(k);
          setLoaded((prev) => {
            const next = new Map(prev);
            for (const [k, e] of next) if (e.layerId === layer.id && e.revision < layer.revision) next.delete(k);
            return next.set(key, { layerId: layer.id, revision: layer.revision, geometry });
          });
        },
        (e) => {
          requested.delete(key);
          report(e);
        },
      );
    }
  }, [client, workspaceKey, layers, requested, report, previous]);

  return useMemo(() => {
    const byLayerId = new Map<number, LayerGeometry>();
    const loading = new Set<number>();
    for (const layer of layers) {
      const key = keyOf(workspaceKey, layer);
      const entry = loaded.get(key);
      if (entry) {
        byLayerId.set(layer.id, entry.geometry);
        continue;
      }
      if (requested.has(key)) loading.add(layer.id);
      // While a newer revision loads, keep drawing the newest one there is (no flicker after an edit).
      let newest: Entry | undefined;
      for (const e of loaded.values()) if (e.layerId === layer.id && e.revision < layer.revision && (!newest || e.revision > newest.revision)) newest = e;
      if (newest && layer.visible) byLayerId.set(layer.id, newest.geometry);
    }
    return { geometries: byLayerId, loading };
  }, [workspaceKey, layers, loaded, requested]);
}
