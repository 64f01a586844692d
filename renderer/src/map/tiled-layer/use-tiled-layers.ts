// Which layers the map draws from tiles (docs/scale.md) and their tile sources. Main decides per layer (tiles.plan:
// big polygon layers are tiled), also while edited: each edit patches the tiles in main and the sources keep what it
// did not touch. A layer's geometry is fetched whole only once main has said it is not tiled, so a 500,000-parcel
// layer is never requested whole by accident. Takes a scheme for compare views.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import { RASTER_BATCH_MAX, type LayerTiling } from '../../../../shared/contract/tiles.js';
import { batchCalls } from '../../api/batch-calls.js';
import type { WorkbenchClient } from '../../api/client.js';
import type { FeatureRef } from '../../state/feature-cache.js';
import { BENCH_GEOJSON } from '../bench/geojson-baseline.js';
import { TileSource, type EditChange, type TileFetcher } from './tile-source.js';

const planKey = (l: LayerInfo) => `${l.id}:${l.revision}:${l.style.mode}`;

export interface TiledLayers {
  /** Sources of the visible layers drawn from tiles. */
  sources: ReadonlyMap<number, TileSource>;
  /** Layers to draw whole: main said they are small. */
  whole: readonly LayerInfo[];
  /** Main has said how every visible layer is drawn (the map's warm-up frame waits for it). */
  planned: boolean;
  /** Legend of the tiled layers: features per class. */
  classCounts: ReadonlyMap<number, { keys: readonly string[]; counts: readonly number[] }>;
}

export function tileFetcher(client: WorkbenchClient, layerId: number, scheme?: number): TileFetcher {
  const raster = batchCalls((tiles: { z: number; x: number; y: number; known?: number }[]) => client.api['tiles.rasters']({ layerId, scheme, tiles }), RASTER_BATCH_MAX);
  return {
    raster: (z, x, y, known) => raster({ z, x, y, known }),
    vector: (z, x, y) => client.api['tiles.vector']({ layerId, scheme, z, x, y }),
    big: (z) => client.api['tiles.vector']({ layerId, scheme, z, big: true }),
    featureAt: (lon, lat) => client.api['tiles.featureAt']({ layerId, scheme, lon, lat }),
  };
}

export interface TiledLayersOptions {
  /** The scheme drawn (compare views); the workspace's current one if absent. */
  scheme?: number;
  /** What the edit that led to a layer's revision changed (the boxes let untouched vector tiles stay). */
  editChange?: (layerId: number, revision: number) => EditChange | undefined;
}

export function useTiledLayers(
  client: WorkbenchClient,
  workspaceKey: string | null,
  layers: readonly LayerInfo[],
  report: (e: unknown) => void,
  { scheme, editChange }: TiledLayersOptions = {},
): TiledLayers {
  // Plans by layer id, with the key (revision, style mode) they answer.
  const [plans, setPlans] = useState<ReadonlyMap<number, { key: string; tiling: LayerTiling }>>(new Map());
  const requested = useRef(new Set<string>());
  const sourcesRef = useRef(new Map<number, TileSource>());

  // Another workspace or scheme: nothing asked for so far counts (reset while rendering, where the asking is).
  const scope = `${workspaceKey}|${scheme ?? ''}`;
  const scopeRef = useRef<string | null>(null);
  if (scopeRef.current !== scope) {
    scopeRef.current = scope;
    requested.current = new Set();
  }
  useEffect(() => {
    setPlans(new Map());
    for (const s of sourcesRef.current.values()) s.dispose();
    sourcesRef.current = new Map();
  }, [workspaceKey, scheme]);

  const fetchPlan = useMemo(() => (layer: LayerInfo, force = false) => {
    const key = planKey(layer);
    if (!force && requested.current.has(key)) return;
    requested.current.add(key);
    const askedIn = scopeRef.current;
    client.api['tiles.plan']({ layerId: layer.id, scheme }).then(
      (tiling) => { if (scopeRef.current === askedIn) setPlans((prev) => new Map(prev).set(layer.id, { key, tiling })); },
      (e: unknown) => {
        requested.current.delete(key);
        report(e);
      },
    );
  }, [client, scheme, report]);

  // Asked for while rendering, not in an effect: effects wait for the map's WebGL context to be made, and the
  // plans are what the first frame waits for (requested keys make this idempotent).
  for (const layer of layers) if (layer.visible && layer.featureCount > 0) fetchPlan(layer);

  // A pyramid finished building: ask again, the plan now says ready (and has the classes).
  const latestLayers = useRef(layers);
  latestLayers.current = layers;
  useEffect(() => client.on('tiles.ready', ({ layerId }) => {
    const layer = latestLayers.current.find((l) => l.id === layerId);
    if (layer) fetchPlan(layer, true);
  }), [client, fetchPlan]);

  const sources = useMemo(() => {
    const next = new Map<number, TileSource>();
    for (const layer of layers) {
      const plan = plans.get(layer.id);
      if (!layer.visible || !plan?.tiling.tiled || BENCH_GEOJSON) continue;
      let source = sourcesRef.current.get(layer.id);
      if (source && source.state.table !== plan.tiling.table) {
        source.dispose();
        source = undefined;
      }
      if (!source) source = new TileSource(tileFetcher(client, layer.id, scheme), plan.tiling);
      else {
        // An edit made here moved the revision: followed at once (the edit patched the tiles in its own
        // transaction) rather than after the plan asked for meanwhile, which then only confirms it.
        const ours = layer.revision !== plan.tiling.revision && layer.table === plan.tiling.table && editChange?.(layer.id, layer.revision);
        const tiling = ours ? { ...plan.tiling, revision: layer.revision } : plan.tiling;
        source.update(tiling, editChange?.(layer.id, tiling.revision));
      }
      next.set(layer.id, source);
    }
    // Sources of layers hidden are dropped with their tiles (memory stays bounded).
    for (const [id, s] of sourcesRef.current) if (!next.has(id)) s.dispose();
    sourcesRef.current = next;
    return next;
  }, [layers, plans, client, scheme, editChange]);

  // A big layer stays tiled while it is edited: its tiles follow each edit (patched in main inside the edit's
  // transaction), and the editing tools ask main for the features they act on (docs/scale.md).
  const whole = useMemo(
    () => layers.filter((l) => plans.get(l.id)?.tiling.tiled === false || (BENCH_GEOJSON && plans.has(l.id))),
    [layers, plans],
  );
  const classCounts = useMemo(() => {
    const out = new Map<number, { keys: readonly string[]; counts: readonly number[] }>();
    for (const [id, source] of sources) if (source.state.ready) out.set(id, { keys: source.state.classes, counts: source.state.counts });
    return out;
  }, [sources]);
  const planned = layers.every((l) => !l.visible || l.featureCount === 0 || plans.has(l.id));
  return { sources, whole, planned, classCounts };
}

/**
 * The selected feature's geometry when its layer is tiled: from main at the layer's revision (an edit that reshapes
 * it, or an undo, asks again), meanwhile from a vector tile held.
 */
export function useTiledSelection(
  client: WorkbenchClient,
  selection: FeatureRef | null,
  sources: ReadonlyMap<number, TileSource>,
  scheme?: number,
): LayerGeometry | null {
  const [fetched, setFetched] = useState<{ ref: FeatureRef; revision: number; geometry: LayerGeometry } | null>(null);
  const source = selection ? sources.get(selection.layerId) : undefined;
  const revision = source?.state.revision;
  useEffect(() => {
    if (!selection || !source || revision === undefined) return;
    let cancelled = false;
    client.api['tiles.feature']({ layerId: selection.layerId, fid: selection.fid, scheme }).then(
      (geometry) => { if (!cancelled) setFetched({ ref: selection, revision, geometry }); },
      (e: unknown) => { if (!cancelled) console.warn('selection outline', e); },
    );
    return () => { cancelled = true; };
  }, [client, selection, source, revision, scheme]);
  if (!selection || !source) return null;
  if (fetched && fetched.ref.layerId === selection.layerId && fetched.ref.fid === selection.fid && fetched.revision === revision) return fetched.geometry;
  return source.geometryHolding(selection.fid);
}
