// The editing methods through a real host (browser mode: HTTP, zod at the boundary, binary framing): inputs and
// outputs validate, errors come back as {code, message}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage } from '../../shared/contract/codec.js';
import { parseOutput } from '../../shared/contract/contract.js';
import { Workbench } from '../../main/core/service.js';
import { startBrowserServer, type BrowserServer } from '../../main/hosts/browser/server.js';
import { buildFixture, corner, X0, Y0 } from './editing-fixtures.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let workbench: Workbench;
let server: BrowserServer;
let lonLat: (x: number, y: number) => number[];
let exactPos: (x: number, y: number) => number[];
let layers: ReturnType<typeof buildFixture>['layers'];

beforeAll(async () => {
  tmp = tempDir();
  const file = tmp.file('contract.sqlite');
  const f = buildFixture(file);
  layers = f.layers;
  const table = new Map<string, number[]>();
  for (const [x, y] of [corner(0, 3), corner(1, 3), corner(1, 4), corner(0, 0), [X0 + 30, Y0 + 0.4]] as [number, number][]) {
    table.set(`${x},${y}`, f.editor.ctx.projector.positions([[x, y]])[0]!);
  }
  lonLat = (x, y) => table.get(`${x},${y}`)!.slice(0, 2);
  exactPos = (x, y) => table.get(`${x},${y}`)!;
  f.ws.close();
  workbench = new Workbench({ host: 'browser', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state') });
  server = await startBrowserServer(workbench, { rendererDir: tmp.file('no-renderer') });
  await rpc('workspace.open', { path: file });
});

afterAll(async () => {
  await server.close();
  await workbench.dispose();
  tmp.cleanup();
});

async function rpc(method: string, input: unknown): Promise<{ ok: boolean; result?: any; error?: any }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/rpc/${method}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-sanxian-token': server.token }, body: JSON.stringify(input),
  });
  return decodeMessage(new Uint8Array(await res.arrayBuffer())) as never;
}

describe('editing over the contract', () => {
  it('creates, lists history, undoes, and returns what changed with the new layer info', async () => {
    const geometry = { type: 'Polygon', coordinates: [[lonLat(...corner(0, 3)), lonLat(...corner(1, 3)), lonLat(...corner(1, 4))]] };
    const r = await rpc('edit.create', { layerId: layers.dltb, geometry, attributes: { TBBH: 'c', DLBM: '0101' } });
    expect(r.ok).toBe(true);
    const result = parseOutput('edit.create', r.result);
    expect(result.changes[0]!.created).toHaveLength(1);
    expect(result.layers[0]!.featureCount).toBe(7);
    const h = await rpc('edit.history', { limit: 5 });
    expect(h.result.nextUndo.action).toBe('create');
    const u = await rpc('edit.undo', {});
    expect(u.result.changes[0].deleted).toEqual(result.changes[0]!.created);
    const redo = await rpc('edit.redo', {});
    expect(redo.ok).toBe(true);
    // Only the changed feature's geometry, to patch the map instead of refetching the layer.
    const part = await rpc('layers.featuresGeometry', { layerId: layers.dltb, fids: result.changes[0]!.created });
    const g = parseOutput('layers.featuresGeometry', part.result);
    expect(Array.from(g.fids)).toEqual(result.changes[0]!.created);
    expect(g.triangles.length).toBe(3);
  });

  it('snaps, traces, validates and lists admin units', async () => {
    const s = await rpc('snap.query', { position: lonLat(X0 + 30, Y0 + 0.4), toleranceM: 1, layerIds: [layers.dltb] });
    expect(s.result.snapped.kind).toBe('edge');
    const t = await rpc('snap.trace', { from: s.result.snapped.position, to: exactPos(...corner(0, 0)), layerIds: [layers.dltb] });
    expect(t.result.lengthM).toBeCloseTo(30, 6);
    const g = await rpc('edit.featureGeometry', { layerId: layers.dltb, fid: 1 });
    expect(g.ok).toBe(true);
    const v = await rpc('edit.validate', { layerId: layers.dltb, geometry: { type: 'Polygon', coordinates: g.result.parts[0] }, fid: 1 });
    expect(v.result).toMatchObject({ valid: true, overlaps: [] });
    const a = await rpc('domains.adminUnits', {});
    expect(a.result.towns[0].name).toBe('朱林镇');
  });

  it('rejects malformed requests at the boundary and reports operation errors with their code', async () => {
    const bad = await rpc('edit.create', { layerId: layers.dltb, geometry: { type: 'Polygon', coordinates: [[[1, 2, 3], [1, 2], [3, 4]]] } });
    expect(bad.error.code).toBe('BAD_REQUEST');
    const move = await rpc('edit.move', { layerId: layers.dltb, fids: [1], dx: 1 });
    expect(move.error.code).toBe('BAD_REQUEST');
    const nothing = await rpc('edit.merge', { layerId: layers.dltb, fids: [1, 6] });
    expect(nothing.error.code).toBe('NOT_ADJACENT');
    expect(nothing.error.message).toMatch(/不都相邻/);
  });
});
