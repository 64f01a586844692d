import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import DeckGL, { type DeckGLRef } from '@deck.gl/react';
import {
  LinearInterpolator, MapView as DeckMapView, type Deck, type Layer, type MapViewState as DeckViewState, type PickingInfo,
} from '@deck.gl/core';
import type { Bbox, LayerGeometry, LayerInfo } from '../../../shared/contract/schemas.js';
import { cameraStore, cursorStore, hoverStore, viewStore, zoomRequestStore } from '../state/map-stores.js';
import { createStore, useStore } from '../state/store.js';
import type { FeatureRef } from '../state/feature-cache.js';
import { cameraForBbox, MAX_ZOOM, MIN_ZOOM } from './fit-bounds.js';
import { fidOfPart } from './selection-highlight/feature-rings.js';
import type { MapInteraction } from './map-interaction.js';
import { buildMapLayers } from './map-layers.js';
import { baselineFid } from './bench/geojson-baseline.js';
import { isTiledPick } from './tiled-layer/tiled-layer.js';
import type { TileSource } from './tiled-layer/tile-source.js';
import { registerMap } from './map-registry.js';
import { gateFirstFrame, layersLoaded } from './first-frame-gate.js';
import { warmUpLayers } from './first-frame-warmup.js';
import { detailRequestsInFlight, useDetailGeometries } from './display-detail/use-detail-geometries.js';
import { pickSurfaceFilter, withSurfaceFallback } from './pick-surfaces.js';
import { useClient } from '../api/ClientContext.js';

/** Test hook (e2e): find a parcel's screen position, move the camera deterministically. */
export interface SanxianTestHook {
  readonly deck: Deck | undefined;
  readonly viewState: DeckViewState;
  /** Milliseconds from navigation start to the first frame with every visible layer drawn (set once). */
  readonly firstFrameMs: number | undefined;
  /** The same for the first frame with the labels too (they follow the first frame). */
  readonly labelsFrameMs: number | undefined;
  /** When the last frames were drawn (performance.now(), at most the last 1000): benchmarks read frame times here. */
  readonly frames: readonly number[];
  zoomTo(bbox: Bbox): void;
  /** Moves the camera at once (benchmarks script pans and zooms with it). */
  setView(view: { longitude: number; latitude: number; zoom: number }): void;
  /** What a click at map pixel (x, y) selects, resolved as a click resolves it (benchmarks time it). */
  pickAt(x: number, y: number): Promise<FeatureRef | null>;
  /** Simplified geometries for the zoom still on their way (benchmarks time frames once there are none). */
  readonly detailRequestsInFlight: number;
}

declare global {
  interface Window {
    __sanxian?: SanxianTestHook;
    /** Every mounted map by name (the compare views have two); the map that follows zoom requests is __sanxian. */
    __sanxianMaps?: Record<string, SanxianTestHook>;
  }
}

const VIEW = new DeckMapView({ id: 'map', repeat: false });
const CONTROLLER = { dragRotate: false, touchRotate: false, keyboard: true, doubleClickZoom: true };
// Changzhou, until the workspace extent is known.
const FALLBACK_VIEW: DeckViewState = { longitude: 119.95, latitude: 31.78, zoom: 9, pitch: 0, bearing: 0, minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM };
const ZOOM_INTERPOLATOR = new LinearInterpolator(['longitude', 'latitude', 'zoom']);

export interface MapViewProps {
  /** Changes when another workspace opens: the camera then fits the new extent. */
  workspaceKey: string | null;
  extent: Bbox | null;
  layersTopFirst: readonly LayerInfo[];
  geometries: ReadonlyMap<number, LayerGeometry>;
  selection: FeatureRef | null;
  onSelect: (feature: FeatureRef | null) => void;
  /** Extra deck.gl layers above the workspace layers (check findings). */
  overlays?: readonly Layer[];
  /** An interactive tool on the map (editing): its overlay on top, its cursor, its pointer handling. */
  interaction?: MapInteraction;
  /** Big layers drawn from tiles (docs/scale.md) and the selected feature's geometry when its layer is one. */
  tiled?: ReadonlyMap<number, TileSource>;
  /**
   * Main has said how every visible layer is drawn (from tiles or whole): the warm-up frame waits for it, so what the
   * first frame needs is asked for before the warm-up holds the page (first-frame-gate.ts). Absent: no wait.
   */
  planned?: boolean;
  /** While true no frame is drawn (the caller bounds how long): after an edit, until the tiles it touched are here. */
  holdFrames?: () => boolean;
  selectionGeometry?: LayerGeometry | null;
  children?: React.ReactNode;
  /**
   * Name of this map when several are mounted (the compare views): it is registered under it (map-registry.ts).
   * Default 'main'.
   */
  name?: string;
  /**
   * This map answers zoom requests (requestZoomTo) and fits a newly opened workspace; other maps follow its camera
   * through the shared camera store. Default true; false for the second map of a compare view.
   */
  followZoomRequests?: boolean;
  /** Feature labels in pixels (12 by default; larger in the meeting-room mode). */
  labelSizePx?: number;
  /** A click on an overlay layer (the change polygons of a comparison). */
  onOverlayClick?: (info: PickingInfo) => void;
  /** The layer being edited: always drawn from `geometries` (exact, patched in place by the editing session). */
  exactLayerId?: number | null;
  /** The scheme the layers are read from (a compare view); the workspace's current one by default. */
  scheme?: number;
}

const NO_LAYERS = createStore<readonly Layer[]>([]);
const NO_CURSOR = createStore<string | null>(null);
const identity = <T,>(v: T) => v;
/** The view changed this recently: the map is being moved. */
const MOVING_MS = 150;

export function MapView({
  workspaceKey, extent, layersTopFirst, geometries, selection, onSelect, overlays, interaction, tiled, planned = true, holdFrames, selectionGeometry, children, name = 'main',
  followZoomRequests = true, labelSizePx, onOverlayClick, exactLayerId = null, scheme,
}: MapViewProps) {
  const client = useClient();
  const deckRef = useRef<DeckGLRef>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  // A map mounted later in the same workspace (a compare view, the meeting-room mode) starts where the camera is.
  const shared = cameraStore.get();
  const startsShared = useRef(shared !== null && shared.workspaceKey === workspaceKey);
  const [viewState, setViewState] = useState<DeckViewState>(() => (startsShared.current ? shared!.view : FALLBACK_VIEW));
  const viewStateRef = useRef(viewState);
  viewStateRef.current = viewState;
  const firstFrameMs = useRef<number | undefined>(undefined);
  const labelsFrameMs = useRef<number | undefined>(undefined);
  // Labels join once the layers are on screen (map-layers.ts withLabels), or after a while whatever happens.
  const [withLabels, setWithLabels] = useState(false);
  const withLabelsRef = useRef(withLabels);
  withLabelsRef.current = withLabels;
  useEffect(() => {
    const timer = setTimeout(() => setWithLabels(true), 5000);
    return () => clearTimeout(timer);
  }, []);
  // Until the first frame: invisible layers that compile its programs while its data is on the way.
  const [warmingUp, setWarmingUp] = useState(true);
  const frameTimes = useRef<number[]>([]);
  // What is drawn of the whole layers: simplified for the zoom once the first frame is out (display-detail/).
  const drawn = useDetailGeometries(client, layersTopFirst, geometries, viewState.zoom, exactLayerId, !warmingUp, scheme);
  // Every visible, non-empty layer has its geometry: only then is a drawn frame the "first frame" a user waits for.
  // A tiled layer counts as fetched: its layer reports isLoaded only once the tiles in view are there.
  const allVisibleFetched = layersTopFirst.every((l) => !l.visible || l.featureCount === 0 || geometries.has(l.id) || tiled?.has(l.id));
  const allVisibleFetchedRef = useRef(allVisibleFetched);
  allVisibleFetchedRef.current = allVisibleFetched && layersTopFirst.length > 0;
  const plannedRef = useRef(planned);
  plannedRef.current = planned && layersTopFirst.length > 0;
  const holdFramesRef = useRef(holdFrames);
  holdFramesRef.current = holdFrames;
  // A map being moved is drawn, held frames or not: the edit's tiles follow in a later frame.
  const lastViewChange = useRef(0);

  // Set between a zoom request and the render that hands it to deck.gl. Meanwhile a running transition still
  // reports frames towards its old target; taken as the new state they would overwrite the request (stepping
  // quickly through findings with the keyboard left the map on an earlier one).
  const zoomPending = useRef(false);
  const zoomNudge = useRef(0);
  useEffect(() => {
    zoomPending.current = false;
  }, [viewState]);

  const zoomTo = useCallback((bbox: Bbox, durationMs: number) => {
    const el = containerRef.current;
    if (!el) return;
    const camera = cameraForBbox(bbox, el.clientWidth, el.clientHeight);
    // deck.gl takes a target equal to its running transition's current frame for that transition's own echo and
    // ignores it: stepping back to the finding the camera is just leaving did nothing. A zoom offset far below
    // anything visible, different for each of the last 64 requests, keeps every request distinct.
    zoomNudge.current = (zoomNudge.current + 1) % 64;
    camera.zoom += zoomNudge.current * 1e-8;
    zoomPending.current = true;
    setViewState((prev) => ({
      ...prev,
      ...camera,
      transitionDuration: durationMs,
      transitionInterpolator: durationMs > 0 ? ZOOM_INTERPOLATOR : undefined,
    }));
  }, []);

  // Fit a newly opened workspace; later extent changes (an import) must not yank the camera away. A map mounted on
  // a workspace the camera already shows keeps the camera.
  useEffect(() => {
    if (startsShared.current) {
      startsShared.current = false;
      return;
    }
    if (extent && followZoomRequests) zoomTo(extent, 0);
  }, [workspaceKey, zoomTo]);

  useEffect(() => {
    if (!followZoomRequests) return;
    return zoomRequestStore.subscribe(() => {
      const request = zoomRequestStore.get();
      if (request) zoomTo(request.bbox, request.durationMs);
    });
  }, [zoomTo, followZoomRequests]);

  // The camera is shared by every map of the workspace: a pan in one compare map moves the other, and a map mounted
  // later starts there. Transitions run in the map that follows zoom requests; the others follow its frames.
  // A camera taken from another map is never echoed back: an older frame sent back would cut the other map's
  // transition short (several frames can be adopted before this map renders one of them).
  const adopted = useRef(new WeakSet<DeckViewState>());
  useEffect(() => {
    const current = cameraStore.get();
    if (adopted.current.has(viewState) || (current?.view === viewState && current.workspaceKey === workspaceKey)) return;
    cameraStore.set({ workspaceKey, view: viewState, source: name });
  }, [viewState, workspaceKey, name]);
  useEffect(
    () =>
      cameraStore.subscribe(() => {
        const c = cameraStore.get();
        if (!c || c.source === name || c.workspaceKey !== workspaceKey || c.view === viewStateRef.current) return;
        const { transitionDuration: _d, transitionInterpolator: _i, ...still } = c.view;
        zoomPending.current = false;
        adopted.current.add(still);
        setViewState(still);
      }),
    [name, workspaceKey],
  );

  useEffect(() => {
    const el = containerRef.current;
    viewStore.set({
      longitude: viewState.longitude,
      latitude: viewState.latitude,
      zoom: viewState.zoom,
      width: el?.clientWidth ?? 0,
      height: el?.clientHeight ?? 0,
    });
  }, [viewState]);

  useEffect(() => {
    const hook: SanxianTestHook = {
      get deck() {
        return deckRef.current?.deck;
      },
      get viewState() {
        return viewStateRef.current;
      },
      get firstFrameMs() {
        return firstFrameMs.current;
      },
      get labelsFrameMs() {
        return labelsFrameMs.current;
      },
      get frames() {
        return frameTimes.current;
      },
      get detailRequestsInFlight() {
        return detailRequestsInFlight();
      },
      zoomTo: (bbox) => zoomTo(bbox, 0),
      setView: (view) => {
        zoomPending.current = false;
        setViewState((prev) => ({ ...prev, ...view, transitionDuration: 0 }));
      },
      pickAt: async (x, y) => {
        const deck = deckRef.current?.deck;
        const info = deck ? withSurfaceFallback(deck, deck.pickObject({ x, y, radius: 0 }), x, y) : null;
        return info ? resolvePickRef.current(info) : null;
      },
    };
    const setCamera = (view: { longitude: number; latitude: number; zoom: number }) => {
      zoomPending.current = true;
      setViewState((prev) => ({ ...prev, ...view, transitionDuration: 0, transitionInterpolator: undefined }));
    };
    const unregister = registerMap(name, { hook, container: () => containerRef.current, setCamera });
    if (followZoomRequests) window.__sanxian = hook;
    return () => {
      unregister();
      if (window.__sanxian === hook) delete window.__sanxian;
    };
  }, [zoomTo, name, followZoomRequests]);
  const resolvePickRef = useRef<(info: PickingInfo) => Promise<FeatureRef | null>>(async () => null);

  // Quarter zoom steps: label visibility needs no finer, and panning then never rebuilds the layer list.
  const labelZoom = Math.floor(viewState.zoom * 4) / 4;
  const hoverLayerIds = interaction?.active ? interaction.hoverLayerIds : null;
  const mapLayers = useMemo(
    () => buildMapLayers({
      layersTopFirst, geometries: drawn, zoom: labelZoom, selection, overlays: overlays?.map((l) => l.clone({})), tiled, selectionGeometry,
      selectionSource: geometries, hoverLayerIds, labelSizePx, withLabels,
    }),
    [layersTopFirst, drawn, geometries, labelZoom, selection, overlays, tiled, selectionGeometry, hoverLayerIds, labelSizePx, withLabels],
  );
  // The tool's overlay changes on every mouse move: only this component re-renders for it.
  const sharedToolLayers = useStore(interaction?.overlayStore ?? NO_LAYERS, identity);
  const toolLayers = useMemo(() => sharedToolLayers.map((l) => l.clone({})), [sharedToolLayers]);
  const warmUp = useMemo(() => (warmingUp ? warmUpLayers(viewState.longitude, viewState.latitude) : []), [warmingUp]);
  const layers = useMemo(() => (toolLayers.length || warmUp.length ? [...mapLayers, ...toolLayers, ...warmUp] : mapLayers), [mapLayers, toolLayers, warmUp]);
  const toolCursor = useStore(interaction?.cursorStore ?? NO_CURSOR, identity);
  const toolActive = interaction?.active ?? false;
  const controller = useMemo(() => ({ ...CONTROLLER, doubleClickZoom: !toolActive }), [toolActive]);
  const attach = interaction?.attach;
  useEffect(() => {
    const el = containerRef.current;
    if (!attach || !el) return;
    return attach(el, () => deckRef.current?.deck);
  }, [attach]);

  // Pick handlers read the latest layers through a ref so deck.gl keeps one stable callback.
  const lookup = useRef({ layersTopFirst, geometries: drawn });
  lookup.current = { layersTopFirst, geometries: drawn };
  const featureAt = useCallback((info: PickingInfo): FeatureRef | null => {
    // Tiled layers say which feature (vector tiles) or which class (rasters, resolved by resolvePick) was hit.
    if (isTiledPick(info.object)) return info.object.kind === 'feature' ? { layerId: info.object.layerId, fid: info.object.fid } : null;
    const id = info.layer?.id;
    if (!id?.startsWith('fill:') || info.index < 0) return null;
    const table = id.slice('fill:'.length);
    const layer = lookup.current.layersTopFirst.find((l) => l.table === table);
    const geometry = layer && lookup.current.geometries.get(layer.id);
    const fid = baselineFid(info.object) ?? (geometry ? fidOfPart(geometry, info.index) : null);
    return layer && fid !== null ? { layerId: layer.id, fid } : null;
  }, []);

  // Where a tiled layer shows class rasters, the feature under the pointer comes from main (tiles.featureAt): the
  // latest question wins, hovers and clicks counted apart (a hover after a click must not drop the click).
  const hoverSeq = useRef(0);
  const clickSeq = useRef(0);
  const resolvePick = useCallback(async (info: PickingInfo): Promise<FeatureRef | null> => {
    if (isTiledPick(info.object) && info.object.kind === 'class') return info.object.resolve();
    return featureAt(info);
  }, [featureAt]);
  resolvePickRef.current = resolvePick;

  // The pointer's pick left the pick surfaces out (pick-surfaces.ts): where it hit nothing, they are asked.
  const withSurfaces = useCallback((info: PickingInfo): PickingInfo => {
    const deck = deckRef.current?.deck;
    if (!deck || info.layer || !info.coordinate || info.x < 0 || info.y < 0) return info;
    return withSurfaceFallback(deck, info, info.x, info.y) ?? info;
  }, []);

  const onHover = useCallback(
    (pointed: PickingInfo) => {
      const info = toolActive ? pointed : withSurfaces(pointed);
      const c = info.coordinate;
      const [lon, lat] = c ?? [];
      cursorStore.set(lon !== undefined && lat !== undefined ? { lon, lat } : null);
      // No attribute tooltip over a tool at work (it would sit on the sketch).
      const seq = ++hoverSeq.current;
      if (!toolActive && isTiledPick(info.object) && info.object.kind === 'class') {
        hoverStore.set(null);
        const { x, y } = info;
        info.object.resolve().then((f) => { if (seq === hoverSeq.current) hoverStore.set(f ? { ...f, x, y } : null); }, () => {});
        return;
      }
      const feature = toolActive ? null : featureAt(info);
      hoverStore.set(feature ? { ...feature, x: info.x, y: info.y } : null);
    },
    [featureAt, toolActive, withSurfaces],
  );

  // While a tool is active, clicks belong to it (editing/deck/pointer-adapter.ts), not to feature selection.
  const onClick = useCallback((clicked: PickingInfo) => {
    if (toolActive) return;
    const info = withSurfaces(clicked);
    if (onOverlayClick && info.layer && !info.layer.id.startsWith('fill:') && info.index >= 0 && !isTiledPick(info.object)) {
      onOverlayClick(info);
      return;
    }
    const seq = ++clickSeq.current;
    resolvePick(info).then((f) => { if (seq === clickSeq.current) onSelect(f); }, () => onSelect(null));
  }, [resolvePick, onSelect, toolActive, onOverlayClick, withSurfaces]);

  const onViewStateChange = useCallback(({ viewState: next }: { viewState: unknown }) => {
    // deck.gl reports transition frames without an interactionState, so any change is dropped while a request waits.
    if (zoomPending.current) return;
    lastViewChange.current = performance.now();
    setViewState(next as DeckViewState);
    // The tooltip belongs to the feature that was under the pointer; after a pan or zoom that is another one.
    hoverStore.set(null);
  }, []);

  const onAfterRender = useCallback(() => {
    const frames = frameTimes.current;
    frames.push(performance.now());
    if (frames.length > 1000) frames.splice(0, frames.length - 1000);
    if (labelsFrameMs.current !== undefined || !allVisibleFetchedRef.current) return;
    const deck = deckRef.current?.deck;
    // A layer that is still uploading its buffers is not drawn yet, even though the frame ran.
    if (deck?.isInitialized && layersLoaded(deck)) {
      if (firstFrameMs.current === undefined) {
        firstFrameMs.current = performance.now();
        setWithLabels(true);
        setWarmingUp(false);
      } else if (withLabelsRef.current) {
        labelsFrameMs.current = performance.now();
      }
    }
  }, []);

  const onLoad = useCallback(() => {
    const deck = deckRef.current?.deck;
    if (deck) {
      gateFirstFrame(deck, {
        warmUp: () => plannedRef.current,
        ready: () => allVisibleFetchedRef.current && layersLoaded(deck),
        hold: () => holdFramesRef.current?.() === true && performance.now() - lastViewChange.current > MOVING_MS,
      });
    }
  }, []);

  const onLeave = useCallback(() => {
    cursorStore.set(null);
    hoverStore.set(null);
  }, []);

  return (
    <div className="map" data-testid={name === 'main' ? 'map' : `map-${name}`} ref={containerRef} onMouseLeave={onLeave}>
      <DeckGL
        ref={deckRef}
        views={VIEW}
        viewState={viewState}
        onViewStateChange={onViewStateChange}
        controller={controller}
        layers={layers}
        onResize={({ width, height }) => viewStore.set((prev) => prev && { ...prev, width, height })}
        onHover={onHover}
        onClick={onClick}
        onLoad={onLoad}
        onAfterRender={onAfterRender}
        layerFilter={pickSurfaceFilter}
        getCursor={({ isDragging, isHovering }) =>
          isDragging ? 'grabbing' : toolActive ? (toolCursor ?? 'crosshair') : isHovering ? 'pointer' : 'grab'}
      />
      {children}
    </div>
  );
}
