// A draft's own copy of a big layer is made when the user picks the layer to edit, in a worker: the event loop keeps
// running meanwhile, the copy is the baseline's table exactly (fids, attributes, geometry), the baseline is left
// untouched, cancelling leaves nothing behind, and the first edit then writes to the copy without copying again.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../main/core/sample/generate-sample.js';
import { Workbench } from '../../main/core/service.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let file: string;
let wb: Workbench;

function tableHash(table: string): string {
  const h = createHash('sha256');
  for (const row of wb.requireWorkspace().db.prepare(`SELECT * FROM "${table}" ORDER BY fid`).iterate() as Iterable<Record<string, unknown>>) {
    for (const [k, v] of Object.entries(row)) h.update(`${k}=`).update(Buffer.isBuffer(v) ? v : String(v)).update(';');
  }
  return h.digest('hex');
}
const dltb = () => wb.requireWorkspace().layersOfKind('landuse')[0]!;

beforeAll(async () => {
  tmp = tempDir('sanxian-prepare-');
  file = tmp.file('ws.sqlite');
  await generateSample(file, { parcels: 8000, seed: 3 });
  wb = new Workbench({ host: 'cli', version: 't', bundledSamplePath: '/nonexistent', stateDir: tmp.file('state') });
  wb.open(file);
}, 120_000);
afterAll(async () => {
  await wb?.dispose();
  tmp?.cleanup();
});

describe('schemes.prepareEdit', () => {
  it('cancelled: nothing is left behind and the draft still shares the baseline table', async () => {
    const draft = await wb.api['schemes.create']({ fromId: 1, name: '取消的草案' });
    await wb.api['schemes.activate']({ id: draft.id });
    const tablesBefore = wb.requireWorkspace().db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    let cancelled = false;
    const off = wb.on((event, payload) => {
      const p = payload as { jobId: string; fraction: number };
      if (event !== 'job.progress' || cancelled) return;
      cancelled = true;
      // As the cancel button does: once the job has started.
      setTimeout(() => void wb.api['jobs.cancel']({ jobId: p.jobId }), 0);
    });
    try {
      await expect(wb.api['schemes.prepareEdit']({ layerId: dltb().id })).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      off();
    }
    expect(dltb().table).toBe('dltb');
    expect(wb.requireWorkspace().db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(tablesBefore);
    await wb.api['schemes.activate']({ id: 1 });
    await wb.api['schemes.delete']({ id: draft.id });
  });

  it('copies in a worker while the event loop runs, exactly; the first edit then writes to the copy', async () => {
    const baselineHash = tableHash('dltb');
    const draft = await wb.api['schemes.create']({ fromId: 1, name: '草案' });
    await wb.api['schemes.activate']({ id: draft.id });
    const layer = dltb();
    expect(layer.table).toBe('dltb');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const progress: number[] = [];
    const off = wb.on((event, payload) => { if (event === 'job.progress') progress.push((payload as { fraction: number }).fraction); });
    const started = performance.now();
    const r = await wb.api['schemes.prepareEdit']({ layerId: layer.id });
    const ms = performance.now() - started;
    clearInterval(timer);
    off();
    expect(r.copied).toBe(true);
    expect(r.layer.table).toMatch(/^dltb_fa\d+$/);
    expect(r.layer.featureCount).toBe(layer.featureCount);
    // The event loop was free: the 5 ms timer kept firing through the copy (not one long block).
    expect(ticks).toBeGreaterThan(Math.min(10, ms / 5 / 4));
    expect(progress.some((f) => f > 0 && f < 1)).toBe(true);
    // The copy is the table, row for row; the baseline did not change.
    expect(tableHash(r.layer.table)).toBe(baselineHash);
    expect(tableHash('dltb')).toBe(baselineHash);
    expect(wb.requireWorkspace().db.prepare(`SELECT COUNT(*) FROM "idx_${r.layer.table}_geom"`).pluck().get()).toBe(layer.featureCount);
    // Again: nothing to do. The first edit writes to the copy.
    expect((await wb.api['schemes.prepareEdit']({ layerId: layer.id })).copied).toBe(false);
    const fid = wb.requireWorkspace().db.prepare(`SELECT fid FROM "${r.layer.table}" ORDER BY fid LIMIT 1`).pluck().get() as number;
    await wb.api['edit.delete']({ layerId: layer.id, fids: [fid] });
    expect(dltb().table).toBe(r.layer.table);
    expect(wb.requireWorkspace().db.prepare(`SELECT COUNT(*) FROM "${r.layer.table}" WHERE fid = ?`).pluck().get(fid)).toBe(0);
    expect(tableHash('dltb')).toBe(baselineHash);
  });

  it('small layers are copied at once (here for the draft sharing the baseline\'s); a locked scheme is left alone', async () => {
    await wb.api['schemes.activate']({ id: 1 });
    const eco = wb.requireWorkspace().layersOfKind('eco_redline')[0]!;
    const ecoHash = tableHash(eco.table);
    // The baseline keeps its table; the draft that shared it moves to a copy of what it saw.
    const first = await wb.api['schemes.prepareEdit']({ layerId: eco.id });
    expect(first).toMatchObject({ copied: true, layer: { table: eco.table } });
    const draftEco = wb.requireWorkspace().layer(eco.id, (await wb.api['schemes.list']({})).find((s) => s.name === '草案')!.id);
    expect(draftEco.table).not.toBe(eco.table);
    expect(tableHash(draftEco.table)).toBe(ecoHash);
    expect((await wb.api['schemes.prepareEdit']({ layerId: eco.id })).copied).toBe(false);
    const locked = await wb.api['schemes.create']({ fromId: 1, name: '已批准' });
    await wb.api['schemes.update']({ id: locked.id, locked: true });
    await wb.api['schemes.activate']({ id: locked.id });
    expect((await wb.api['schemes.prepareEdit']({ layerId: dltb().id })).copied).toBe(false);
    expect(dltb().table).toBe('dltb');
  });
});
