// Layer changes show on the map at once (optimistic) and are persisted in the workspace. Slider and colour drags
// are coalesced per layer so one drag is one layers.update, not hundreds.
import { useCallback, useEffect, useRef } from 'react';
import type { LayerInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import type { MethodInput } from '../../../shared/contract/contract.js';
import type { WorkbenchClient } from '../api/client.js';

export type LayerPatch = Omit<MethodInput<'layers.update'>, 'layerId'>;
type SetInfo = (update: (prev: WorkspaceInfo | null) => WorkspaceInfo | null) => void;

/** Top-first drawing order. reorder takes ids top first, so ascending sortOrder is the top of the stack. */
export function layersTopFirst(layers: readonly LayerInfo[]): LayerInfo[] {
  return [...layers].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
}

function replaceLayers(info: WorkspaceInfo | null, replace: (layer: LayerInfo) => LayerInfo): WorkspaceInfo | null {
  return info && { ...info, layers: info.layers.map(replace) };
}

export function useLayerEditing(client: WorkbenchClient, setInfo: SetInfo, report: (e: unknown) => void) {
  const pending = useRef(new Map<number, { patch: LayerPatch; timer: ReturnType<typeof setTimeout> }>());

  useEffect(() => {
    const map = pending.current;
    return () => map.forEach((p) => clearTimeout(p.timer));
  }, []);

  /** After a failed write, show what the workspace really holds rather than the optimistic guess. */
  const resync = useCallback(async () => {
    try {
      const ws = await client.api['workspace.current']({});
      setInfo(() => ws);
    } catch (e) {
      report(e);
    }
  }, [client, setInfo, report]);

  const flush = useCallback(
    async (layerId: number) => {
      const entry = pending.current.get(layerId);
      if (!entry) return;
      pending.current.delete(layerId);
      try {
        const updated = await client.api['layers.update']({ layerId, ...entry.patch });
        // A newer edit may be waiting; it will bring its own answer, so don't step back to this one.
        if (!pending.current.has(layerId)) setInfo((prev) => replaceLayers(prev, (l) => (l.id === layerId ? updated : l)));
      } catch (e) {
        report(e);
        await resync();
      }
    },
    [client, setInfo, report, resync],
  );

  const updateLayer = useCallback(
    (layerId: number, patch: LayerPatch, debounceMs = 0) => {
      setInfo((prev) => replaceLayers(prev, (l) => (l.id === layerId ? { ...l, ...patch } : l)));
      const previous = pending.current.get(layerId);
      if (previous) clearTimeout(previous.timer);
      const merged = { ...previous?.patch, ...patch };
      const timer = setTimeout(() => void flush(layerId), debounceMs);
      pending.current.set(layerId, { patch: merged, timer });
    },
    [setInfo, flush],
  );

  const reorderLayers = useCallback(
    async (idsTopFirst: number[]) => {
      const rank = new Map(idsTopFirst.map((id, i) => [id, i]));
      setInfo((prev) => replaceLayers(prev, (l) => ({ ...l, sortOrder: rank.get(l.id) ?? l.sortOrder })));
      try {
        const layers = await client.api['layers.reorder']({ layerIds: idsTopFirst });
        setInfo((prev) => prev && { ...prev, layers });
      } catch (e) {
        report(e);
        await resync();
      }
    },
    [client, setInfo, report, resync],
  );

  return { updateLayer, reorderLayers };
}
