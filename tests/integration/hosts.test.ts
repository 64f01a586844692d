import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeMessage } from '../../shared/contract/codec.js';
import { parseOutput } from '../../shared/contract/contract.js';
import { WorkerPool } from '../../main/core/jobs/worker-pool.js';
import { Workbench } from '../../main/core/service.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { startBrowserServer, type BrowserServer } from '../../main/hosts/browser/server.js';
import { square, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let workbench: Workbench;
let server: BrowserServer;
let wsPath: string;

beforeAll(async () => {
  tmp = tempDir();
  wsPath = tmp.file('hosts.sqlite');
  const ws = Workspace.create(wsPath, { name: '主机测试', srid: 4528 });
  const l = ws.addLayer('landuse');
  // A square with a square hole, and a two-part multipolygon.
  ws.insertFeatures(l.id, [
    { attributes: { TBBH: '1', DLBM: '0101' }, wkt: 'MULTIPOLYGON(((40450000 3510000,40451000 3510000,40451000 3511000,40450000 3511000,40450000 3510000),(40450200 3510200,40450200 3510800,40450800 3510800,40450800 3510200,40450200 3510200)))' },
    { attributes: { TBBH: '2', DLBM: '0301' }, wkt: 'MULTIPOLYGON(((40452000 3510000,40452100 3510000,40452100 3510100,40452000 3510000)),((40453000 3510000,40453100 3510000,40453100 3510100,40453000 3510100,40453000 3510000)))' },
  ]);
  ws.addLayer('town');
  ws.close();
  workbench = new Workbench({ host: 'browser', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state') });
  server = await startBrowserServer(workbench, { rendererDir: tmp.file('no-renderer') });
});

afterAll(async () => {
  await server.close();
  await workbench.dispose();
  tmp.cleanup();
});

async function rpc(method: string, input: unknown, token = server.token): Promise<{ ok: boolean; result?: any; error?: any; status: number }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/rpc/${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-sanxian-token': token }, body: JSON.stringify(input),
  });
  if (res.status !== 200) return { ok: false, status: res.status };
  return { ...(decodeMessage(new Uint8Array(await res.arrayBuffer())) as object), status: 200 } as never;
}

describe('browser-mode host', () => {
  it('serves only on loopback and only with the per-run token', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect((await rpc('app.info', {}, 'wrong')).status).toBe(403);
    const info = await rpc('app.info', {});
    expect(info.ok).toBe(true);
    expect(info.result.spatialiteVersion).toBe('5.0.1');
    expect(info.result.host).toBe('browser');
  });

  it('validates requests at the boundary and returns errors as {code, message}', async () => {
    const bad = await rpc('workspace.open', { path: 42 });
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('BAD_REQUEST');
    const missing = await rpc('workspace.open', { path: tmp.file('nope.sqlite') });
    expect(missing.error).toMatchObject({ code: 'NOT_FOUND' });
    expect((await rpc('no.such', {})).error.code).toBe('UNKNOWN_METHOD');
    expect((await rpc('layers.geometry', { layerId: 1 })).error.code).toBe('NO_WORKSPACE');
  });

  it('opens a workspace, pushes workspace.changed over the event socket, and serves binary layer geometry', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    const events: { event: string; payload: any }[] = [];
    socket.on('message', (m) => events.push(JSON.parse(String(m))));
    await new Promise((r) => socket.once('open', r));
    const opened = await rpc('workspace.open', { path: wsPath });
    expect(opened.ok).toBe(true);
    expect(opened.result.crsName).toContain('EPSG:4528');
    const landuse = opened.result.layers.find((l: any) => l.kind === 'landuse');
    expect(landuse.featureCount).toBe(2);

    const g = await rpc('layers.geometry', { layerId: landuse.id });
    const geom = parseOutput('layers.geometry', g.result);
    expect(geom.featureCount).toBe(2);
    expect(geom.partStarts.length - 1).toBe(3); // one polygon with a hole + two parts
    expect(geom.ringStarts.length - 1).toBe(4);
    expect(Array.from(geom.partFeature)).toEqual([0, 1, 1]);
    expect(geom.styleKeys[geom.featureStyle[0]!]).toBe('0101');
    // Triangles cover exactly the polygon area (hole excluded): sum of triangle areas in lon/lat ≈ ring areas.
    const p = geom.positions;
    let tri = 0;
    for (let i = 0; i < geom.triangles.length; i += 3) {
      const [a, b, c] = [geom.triangles[i]!, geom.triangles[i + 1]!, geom.triangles[i + 2]!];
      tri += Math.abs((p[b * 2]! - p[a * 2]!) * (p[c * 2 + 1]! - p[a * 2 + 1]!) - (p[c * 2]! - p[a * 2]!) * (p[b * 2 + 1]! - p[a * 2 + 1]!)) / 2;
    }
    const deg2 = (m2: number) => m2 / (111_320 * 94_780);
    expect(tri / deg2(1_000_000 - 360_000 + 5_000 + 10_000)).toBeCloseTo(1, 1);
    for (let i = 0; i < p.length; i += 2) {
      expect(p[i]).toBeGreaterThan(119.4);
      expect(p[i + 1]).toBeGreaterThan(31.6);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(events.some((e) => e.event === 'workspace.changed' && e.payload?.path === wsPath)).toBe(true);
    expect(events.some((e) => e.event === 'job.progress')).toBe(true);
    socket.close();

    const f = await rpc('features.get', { layerId: landuse.id, fid: 1 });
    expect(f.result.area.planar.m2).toBeCloseTo(640_000, 3);
    expect(f.result.area.planar.mu).toBeCloseTo(960, 6);
    const upd = await rpc('layers.update', { layerId: landuse.id, visible: false });
    expect(upd.result.visible).toBe(false);
    const recent = await rpc('workspace.recent', {});
    expect(recent.result[0].path).toBe(wsPath);
  });

  it('refuses the event socket without the token', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=nope`);
    const outcome = await new Promise((r) => { socket.once('open', () => r('open')); socket.once('error', () => r('refused')); });
    expect(outcome).toBe('refused');
  });
});

describe('worker threads', () => {
  it('load SpatiaLite inside the worker, report progress, and cancel', async () => {
    const pool = new WorkerPool(2);
    try {
      const ok = await pool.run('probe', {}).result;
      expect(ok).toEqual({ spatialite: '5.0.1', area: 4 });
      const progress: number[] = [];
      const long = pool.run('probe', { spinMs: 5000 }, (f) => progress.push(f));
      setTimeout(() => long.cancel(), 400);
      await expect(long.result).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(progress.length).toBeGreaterThan(0);
      // The pool is still usable after a cancel.
      expect((await pool.run('probe', {}).result).area).toBe(4);
    } finally {
      await pool.close();
    }
  });
});
