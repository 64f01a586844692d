// Reading the map from a test: deck.gl state and pixels through the window.__sanxian hook the renderer exposes.
import type { Page } from 'playwright-core';

type Bbox = [number, number, number, number];

/** The slice of deck.gl and of window.__sanxian (renderer/src/map/MapView.tsx) the probes use. */
interface DeckLike {
  props: { layers: ({ id?: string; isLoaded?: boolean } | null)[] };
  getCanvas(): HTMLCanvasElement | null;
  redraw(reason?: string): void;
  pickObject(opts: { x: number; y: number; radius?: number }): { layer?: { id: string } | null; index: number } | null;
}
export interface SanxianHook {
  deck?: DeckLike;
  viewState: { longitude: number; latitude: number; zoom: number };
  firstFrameMs?: number;
  zoomTo(bbox: Bbox): void;
  setView(view: { longitude: number; latitude: number; zoom: number }): void;
}
/** Page-side access; only a type, so it is erased from the functions playwright ships to the page. */
export type PageWindow = { __sanxian?: SanxianHook };

/** Resolves once deck.gl has a fill layer for `table` and has drawn it. */
export async function waitForFillLayer(page: Page, table: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const deck = (window as unknown as PageWindow).__sanxian?.deck;
      return Boolean(deck?.props.layers.find((l) => l?.id === id)?.isLoaded);
    },
    `fill:${table}`,
    { timeout },
  );
  // One more frame so the layer is on screen, not just created.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function hasDeckLayer(page: Page, id: string): Promise<boolean> {
  return page.evaluate(
    (layerId) => Boolean((window as unknown as PageWindow).__sanxian?.deck?.props.layers.some((l) => l?.id === layerId)),
    id,
  );
}

export async function viewState(page: Page): Promise<SanxianHook['viewState']> {
  return page.evaluate(() => {
    const { longitude, latitude, zoom } = (window as unknown as PageWindow).__sanxian!.viewState;
    return { longitude, latitude, zoom };
  });
}

export async function zoomTo(page: Page, bbox: Bbox): Promise<void> {
  await page.evaluate((b) => (window as unknown as PageWindow).__sanxian!.zoomTo(b), bbox);
  await page.waitForTimeout(300);
  await waitForStableView(page);
}

/**
 * Until the view (camera and canvas size) has not moved for half a second: a transition or a panel closing resizes
 * the map over several frames, and on a loaded machine those frames come late, so a point picked before then is
 * somewhere else when the click lands.
 */
export async function waitForStableView(page: Page, timeout = 30_000): Promise<void> {
  await page.evaluate((limit) => new Promise<void>((resolve, reject) => {
    const w = window as unknown as PageWindow;
    const state = () => {
      const canvas = w.__sanxian!.deck?.getCanvas();
      return JSON.stringify([w.__sanxian!.viewState, canvas?.clientWidth, canvas?.clientHeight]);
    };
    const started = performance.now();
    let last = state();
    let since = performance.now();
    const tick = () => {
      const now = state();
      if (now !== last) { last = now; since = performance.now(); }
      if (performance.now() - since >= 500) { resolve(); return; }
      if (performance.now() - started > limit) { reject(new Error('the map view kept moving')); return; }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), timeout);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The map as deck.gl draws it now: every 2nd pixel of every 2nd row, RGBA, kept in the page under `name`. */
export async function snapshotMap(page: Page, name: string): Promise<void> {
  await page.evaluate((key) => {
    const deck = (window as unknown as PageWindow).__sanxian!.deck!;
    // Draw now and copy in the same task: WebGL keeps the drawing buffer readable until the frame is composited.
    deck.redraw('e2e probe');
    const source = deck.getCanvas()!;
    const copy = document.createElement('canvas');
    copy.width = Math.floor(source.width / 2);
    copy.height = Math.floor(source.height / 2);
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(source, 0, 0, copy.width, copy.height);
    const store = ((window as unknown as { __e2eSnapshots?: Record<string, Uint8ClampedArray> }).__e2eSnapshots ??= {});
    store[key] = ctx.getImageData(0, 0, copy.width, copy.height).data;
  }, name);
}

/** Share of map pixels deck.gl painted at all (the light background is the page, not the canvas). */
export async function paintedFraction(page: Page, name: string): Promise<number> {
  return page.evaluate((key) => {
    const data = (window as unknown as { __e2eSnapshots: Record<string, Uint8ClampedArray> }).__e2eSnapshots[key]!;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted / (data.length / 4);
  }, name);
}

/** Share of pixels whose colour differs noticeably between two snapshots. */
export async function changedFraction(page: Page, a: string, b: string): Promise<number> {
  return page.evaluate(([ka, kb]) => {
    const store = (window as unknown as { __e2eSnapshots: Record<string, Uint8ClampedArray> }).__e2eSnapshots;
    const x = store[ka!]!;
    const y = store[kb!]!;
    let changed = 0;
    for (let i = 0; i < x.length; i += 4) {
      const d = Math.abs(x[i]! - y[i]!) + Math.abs(x[i + 1]! - y[i + 1]!) + Math.abs(x[i + 2]! - y[i + 2]!) + Math.abs(x[i + 3]! - y[i + 3]!);
      if (d > 24) changed++;
    }
    return changed / (x.length / 4);
  }, [a, b]);
}

/**
 * Screen point (page coordinates) where the top-most pickable feature belongs to `table`, scanning a grid over the
 * middle of the map: the first parcel that a click would select.
 */
export async function findFeaturePoint(page: Page, table: string): Promise<{ x: number; y: number; index: number } | null> {
  const point = await page.evaluate((id) => {
    const deck = (window as unknown as PageWindow).__sanxian!.deck!;
    const canvas = deck.getCanvas()!;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    for (let gy = 0.3; gy <= 0.7; gy += 0.05) {
      for (let gx = 0.3; gx <= 0.7; gx += 0.05) {
        const x = Math.round(w * gx);
        const y = Math.round(h * gy);
        const picked = deck.pickObject({ x, y, radius: 0 });
        // Require the same answer a few pixels around, so the click cannot land on an outline or a sliver.
        const steady = [[-3, 0], [3, 0], [0, -3], [0, 3]].every(([dx, dy]) => {
          const p = deck.pickObject({ x: x + dx!, y: y + dy!, radius: 0 });
          return p?.layer?.id === id && p.index === picked?.index;
        });
        if (picked?.layer?.id === id && steady) return { x, y, index: picked.index };
      }
    }
    return null;
  }, `fill:${table}`);
  if (!point) return null;
  const box = await page.getByTestId('map').boundingBox();
  return box ? { x: box.x + point.x, y: box.y + point.y, index: point.index } : null;
}
