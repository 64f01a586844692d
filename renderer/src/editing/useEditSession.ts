// React glue: one EditSession per client and workspace, fed with the latest layers and geometry, and what the map
// needs from it (overlay layers, cursor, the pointer adapter, double-click zoom off while a tool is active).
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Deck, Layer } from '@deck.gl/core';
import type { LayerGeometry, LayerInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';
import { inverseProjectorFor, projectorFor } from '../panels/projection.js';
import type { MapInteraction } from '../map/map-interaction.js';
import { createStore, useStore } from '../state/store.js';
import { attachPointerAdapter } from './deck/pointer-adapter.js';
import { buildEditOverlay } from './deck/overlay.js';
import { geometryLoadStats } from './map-sync/edit-changes.js';
import { HighlightGeometries } from './map-sync/highlight-geometries.js';
import { EditSession } from './session.js';

export interface EditingTestHook {
  session: EditSession;
  geometryLoadStats: typeof geometryLoadStats;
}

declare global {
  interface Window {
    __sanxianEditing?: EditingTestHook;
  }
}

const selectTool = <T,>(t: T) => t;
const selectEditLayer = (s: { layerId: number | null }) => s.layerId;

type SetInfo = (update: (prev: WorkspaceInfo | null) => WorkspaceInfo | null) => void;

export function useEditSession(params: {
  client: WorkbenchClient;
  workspaceKey: string | null;
  srid: number | null;
  layers: readonly LayerInfo[];
  geometries: ReadonlyMap<number, LayerGeometry>;
  setInfo: SetInfo;
  report: (e: unknown) => void;
}): { session: EditSession; interaction: MapInteraction } {
  const latest = useRef(params);
  latest.current = params;
  const deckRef = useRef<() => Deck | undefined>(() => undefined);

  const session = useMemo(
    () =>
      new EditSession({
        client: params.client,
        workspaceKey: () => latest.current.workspaceKey,
        layers: () => latest.current.layers,
        geometries: () => latest.current.geometries,
        projector: () => (latest.current.srid ? projectorFor(latest.current.srid) : null),
        inverseProjector: () => (latest.current.srid ? inverseProjectorFor(latest.current.srid) : null),
        deck: () => deckRef.current(),
        applyLayers: (updated) => {
          const byId = new Map(updated.map((l) => [l.id, l]));
          latest.current.setInfo((prev) => prev && {
            ...prev,
            // Only what an edit changes: the user's unsaved style or visibility changes stay.
            layers: prev.layers.map((l) => {
              const u = byId.get(l.id);
              return u ? { ...l, featureCount: u.featureCount, revision: u.revision, extent: u.extent } : l;
            }),
          });
        },
        report: (e) => latest.current.report(e),
      }),
    // A new workspace (or client) is a new session.
    [params.client, params.workspaceKey],
  );
  useEffect(() => () => session.dispose(), [session]);

  useEffect(() => {
    window.__sanxianEditing = { session, geometryLoadStats };
    return () => {
      if (window.__sanxianEditing?.session === session) delete window.__sanxianEditing;
    };
  }, [session]);

  // The overlay follows the mode's preview, and the layers' geometry (highlighted rings) after an edit; features
  // highlighted in a big layer drawn from tiles come from main (HighlightGeometries).
  const overlayStore = useMemo(() => createStore<readonly Layer[]>([]), [session]);
  const rebuildOverlay = useRef(() => {});
  // Made and disposed in one effect (StrictMode runs effects twice in development: a memo disposed once stays so).
  const highlights = useRef<HighlightGeometries | null>(null);
  useEffect(() => {
    const h = new HighlightGeometries((layerId, fids) => latest.current.client.api['layers.featuresGeometry']({ layerId, fids }), () => rebuildOverlay.current());
    highlights.current = h;
    return () => {
      h.dispose();
      if (highlights.current === h) highlights.current = null;
    };
  }, [session]);
  useEffect(() => {
    const update = () => {
      const preview = session.previewStore.get();
      const { layers, geometries } = latest.current;
      overlayStore.set(buildEditOverlay(preview, highlights.current?.geometriesFor(preview.highlight, layers, geometries) ?? geometries));
    };
    rebuildOverlay.current = update;
    update();
    return session.previewStore.subscribe(update);
  }, [session, overlayStore, params.geometries, params.layers]);

  const attach = useCallback(
    (container: HTMLElement, deck: () => Deck | undefined) => {
      deckRef.current = deck;
      const detach = attachPointerAdapter(container, {
        mode: () => session.activeMode(),
        unproject: (p) => session.host.unproject(p),
        onKey: (e) => session.onKey(e),
      });
      return () => {
        detach();
        deckRef.current = () => undefined;
      };
    },
    [session],
  );
  const tool = useStore(session.tool, selectTool);
  const editLayerId = useStore(session.settingsStore, selectEditLayer);
  const hoverKey = useMemo(() => {
    const ids = session.hoverLayerIds();
    return ids === null ? null : [...ids].sort((a, b) => a - b).join(',');
  }, [session, tool, editLayerId, params.layers]);
  const interaction = useMemo<MapInteraction>(
    () => ({
      active: tool !== null, overlayStore, cursorStore: session.cursorStore, attach,
      hoverLayerIds: hoverKey === null ? null : new Set(hoverKey ? hoverKey.split(',').map(Number) : []),
    }),
    [session, overlayStore, tool, attach, hoverKey],
  );
  return { session, interaction };
}
