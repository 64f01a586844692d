// The geometry a map draws for its whole (untiled) layers: simplified by main for the map's zoom
// (shared/domain/display-detail.ts); exact when close up, for the layer being edited (editing patches the exact
// arrays in place), while the simplified one is on its way and wherever main could not simplify. Parts come in the
// exact order, so a picked part index names the same feature in both (the editing tools pick on what is drawn and
// read the exact arrays). Asked for only after the map's first frame: before it, on these machines, the
// simplification would take the processor time that frame waits for (docs/scale.md).
import { useEffect, useMemo, useRef, useState } from 'react';
import { detailZoom } from '../../../../shared/domain/display-detail.js';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../../api/client.js';

/** Detail zooms kept per layer besides the one drawn (zooming back and forth does not ask again). */
const KEPT_PER_LAYER = 3;

interface Entry { version: string; detail: number; geometry: LayerGeometry }

let requestsInFlight = 0;
/** Simplified geometries asked for and not yet answered, over every map (benchmarks wait for none). */
export const detailRequestsInFlight = () => requestsInFlight;

/** What a layer's geometry arrays depend on: its features (revision) and the style fields they carry. */
const versionOf = (l: LayerInfo) => `${l.revision}:${l.style.mode}:${l.style.labelField ?? ''}`;

export function useDetailGeometries(
  client: WorkbenchClient,
  layers: readonly LayerInfo[],
  exact: ReadonlyMap<number, LayerGeometry>,
  zoom: number,
  exactLayerId: number | null,
  /** False until the map's first frame. */
  asking: boolean,
  scheme?: number,
): ReadonlyMap<number, LayerGeometry> {
  const detail = detailZoom(zoom);
  const [entries, setEntries] = useState<ReadonlyMap<number, readonly Entry[]>>(new Map());
  // Keys (layer:version:detail) asked for so far, and those main refused.
  const asked = useRef(new Set<string>());
  const refused = useRef(new Set<string>());

  useEffect(() => {
    asked.current = new Set();
    refused.current = new Set();
    setEntries(new Map());
  }, [client, scheme]);

  useEffect(() => {
    if (!asking || detail === null) return;
    for (const layer of layers) {
      if (!layer.visible || !exact.has(layer.id) || layer.id === exactLayerId) continue;
      const version = versionOf(layer);
      const key = `${layer.id}:${version}:${detail}`;
      if (asked.current.has(key)) continue;
      asked.current.add(key);
      requestsInFlight++;
      client.api['layers.geometry']({ layerId: layer.id, scheme, detail }).finally(() => requestsInFlight--).then(
        (geometry) => setEntries((prev) => {
          const kept = (prev.get(layer.id) ?? []).filter((e) => e.version === version && e.detail !== detail);
          return new Map(prev).set(layer.id, [{ version, detail, geometry }, ...kept].slice(0, KEPT_PER_LAYER + 1));
        }),
        (e: unknown) => {
          refused.current.add(key);
          console.warn('simplified geometry', layer.name, e);
        },
      );
    }
  }, [client, scheme, asking, detail, layers, exact, exactLayerId]);

  return useMemo(() => {
    if (detail === null || entries.size === 0) return exact;
    const out = new Map(exact);
    for (const layer of layers) {
      if (layer.id === exactLayerId || !exact.has(layer.id)) continue;
      const own = (entries.get(layer.id) ?? []).filter((e) => e.version === versionOf(layer));
      // The map's own detail, else the nearest one held (never a stale version), else the exact geometry.
      const best = own.find((e) => e.detail === detail) ?? [...own].sort((a, b) => Math.abs(a.detail - detail) - Math.abs(b.detail - detail))[0];
      if (best) out.set(layer.id, best.geometry);
    }
    return out;
  }, [layers, exact, detail, exactLayerId, entries]);
}
