import type { MapViewState as DeckViewState } from '@deck.gl/core';
import type { Bbox } from '../../../shared/contract/schemas.js';
import { createStore } from './store.js';

export interface CursorPosition {
  lon: number;
  lat: number;
}

export interface MapViewState {
  longitude: number;
  latitude: number;
  zoom: number;
  width: number;
  height: number;
}

export interface HoveredFeature {
  layerId: number;
  fid: number;
  /** Pointer position in map pixels, for the tooltip. */
  x: number;
  y: number;
}

export interface ZoomRequest {
  bbox: Bbox;
  /** Distinguishes two requests for the same bbox (zoom to layer twice after panning away). */
  seq: number;
  durationMs: number;
}

export const cursorStore = createStore<CursorPosition | null>(null);
export const viewStore = createStore<MapViewState | null>(null);
export const hoverStore = createStore<HoveredFeature | null>(null);
export const zoomRequestStore = createStore<ZoomRequest | null>(null);

let zoomSeq = 0;
/** Ask the map to show bbox; panels call this, the map owns the camera. */
export function requestZoomTo(bbox: Bbox, durationMs = 400) {
  zoomRequestStore.set({ bbox, seq: ++zoomSeq, durationMs });
}

/** The camera every map of the open workspace shares (compare views side by side, swipe, meeting-room mode). */
export interface SharedCamera {
  workspaceKey: string | null;
  view: DeckViewState;
  /** The map that set it (it does not take its own camera back). */
  source: string;
}
export const cameraStore = createStore<SharedCamera | null>(null);
