// Editing through the real UI in browser mode, with the mouse and the keyboard, checked against what the workspace
// file holds afterwards (opened read-only with SpatiaLite beside the running app): a polygon drawn in 城镇开发边界
// with one vertex snapped onto a 三调 parcel's vertex lands on it bit for bit; a split by a drawn line gives pieces
// that tile the original exactly; Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo it; a vertex shared by the pieces,
// dragged with topological editing on, moves in both (one undo restores both); a polygon that avoid-overlap would
// empty (wholly inside 生态保护红线) is refused with an error and writes nothing; tracing follows a parcel's boundary;
// rectangles follow the Gauss–Krüger grid (corners sharing x and y bit for bit) or, from 3 points, keep right
// angles, with no hover highlight while drawing; two parcels' attributes edited at once show 〈多个值〉 where they
// differ and get only the changed field, in one undo step.
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpatialite } from '../../main/core/db/spatialite.js';
import { screenshotPath, startApp, type AppUnderTest } from './harness.js';
import { type PageWindow, waitForFillLayer } from './map-probe.js';

type XY = [number, number];
type LonLat = [number, number];

/** What the page exposes of the editing session (renderer/src/editing/useEditSession.ts). */
interface EditingWindow {
  __sanxianEditing?: {
    session: {
      previewStore: { get(): { snap: { kind: string; position: LonLat } | null; polygons: unknown[] } };
      statusStore: { get(): { vertexCount: number; areaM2: number | null; snapped: string | null } };
      settingsStore: { get(): { layerId: number | null; snap: { enabled: boolean; layerIds: number[] }; avoidOverlapLayerIds: number[] } };
      tool: { get(): string | null };
      busyStore: { get(): boolean };
    };
    geometryLoadStats: { full: number; patched: number };
  };
}

function openDb(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  loadSpatialite(db);
  return db;
}

/** Vertices (exterior and holes, every part) of 2D WKB (Multi)Polygon, exact. */
function wkbVertices(wkb: Buffer): XY[] {
  const out: XY[] = [];
  let o = 0;
  const geom = (): void => {
    const le = wkb.readUInt8(o) === 1;
    const type = (le ? wkb.readUInt32LE(o + 1) : wkb.readUInt32BE(o + 1)) % 1000;
    o += 5;
    const u32 = () => {
      const v = le ? wkb.readUInt32LE(o) : wkb.readUInt32BE(o);
      o += 4;
      return v;
    };
    const f64 = () => {
      const v = le ? wkb.readDoubleLE(o) : wkb.readDoubleBE(o);
      o += 8;
      return v;
    };
    if (type === 3) {
      const rings = u32();
      for (let r = 0; r < rings; r++) {
        const n = u32();
        for (let i = 0; i < n; i++) out.push([f64(), f64()]);
      }
    } else if (type === 6 || type === 7) {
      const n = u32();
      for (let i = 0; i < n; i++) geom();
    } else throw new Error(`unexpected WKB type ${type}`);
  };
  geom();
  return out;
}

/** Page coordinates of a lon/lat on the map, as deck.gl projects it now. */
async function screenOf(page: Page, p: LonLat): Promise<XY> {
  const [x, y] = await page.evaluate((pos) => {
    const vp = (window as unknown as PageWindow & { __sanxian: { deck: { getViewports(): { project(p: number[]): number[] }[] } } }).__sanxian.deck.getViewports()[0]!;
    return vp.project(pos);
  }, p);
  const box = (await page.getByTestId('map').boundingBox())!;
  return [box.x + x!, box.y + y!];
}

async function zoomAround(page: Page, [lon, lat]: LonLat, d: number) {
  await page.evaluate((b) => (window as unknown as PageWindow).__sanxian!.zoomTo(b as [number, number, number, number]), [lon - d, lat - d * 0.8, lon + d, lat + d * 0.8]);
  // Wait until the camera is there (software WebGL draws a few frames a second).
  await page.waitForFunction(
    ([x, y]) => {
      const v = (window as unknown as PageWindow).__sanxian!.viewState;
      return Math.abs(v.longitude - x!) < 1e-6 && Math.abs(v.latitude - y!) < 1e-6;
    },
    [lon, lat],
    { timeout: 30_000 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const session = (page: Page) => ({
  snapKind: () => page.evaluate(() => (window as unknown as EditingWindow).__sanxianEditing!.session.previewStore.get().snap?.kind ?? null),
  vertexCount: () => page.evaluate(() => (window as unknown as EditingWindow).__sanxianEditing!.session.statusStore.get().vertexCount),
  stats: () => page.evaluate(() => ({ ...(window as unknown as EditingWindow).__sanxianEditing!.geometryLoadStats })),
  idle: () => page.waitForFunction(() => !(window as unknown as EditingWindow).__sanxianEditing!.session.busyStore.get(), undefined, { timeout: 60_000 }),
});

/** Moves the mouse there in a few steps (the adapter sees pointer moves) and waits for the snap answer. */
async function hover(page: Page, [x, y]: XY) {
  await page.mouse.move(x, y, { steps: 4 });
}

const count = (db: Database.Database, table: string) => (db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number);

describe('editing in the UI', () => {
  let app: AppUnderTest;
  let db: Database.Database;
  let layerIds: Map<string, number>;
  /** The feature drawn in the first test. */
  let drawnFid = 0;
  let drawnWkb: Buffer;
  let drawnArea = 0;

  beforeAll(async () => {
    app = await startApp({ parcels: 2000, viewport: { width: 1500, height: 900 } });
    await app.page.getByTestId('layer-row-dltb').waitFor({ timeout: 60_000 });
    await waitForFillLayer(app.page, 'dltb');
    db = openDb(app.workspacePath);
    layerIds = new Map((db.prepare('SELECT table_name, id FROM sx_layers').all() as { table_name: string; id: number }[]).map((r) => [r.table_name, r.id]));
  });

  afterAll(async () => {
    db?.close();
    await app?.close();
  });

  it('draws a polygon in 城镇开发边界 with a vertex snapped exactly onto a 三调 parcel vertex', async () => {
    const { page } = app;
    // A parcel vertex away from the lines' features: its exact x, y and its lon/lat.
    const parcel = db.prepare(`SELECT fid, AsBinary(geom) wkb FROM dltb WHERE ST_Area(geom) > 40000
        AND fid NOT IN (SELECT d.fid FROM dltb d, czkfbj c WHERE ST_Intersects(d.geom, c.geom)) ORDER BY fid LIMIT 1 OFFSET 200`).get() as { fid: number; wkb: Buffer };
    const vertex = wkbVertices(parcel.wkb)[0]!;
    const lonLat = db.prepare('SELECT X(p), Y(p) FROM (SELECT ST_Transform(MakePoint(?, ?, (SELECT srid FROM geometry_columns WHERE f_table_name = \'dltb\')), 4490) p)')
      .raw().get(vertex[0], vertex[1]) as LonLat;
    const before = count(db, 'czkfbj');

    await zoomAround(page, lonLat, 0.004);
    await page.getByTestId('edit-start').selectOption(String(layerIds.get('czkfbj')));
    await page.getByTestId('edit-toolbar').locator('[data-testid="tool-draw-polygon"]').waitFor();
    // Snapping is on by default, to the edited layer and the visible ones (三调 among them).
    const settings = await page.evaluate(() => (window as unknown as EditingWindow).__sanxianEditing!.session.settingsStore.get());
    expect(settings.snap.enabled).toBe(true);
    expect(settings.snap.layerIds).toContain(layerIds.get('dltb'));
    await page.getByTestId('tool-draw-polygon').click();

    const [vx, vy] = await screenOf(page, lonLat);
    // Three free vertices well away from the parcel vertex, then the snapped one.
    const corners: XY[] = [[vx + 160, vy + 5], [vx + 170, vy + 130], [vx + 10, vy + 140]];
    const s = session(page);
    for (const c of corners) {
      await hover(page, c);
      await page.mouse.click(c[0], c[1]);
    }
    await expect.poll(s.vertexCount, { timeout: 30_000 }).toBe(3);
    await hover(page, [vx + 4, vy - 3]);
    await expect.poll(s.snapKind, { timeout: 30_000 }).toBe('vertex');
    await expect.poll(() => page.getByTestId('status-snap').getAttribute('data-snapped'), { timeout: 10_000 }).toBe('vertex');
    await expect(page.getByTestId('status-area').textContent()).resolves.toMatch(/公顷（.*亩）/);
    await page.screenshot({ path: screenshotPath('editing-01-draw-snap.png') });

    await page.mouse.click(vx + 4, vy - 3);
    await expect.poll(s.vertexCount, { timeout: 30_000 }).toBe(4);
    await page.keyboard.press('Enter');

    // The form enforces the required fields before anything is sent.
    const form = page.getByTestId('attribute-form');
    await form.waitFor({ timeout: 30_000 });
    await page.getByTestId('attribute-form-save').click();
    await expect(page.getByTestId('attribute-form-issues').textContent()).resolves.toContain('XZQDM');
    expect(count(db, 'czkfbj')).toBe(before);
    await page.getByTestId('attr-input-XZQDM').fill('320413100');
    await expect.poll(() => page.getByTestId('attr-input-XZQMC').inputValue()).toBe('金城镇');
    await page.getByTestId('attr-input-KFBJLX').fill('集中建设区');
    await page.screenshot({ path: screenshotPath('editing-02-attribute-form.png') });
    await page.getByTestId('attribute-form-save').click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });

    expect(count(db, 'czkfbj')).toBe(before + 1);
    const created = db.prepare('SELECT fid, AsBinary(geom) wkb, XZQDM, XZQMC, MJ, ST_Area(geom) area FROM czkfbj ORDER BY fid DESC LIMIT 1').get() as
      { fid: number; wkb: Buffer; XZQDM: string; XZQMC: string; MJ: number; area: number };
    expect(created).toMatchObject({ XZQDM: '320413100', XZQMC: '金城镇' });
    expect(created.MJ).toBeGreaterThan(0);
    const vertices = wkbVertices(created.wkb);
    // Bit for bit: the snapped vertex is the parcel's own coordinates, not a re-projected or rounded copy.
    expect(vertices.some(([x, y]) => x === vertex[0] && y === vertex[1])).toBe(true);
    drawnFid = created.fid;
    drawnWkb = created.wkb;
    drawnArea = created.area;

    // The map shows it without refetching the layer: the cached geometry was patched with the new feature.
    await expect.poll(async () => (await s.stats()).patched, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('editing-03-saved.png') });
  });

  it('splits it with a drawn line: two pieces that add up to it exactly, without a gap', async () => {
    const { page } = app;
    const s = session(page);
    const before = count(db, 'czkfbj');
    const centre = db.prepare('SELECT X(c), Y(c) FROM (SELECT ST_Transform(ST_Centroid(geom), 4490) c FROM czkfbj WHERE fid = ?)').raw().get(drawnFid) as LonLat;
    const [cx, cy] = await screenOf(page, centre);

    await page.getByTestId('tool-split-by-line').click();
    await hover(page, [cx - 150, cy + 3]);
    await page.mouse.click(cx - 150, cy + 3);
    await expect.poll(s.vertexCount, { timeout: 30_000 }).toBe(1);
    await hover(page, [cx + 150, cy - 3]);
    await page.mouse.dblclick(cx + 150, cy - 3);
    await expect.poll(() => count(db, 'czkfbj'), { timeout: 60_000 }).toBe(before + 1);
    await s.idle();

    const pieces = db.prepare('SELECT fid, ST_Area(geom) area FROM czkfbj WHERE fid = ? OR fid > ?').all(drawnFid, drawnFid) as { fid: number; area: number }[];
    expect(pieces).toHaveLength(2);
    const sum = pieces[0]!.area + pieces[1]!.area;
    expect(Math.abs(sum - drawnArea) / drawnArea).toBeLessThan(1e-9);
    // No gap, no overlap: the pieces' union is the original, to the area of a hair (SpatiaLite answers an empty
    // difference with NULL).
    const check = db.prepare(`SELECT ST_Area(o) original, ST_Area(u) united, ST_Area(ST_Difference(o, u)) gap, ST_Area(ST_Difference(u, o)) extra
        FROM (SELECT GeomFromWKB(?) o, (SELECT ST_Union(geom) FROM czkfbj WHERE fid = ? OR fid > ?) u)`)
      .get(drawnWkb, drawnFid, drawnFid) as { original: number; united: number; gap: number | null; extra: number | null };
    expect(Math.abs(check.original - drawnArea)).toBeLessThan(1e-9 * drawnArea);
    expect(Math.abs(check.united - drawnArea) / drawnArea).toBeLessThan(1e-9);
    expect(check.gap ?? 0).toBeLessThan(1e-6);
    expect(check.extra ?? 0).toBeLessThan(1e-6);
    await page.screenshot({ path: screenshotPath('editing-04-split.png') });
  });

  it('undoes and redoes the split with the keyboard, the file following each step', async () => {
    const { page } = app;
    const s = session(page);
    const split = count(db, 'czkfbj');
    const geometryOf = () => db.prepare('SELECT AsBinary(geom) FROM czkfbj WHERE fid = ?').pluck().get(drawnFid) as Buffer;

    await page.keyboard.press('Control+z');
    await expect.poll(() => count(db, 'czkfbj'), { timeout: 60_000 }).toBe(split - 1);
    await s.idle();
    // Undo restores the feature bit for bit.
    expect(geometryOf().equals(drawnWkb)).toBe(true);

    await page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => count(db, 'czkfbj'), { timeout: 60_000 }).toBe(split);
    await s.idle();
    expect(geometryOf().equals(drawnWkb)).toBe(false);

    await page.keyboard.press('Control+z');
    await expect.poll(() => count(db, 'czkfbj'), { timeout: 60_000 }).toBe(split - 1);
    await s.idle();
    await page.keyboard.press('Control+y');
    await expect.poll(() => count(db, 'czkfbj'), { timeout: 60_000 }).toBe(split);
    await s.idle();

    // The history (kept in the workspace) lists what was done, when and by whom.
    await page.getByTestId('edit-history-button').click();
    const entries = page.getByTestId('history-entry');
    await expect.poll(() => entries.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
    const actions = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions.slice(0, 5)).toEqual(['redo', 'undo', 'redo', 'undo', 'split']);
    const logged = db.prepare("SELECT action FROM sx_edit_log WHERE action IN ('create','split','undo','redo') ORDER BY id").pluck().all();
    expect(logged).toEqual(['create', 'split', 'undo', 'redo', 'undo', 'redo']);
    await page.screenshot({ path: screenshotPath('editing-05-history.png') });
    await page.getByTestId('edit-history-button').click();
  });

  it('drags a vertex shared by the two pieces with topological editing on: both follow, exactly; undo restores both', async () => {
    const { page } = app;
    const s = session(page);
    const pieces = () => db.prepare('SELECT fid, AsBinary(geom) wkb FROM czkfbj WHERE fid = ? OR fid > ? ORDER BY fid').all(drawnFid, drawnFid) as { fid: number; wkb: Buffer }[];
    const [a, b] = pieces();
    const key = ([x, y]: XY) => `${x},${y}`;
    const inB = new Set(wkbVertices(b!.wkb).map(key));
    // The cut's ends: vertices both pieces have, bit for bit.
    const shared = wkbVertices(a!.wkb).filter((p) => inB.has(key(p)));
    expect(shared.length).toBeGreaterThanOrEqual(2);
    const vertex = shared[0]!;
    const lonLat = db.prepare("SELECT X(p), Y(p) FROM (SELECT ST_Transform(MakePoint(?, ?, (SELECT srid FROM geometry_columns WHERE f_table_name = 'czkfbj')), 4490) p)")
      .raw().get(vertex[0], vertex[1]) as LonLat;
    const inside = db.prepare('SELECT X(c), Y(c) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4490) c FROM czkfbj WHERE fid = ?)').raw().get(a!.fid) as LonLat;

    await page.getByTestId('topo-toggle').check();
    await page.getByTestId('tool-vertex-edit').click();
    const [ix, iy] = await screenOf(page, inside);
    await page.mouse.click(ix, iy);
    await expect.poll(() => page.evaluate(() => (window as unknown as EditingWindow).__sanxianEditing!.session.previewStore.get().polygons.length), { timeout: 30_000 }).toBe(0);
    await page.waitForFunction(() => ((window as unknown as { __sanxianEditing: { session: { previewStore: { get(): { vertices: unknown[] } } } } }).__sanxianEditing.session.previewStore.get().vertices.length > 0), undefined, { timeout: 30_000 });
    const [vx, vy] = await screenOf(page, lonLat);
    await page.mouse.move(vx, vy, { steps: 3 });
    await page.mouse.down();
    await page.mouse.move(vx + 10, vy - 20, { steps: 5 });
    await page.mouse.move(vx + 20, vy - 40, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => wkbVertices(pieces()[0]!.wkb).some((p) => key(p) === key(vertex)), { timeout: 60_000 }).toBe(false);
    await s.idle();
    const [a2, b2] = pieces();
    // (A ring's first vertex is also its closing one: count distinct coordinates.)
    const before = new Set(wkbVertices(a!.wkb).map(key));
    const movedA = [...new Set(wkbVertices(a2!.wkb).map(key))].filter((k) => !before.has(k));
    expect(movedA).toHaveLength(1);
    // The neighbour's copy of the vertex moved to the very same coordinates, and the old one is gone from both.
    expect(wkbVertices(b2!.wkb).map(key)).toContain(movedA[0]);
    expect(wkbVertices(b2!.wkb).map(key)).not.toContain(key(vertex));
    expect(db.prepare('SELECT ST_Area(ST_Intersection(a.geom, b.geom)) FROM czkfbj a, czkfbj b WHERE a.fid = ? AND b.fid = ?').pluck().get(a!.fid, b!.fid) ?? 0).toBeLessThan(1e-6);
    await page.screenshot({ path: screenshotPath('editing-06-vertex-topological.png') });

    // One step: a single undo (the toolbar's button) puts both back, bit for bit.
    await page.getByTestId('edit-undo').click();
    await expect.poll(() => pieces()[0]!.wkb.equals(a!.wkb), { timeout: 60_000 }).toBe(true);
    await s.idle();
    expect(pieces()[1]!.wkb.equals(b!.wkb)).toBe(true);
    await page.getByTestId('topo-toggle').uncheck();
  });

  it('refuses a polygon that avoid-overlap would empty (inside 生态保护红线), writing nothing', async () => {
    const { page } = app;
    const s = session(page);
    const srid = db.prepare("SELECT srid FROM geometry_columns WHERE f_table_name = 'stbhhx'").pluck().get() as number;
    // A 40 m square well inside a red-line feature.
    const inside = db.prepare(`SELECT X(p) x, Y(p) y FROM (SELECT ST_PointOnSurface(geom) p, geom FROM stbhhx ORDER BY ST_Area(geom) DESC LIMIT 1)
        WHERE ST_Within(ST_Buffer(p, 60), geom)`).get() as { x: number; y: number } | undefined;
    expect(inside, 'an interior point of the largest red-line feature').toBeDefined();
    const corners = [[-20, -20], [20, -20], [20, 20], [-20, 20]].map(([dx, dy]) =>
      // (The SRID is bound as an integer: a JS number binds as REAL, which MakePoint does not take as an SRID.)
      db.prepare('SELECT X(p), Y(p) FROM (SELECT ST_Transform(MakePoint(?, ?, CAST(? AS INTEGER)), 4490) p)').raw().get(inside!.x + dx!, inside!.y + dy!, srid) as LonLat);
    const before = count(db, 'czkfbj');
    const lastEdit = db.prepare('SELECT max(id) FROM sx_edit_log').pluck().get() as number;

    await page.getByTestId('avoid').click();
    await page.getByTestId('avoid-stbhhx').check();
    await page.getByTestId('avoid').click();
    // Free vertices: no snapping for this one (S toggles it, as in QGIS).
    await page.getByTestId('tool-draw-polygon').click();
    await page.keyboard.press('s');
    await expect.poll(() => page.evaluate(() => (window as unknown as EditingWindow).__sanxianEditing!.session.settingsStore.get().snap.enabled)).toBe(false);

    const centre: LonLat = [(corners[0]![0] + corners[2]![0]) / 2, (corners[0]![1] + corners[2]![1]) / 2];
    await zoomAround(page, centre, 0.0015);
    for (const c of corners) {
      const [x, y] = await screenOf(page, c);
      await hover(page, [x, y]);
      await page.mouse.click(x, y);
    }
    await expect.poll(s.vertexCount, { timeout: 30_000 }).toBe(4);
    // Live validation already says it will be clipped away.
    await expect.poll(() => page.getByTestId('status-problem').textContent(), { timeout: 30_000 }).toMatch(/避让后为空/);
    await page.keyboard.press('Enter');
    await page.getByTestId('attribute-form').waitFor({ timeout: 30_000 });
    await page.getByTestId('attr-input-XZQDM').fill('320413100');
    await page.getByTestId('attribute-form-save').click();

    await page.getByTestId('error-dialog').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('error-code').textContent()).resolves.toBe('EMPTY_RESULT');
    await expect(page.getByTestId('error-message').textContent()).resolves.toMatch(/生态保护红线/);
    await page.screenshot({ path: screenshotPath('editing-07-avoid-overlap-empty.png') });
    expect(count(db, 'czkfbj')).toBe(before);
    expect(db.prepare('SELECT max(id) FROM sx_edit_log').pluck().get()).toBe(lastEdit);

    await page.getByTestId('error-dialog').getByRole('button').click();
    await page.getByTestId('attribute-form-cancel').click();
    await page.getByTestId('attribute-form').waitFor({ state: 'detached' });
    expect(app.pageErrors).toEqual([]);
  });

  it('traces along a parcel boundary between two snapped clicks (T), the parcel\'s own vertices in between', async () => {
    const { page } = app;
    const s = session(page);
    // A parcel with a few vertices between its first and fourth; the trace follows its boundary the short way.
    const parcel = db.prepare(`SELECT fid, AsBinary(geom) wkb FROM dltb WHERE ST_NPoints(geom) BETWEEN 8 AND 14 AND ST_Area(geom) > 60000
        ORDER BY fid LIMIT 1 OFFSET 100`).get() as { fid: number; wkb: Buffer };
    const ring = wkbVertices(parcel.wkb);
    const lonLatOf = ([x, y]: XY) => db.prepare("SELECT X(p), Y(p) FROM (SELECT ST_Transform(MakePoint(?, ?, (SELECT srid FROM geometry_columns WHERE f_table_name = 'dltb')), 4490) p)")
      .raw().get(x, y) as LonLat;
    const a = lonLatOf(ring[0]!);
    const b = lonLatOf(ring[3]!);
    await zoomAround(page, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], 0.004);

    await page.getByTestId('tool-draw-polygon').click();
    // Snapping back on (the previous test turned it off), tracing on, both by keyboard.
    await page.keyboard.press('s');
    await page.keyboard.press('t');
    await expect.poll(() => page.evaluate(() => {
      const st = (window as unknown as EditingWindow).__sanxianEditing!.session.settingsStore.get() as unknown as { snap: { enabled: boolean }; tracing: boolean };
      return st.snap.enabled && st.tracing;
    })).toBe(true);
    for (const p of [a, b]) {
      const [x, y] = await screenOf(page, p);
      await hover(page, [x + 2, y + 2]);
      await expect.poll(s.snapKind, { timeout: 30_000 }).toBe('vertex');
      await page.mouse.click(x + 2, y + 2);
    }
    // Two clicks, and the boundary between them: vertices 1 and 2 of the parcel (or more, the other way round).
    await expect.poll(s.vertexCount, { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    // Along a parcel's own boundary: no self-intersection flagged (an overlap with the edited or protected layers
    // may be, depending on where the parcel lies; that is main's answer, not the sketch's shape).
    const problem = page.getByTestId('status-problem');
    await expect.poll(async () => ((await problem.count()) ? await problem.textContent() : ''), { timeout: 10_000 }).not.toMatch(/自相交/);
    await page.screenshot({ path: screenshotPath('editing-08-tracing.png') });
    await page.keyboard.press('Escape');
    await expect.poll(s.vertexCount).toBe(0);
    await page.keyboard.press('t');
    expect(app.pageErrors).toEqual([]);
  });

  it('draws rectangles along the Gauss–Krüger grid (corners sharing x and y exactly) and from 3 points (right angles); no hover highlight while drawing', async () => {
    const { page } = app;
    const s = session(page);
    // Away from the red line, and no avoid-overlap for this one.
    await page.getByTestId('avoid').click();
    await page.getByTestId('avoid-stbhhx').uncheck();
    await page.getByTestId('avoid').click();
    const centre = db.prepare('SELECT X(c), Y(c) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4490) c FROM czkfbj WHERE fid = ?)').raw().get(drawnFid) as LonLat;
    await zoomAround(page, centre, 0.003);
    const fillHighlights = () => page.evaluate(() => {
      const deck = (window as unknown as { __sanxian: { deck: { props: { layers: { id: string; props: { autoHighlight: boolean } }[] } } } }).__sanxian.deck;
      return Object.fromEntries(deck.props.layers.filter((l) => l && l.id.startsWith('fill:')).map((l) => [l.id.slice(5), l.props.autoHighlight]));
    });
    // The select tool highlights only the edited layer's features; a drawing tool none.
    await page.getByTestId('tool-select').click();
    await expect.poll(async () => (await fillHighlights()).czkfbj).toBe(true);
    expect((await fillHighlights()).dltb).toBe(false);
    await page.keyboard.press('r');
    await expect.poll(async () => Object.values(await fillHighlights()).some(Boolean)).toBe(false);

    const [cx, cy] = await screenOf(page, centre);
    const latest = () => db.prepare('SELECT fid, AsBinary(geom) wkb FROM czkfbj ORDER BY fid DESC LIMIT 1').get() as { fid: number; wkb: Buffer };
    const save = async () => {
      await page.getByTestId('attribute-form').waitFor({ timeout: 30_000 });
      await page.getByTestId('attr-input-XZQDM').fill('320413100');
      await page.getByTestId('attribute-form-save').click();
      await page.getByTestId('attribute-form').waitFor({ state: 'detached', timeout: 30_000 });
      await s.idle();
    };
    // Free clicks (no snapping), so the corners are where the pointer is.
    await page.keyboard.press('s');
    const lastBefore = latest().fid;
    for (const [x, y] of [[cx + 200, cy - 150], [cx + 330, cy - 60]] as XY[]) {
      await hover(page, [x, y]);
      await page.mouse.click(x, y);
    }
    await save();
    const rect = latest();
    expect(rect.fid).toBeGreaterThan(lastBefore);
    const corners = wkbVertices(rect.wkb).slice(0, 4);
    // Two distinct x and two distinct y over the four corners, bit for bit: sides along the grid, not the meridians
    // (at 119.5°E the grid of EPSG:4528 is turned by about 0.26° against them).
    expect(new Set(corners.map(([x]) => x)).size).toBe(2);
    expect(new Set(corners.map(([, y]) => y)).size).toBe(2);
    await page.screenshot({ path: screenshotPath('editing-09-rectangle.png') });

    await page.getByTestId('rectangle-mode').selectOption('threePoints');
    for (const [x, y] of [[cx + 200, cy + 40], [cx + 330, cy + 90], [cx + 300, cy + 160]] as XY[]) {
      await hover(page, [x, y]);
      await page.mouse.click(x, y);
    }
    await save();
    const rotated = wkbVertices(latest().wkb).slice(0, 5);
    const side = (i: number): XY => [rotated[i + 1]![0] - rotated[i]![0], rotated[i + 1]![1] - rotated[i]![1]];
    for (let i = 0; i < 4; i++) {
      const [a, b] = [side(i), side((i + 1) % 4)];
      expect(Math.abs(a[0] * b[0] + a[1] * b[1]) / (Math.hypot(...a) * Math.hypot(...b))).toBeLessThan(1e-9);
    }
    expect(Math.abs(Math.hypot(...side(0)) - Math.hypot(...side(2)))).toBeLessThan(1e-6);
    // Rotated: its sides are not along the grid.
    expect(Math.abs(side(0)[1])).toBeGreaterThan(1);
    await page.keyboard.press('s');
    await page.getByTestId('rectangle-mode').selectOption('extent');
    expect(app.pageErrors).toEqual([]);
  });

  it('edits the attributes of two parcels at once: differing fields show 〈多个值〉, only the changed field is written to both, one undo', async () => {
    const { page } = app;
    const s = session(page);
    // Two touching parcels with different 图斑编号 and 地类.
    const pair = db.prepare(`SELECT a.fid fa, b.fid fb, a.TBBH ta, b.TBBH tb, a.DLBM da, b.DLBM db FROM dltb a, dltb b
        WHERE a.fid < b.fid AND a.DLBM <> b.DLBM AND a.TBBH <> b.TBBH AND MbrIntersects(a.geom, b.geom) AND ST_Touches(a.geom, b.geom)
        AND ST_Area(a.geom) > 30000 AND ST_Area(b.geom) > 30000 LIMIT 1`).get() as { fa: number; fb: number; ta: string; tb: string; da: string; db: string };
    expect(pair).toBeDefined();
    const point = (fid: number) => db.prepare('SELECT X(c), Y(c) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4490) c FROM dltb WHERE fid = ?)').raw().get(fid) as LonLat;
    const [pa, pb] = [point(pair.fa), point(pair.fb)];
    await zoomAround(page, [(pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2], 0.006);
    await page.getByTestId('edit-layer').selectOption(String(layerIds.get('dltb')));
    await page.getByTestId('tool-select').click();
    const [ax, ay] = await screenOf(page, pa);
    const [bx, by] = await screenOf(page, pb);
    await page.mouse.click(ax, ay);
    await page.keyboard.down('Shift');
    await page.mouse.click(bx, by);
    await page.keyboard.up('Shift');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __sanxianEditing: { session: { selection(): unknown[] } } }).__sanxianEditing.session.selection().length)).toBe(2);

    await page.getByTestId('edit-attributes').click();
    const form = page.getByTestId('attribute-form');
    await form.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('attr-input-TBBH').getAttribute('data-mixed'), { timeout: 30_000 }).toBe('true');
    // Not the first feature's values: empty, marked mixed.
    await expect(page.getByTestId('attr-input-TBBH').inputValue()).resolves.toBe('');
    await expect(page.getByTestId('attr-input-TBBH').getAttribute('placeholder')).resolves.toContain('多个值');
    await expect(page.getByTestId('attr-input-DLBM').inputValue()).resolves.toBe('');
    await expect(form.textContent()).resolves.toContain('2 个要素');
    const lastEdit = db.prepare('SELECT max(id) FROM sx_edit_log').pluck().get() as number;
    await page.getByTestId('attr-input-BZ').fill('批量备注');
    await page.screenshot({ path: screenshotPath('editing-10-attributes-mixed.png') });
    await page.getByTestId('attribute-form-save').click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    await s.idle();

    const rows = () => db.prepare('SELECT fid, TBBH, DLBM, BZ FROM dltb WHERE fid IN (?, ?) ORDER BY fid').all(pair.fa, pair.fb) as { fid: number; TBBH: string; DLBM: string; BZ: string | null }[];
    expect(rows()).toEqual([
      { fid: pair.fa, TBBH: pair.ta, DLBM: pair.da, BZ: '批量备注' },
      { fid: pair.fb, TBBH: pair.tb, DLBM: pair.db, BZ: '批量备注' },
    ]);
    // One step for both.
    const steps = db.prepare('SELECT id, action FROM sx_edit_log WHERE id > ?').all(lastEdit) as { id: number; action: string }[];
    expect(steps.map((r) => r.action)).toEqual(['updateAttributes']);
    expect(db.prepare('SELECT count(*) FROM sx_edit_images WHERE edit_id = ?').pluck().get(steps[0]!.id)).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => rows().map((r) => r.BZ), { timeout: 60_000 }).not.toContain('批量备注');
    await s.idle();
    expect(app.pageErrors).toEqual([]);
  });
});
