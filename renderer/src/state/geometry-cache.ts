// Geometry is the heavy part of a layer (megabytes of typed arrays): fetch it once per layer and keep it while the
// workspace stays open. The layer's revision is part of the key so an edit, an undo or an import refetches it (the
// feature count alone misses a moved vertex).
import { useEffect, useMemo, useState } from 'react';
import type { LayerGeometry, LayerInfo } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';

// The workspace is part of the key: layer ids restart at 1 in every workspace, so a stale entry must never match.
const keyOf = (workspaceKey: string | null, layer: Pick<LayerInfo, 'id' | 'featureCount' | 'revision'>) =>
  `${workspaceKey}|${layer.id}:${layer.featureCount}:${layer.revision}`;

export function useLayerGeometries(
  client: WorkbenchClient,
  workspaceKey: string | null,
  layers: readonly LayerInfo[],
  report: (e: unknown) => void,
) {
  // A fresh cache per workspace, so the previous workspace's geometry can be garbage-collected.
  const requested = useMemo(() => new Map<string, Promise<LayerGeometry>>(), [workspaceKey]);
  const [loaded, setLoaded] = useState<ReadonlyMap<string, LayerGeometry>>(new Map());

  useEffect(() => setLoaded(new Map()), [workspaceKey]);

  useEffect(() => {
    for (const layer of layers) {
      if (!layer.visible || layer.featureCount === 0) continue;
      const key = keyOf(workspaceKey, layer);
      if (requested.has(key)) continue;
      const request = client.api['layers.geometry']({ layerId: layer.id });
      requested.set(key, request);
      request.then(
        (geometry) => setLoaded((prev) => new Map(prev).set(key, geometry)),
        (e) => {
          requested.delete(key);
          report(e);
        },
      );
    }
  }, [client, workspaceKey, layers, requested, report]);

  return useMemo(() => {
    const byLayerId = new Map<number, LayerGeometry>();
    const loading = new Set<number>();
    for (const layer of layers) {
      const key = keyOf(workspaceKey, layer);
      const geometry = loaded.get(key);
      if (geometry) byLayerId.set(layer.id, geometry);
      else if (requested.has(key)) loading.add(layer.id);
    }
    return { geometries: byLayerId, loading };
  }, [workspaceKey, layers, loaded, requested]);
}
