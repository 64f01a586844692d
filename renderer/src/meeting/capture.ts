// Copies what the maps draw now into one canvas: one map, two side by side, or the swipe (A left of the divider,
// B right of it). Each deck.gl canvas is redrawn and copied in the same task, so the WebGL drawing buffer is still
// there (no preserveDrawingBuffer needed). Also: waiting until the maps have moved and drawn everything.
import type { Bbox } from '../../../shared/contract/schemas.js';
import { COMPARE_MAP_A, COMPARE_MAP_B } from '../compare/CompareMaps.js';
import type { CompareViewMode } from '../compare/useCompare.js';
import { mountedMap, type MapHandle } from '../map/map-registry.js';
import { metersPerPixel } from '../map/scale-bar.js';

export type CaptureView = CompareViewMode | 'single';

/** The map names a view mounts, the one following zoom requests first. */
export function mapsOf(view: CaptureView): string[] {
  if (view === 'single') return ['main'];
  if (view === 'overlay') return [COMPARE_MAP_B];
  return [COMPARE_MAP_A, COMPARE_MAP_B];
}

function handles(view: CaptureView): MapHandle[] {
  const out = mapsOf(view).map((n) => mountedMap(n));
  if (out.some((h) => !h?.hook.deck)) throw new Error(`the map is not ready (${mapsOf(view).join(', ')})`);
  return out as MapHandle[];
}

/** Draws a map now and returns its canvas (valid until the task ends). */
function drawn(h: MapHandle): HTMLCanvasElement {
  const deck = h.hook.deck!;
  deck.redraw('capture');
  return deck.getCanvas()!;
}

export interface Capture {
  canvas: HTMLCanvasElement;
  /** Ground metres per pixel of the capture. */
  metersPerPixel: number;
}

export function captureView(view: CaptureView, swipe: number): Capture {
  const maps = handles(view);
  const first = drawn(maps[0]!);
  const { latitude, zoom } = maps[0]!.hook.viewState;
  const ratio = first.width / Math.max(1, first.clientWidth);
  const mpp = metersPerPixel(latitude, zoom) / ratio;
  const out = document.createElement('canvas');
  const ctx = () => out.getContext('2d')!;
  if (maps.length === 1) {
    out.width = first.width;
    out.height = first.height;
    ctx().fillStyle = '#f4f3ef';
    ctx().fillRect(0, 0, out.width, out.height);
    ctx().drawImage(first, 0, 0);
    return { canvas: out, metersPerPixel: mpp };
  }
  if (view === 'sideBySide') {
    const gap = Math.round(8 * ratio);
    // Copy the first before drawing the second: its buffer is only guaranteed within this task, and so is this.
    out.width = first.width * 2 + gap;
    out.height = first.height;
    const c = ctx();
    c.fillStyle = '#ffffff';
    c.fillRect(0, 0, out.width, out.height);
    c.drawImage(first, 0, 0);
    const second = drawn(maps[1]!);
    c.drawImage(second, first.width + gap, 0, first.width, first.height);
    return { canvas: out, metersPerPixel: mpp };
  }
  // Swipe: A everywhere, B right of the divider, and the divider.
  out.width = first.width;
  out.height = first.height;
  const c = ctx();
  c.fillStyle = '#f4f3ef';
  c.fillRect(0, 0, out.width, out.height);
  c.drawImage(first, 0, 0);
  const second = drawn(maps[1]!);
  const x = Math.round(out.width * swipe);
  c.save();
  c.beginPath();
  c.rect(x, 0, out.width - x, out.height);
  c.clip();
  c.fillStyle = '#f4f3ef';
  c.fillRect(x, 0, out.width - x, out.height);
  c.drawImage(second, 0, 0, out.width, out.height);
  c.restore();
  c.fillStyle = '#1d2a3a';
  c.fillRect(x - Math.round(1.5 * ratio), 0, Math.round(3 * ratio), out.height);
  return { canvas: out, metersPerPixel: mpp };
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/** Resolves once every map of the view shows the same camera and has every layer loaded (or after timeoutMs). */
export async function settled(view: CaptureView, timeoutMs = 8000): Promise<void> {
  const start = performance.now();
  for (;;) {
    await frame();
    await frame();
    const maps = mapsOf(view).map((n) => mountedMap(n));
    const ready = maps.every((h) => h?.hook.deck?.isInitialized && h.hook.deck.props.layers.every((l) => !l || typeof l !== 'object' || !('isLoaded' in l) || l.isLoaded));
    const v0 = maps[0]?.hook.viewState;
    const same = maps.every((h) => {
      const v = h?.hook.viewState;
      return v && v0 && Math.abs(v.longitude - v0.longitude) < 1e-9 && Math.abs(v.latitude - v0.latitude) < 1e-9 && Math.abs(v.zoom - v0.zoom) < 1e-6;
    });
    if ((ready && same) || performance.now() - start > timeoutMs) return;
  }
}

/** Moves the view's maps to show bbox (at once) and waits until they have drawn it. */
export async function showBbox(view: CaptureView, bbox: Bbox): Promise<void> {
  mountedMap(mapsOf(view)[0]!)?.hook.zoomTo(bbox);
  await settled(view);
}
