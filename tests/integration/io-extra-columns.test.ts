// Fields an imported file has beyond its layer kind's (kept as extra SQLite columns, keepUnmapped) must survive the
// edits that make new features from existing ones — split, merge, copy — and undo, scheme drafts (copy-on-write
// tables) and scheme packages. Losing them silently would be data loss the user notices months later.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Editor } from '../../main/core/editing/editor.js';
import { quoteId } from '../../main/core/editing/features.js';
import { runImport, type WorkspaceFacts } from '../../main/core/io/import.js';
import { diffSchemes } from '../../main/core/schemes/diff.js';
import { exportDiff } from '../../main/core/schemes/diff-export.js';
import { exportPackage, importPackage } from '../../main/core/schemes/package.js';
import { createScheme, getScheme } from '../../main/core/schemes/store.js';
import { Workspace } from '../../main/core/workspace/workspace.js';
import { tempDir } from './helpers.js';
import { emptyWorkspace } from './io-fixtures.js';

const X = 40_450_000, Y = 3_510_000;
const facts: WorkspaceFacts = { srid: 4528, extent: [119.3, 31.5, 119.7, 31.9] };
const ctx = { isCancelled: () => false, progress: () => {} };
const sq = (x0: number, y0: number, w: number, h: number) =>
  `POLYGON((${X + x0} ${Y + y0},${X + x0 + w} ${Y + y0},${X + x0 + w} ${Y + y0 + h},${X + x0} ${Y + y0 + h},${X + x0} ${Y + y0}))`;

/** Three parcels side by side (the third larger), each with three fields 三调 does not have. */
const CSV = [
  'WKT,DLBM,DLMC,TBMJ,项目备注,来源编号,权重',
  `"${sq(0, 0, 100, 100)}",0101,水田,10000,甲地块,17,0.5`,
  `"${sq(100, 0, 100, 100)}",0103,旱地,10000,乙地块,18,0.25`,
  `"${sq(200, 0, 100, 150)}",0201,果园,15000,丙地块,19,0.125`,
].join('\n') + '\n';
const EXTRA = ['项目备注', '来源编号', '权重'];
const SOURCE = [
  { 项目备注: '甲地块', 来源编号: 17, 权重: 0.5 },
  { 项目备注: '乙地块', 来源编号: 18, 权重: 0.25 },
  { 项目备注: '丙地块', 来源编号: 19, 权重: 0.125 },
];

let tmp: ReturnType<typeof tempDir>;
let file: string;
let ws: Workspace;
let layerId: number;

function importCsv(name: string, kind: 'landuse' | 'user' = 'landuse'): number {
  const csv = tmp.file(`${name}.csv`);
  writeFileSync(csv, CSV);
  const r = runImport(file, { path: csv, srs: 'EPSG:4528', kind, name }, facts, ctx);
  expect(r.extraFields).toEqual(expect.arrayContaining(EXTRA));
  return r.layer.id;
}

beforeEach(() => {
  tmp = tempDir('sanxian-extra-');
  file = emptyWorkspace(tmp.file('ws.sqlite'));
  layerId = importCsv('dltb');
  ws = Workspace.open(file);
});
afterEach(() => {
  ws.close();
  tmp.cleanup();
});

function rows(table: string): Record<string, unknown>[] {
  return ws.db.prepare(`SELECT fid, DLBM, ${EXTRA.map(quoteId).join(', ')}, ST_Area(geom) area FROM ${quoteId(table)} ORDER BY fid`).all() as Record<string, unknown>[];
}
/** fids an edit created in a layer. */
const createdIn = (r: { changes: { layerId: number; created: number[] }[] }, id: number) => r.changes.find((c) => c.layerId === id)?.created ?? [];
const extras = (r: Record<string, unknown> | undefined) => r && Object.fromEntries(EXTRA.map((c) => [c, r[c]]));

describe('extra columns of imported layers survive edits', () => {
  it('split: every part keeps all the source feature\'s columns; undo brings the original back', () => {
    const ed = new Editor(ws);
    const table = ws.layer(layerId).table;
    const line = ed.ctx.projector.positions([[X + 40, Y - 10], [X + 40, Y + 110]]);
    const r = ed.split({ layerId, fids: [1], line });
    expect(createdIn(r, layerId)).toHaveLength(1);
    const after = rows(table);
    const parts = after.filter((x) => x.fid === 1 || createdIn(r, layerId).includes(x.fid as number));
    expect(parts).toHaveLength(2);
    for (const p of parts) {
      expect(extras(p)).toEqual(SOURCE[0]);
      expect(p.DLBM).toBe('0101');
    }
    expect(parts.reduce((s, p) => s + (p.area as number), 0)).toBeCloseTo(10000, 6);
    ed.undo();
    expect(rows(table).map(extras)).toEqual(SOURCE);
  });

  it('merge: the merged feature has the columns of the feature whose attributes the merge keeps (the largest), like DLBM', () => {
    const ed = new Editor(ws);
    const table = ws.layer(layerId).table;
    // The smaller one keeps its fid; attributes come from the largest (the default merge policy).
    ed.merge({ layerId, fids: [2, 3], keepFid: 2 });
    const after = rows(table);
    expect(after.map((x) => x.fid)).toEqual([1, 2]);
    expect(after[1]!.DLBM).toBe('0201');
    expect(extras(after[1])).toEqual(SOURCE[2]);
    expect(after[1]!.area).toBeCloseTo(25000, 6);
  });

  it('copy: a copy in the same layer, and into another layer with the same columns, has the source\'s values', () => {
    const ed = new Editor(ws);
    const table = ws.layer(layerId).table;
    const r = ed.copy({ fromLayerId: layerId, fids: [2], toLayerId: layerId });
    const copy = rows(table).find((x) => x.fid === createdIn(r, layerId)[0]);
    expect(extras(copy)).toEqual(SOURCE[1]);
    ws.close();
    const other = importCsv('草案', 'user');
    ws = Workspace.open(file);
    const ed2 = new Editor(ws);
    const r2 = ed2.copy({ fromLayerId: layerId, fids: [1, 3], toLayerId: other });
    const copied = rows(ws.layer(other).table).filter((x) => createdIn(r2, other).includes(x.fid as number));
    expect(copied.map(extras)).toEqual([SOURCE[0], SOURCE[2]]);
  });

  it('a scheme draft (copy-on-write table) and its package keep the extra columns; GDAL reads them', () => {
    const d = createScheme(ws.db, { fromId: 1, name: '调整方案' }).id;
    const ed = new Editor(ws, d);
    const line = ed.ctx.projector.positions([[X + 140, Y - 10], [X + 140, Y + 110]]);
    const r = ed.split({ layerId, fids: [2], line });
    const draftTable = ed.ctx.table(layerId).table;
    expect(draftTable).not.toBe(ws.layer(layerId).table);
    const draft = rows(draftTable);
    expect(draft.map(extras)).toEqual([SOURCE[0], SOURCE[1], SOURCE[2], SOURCE[1]]);
    expect(draft.map((x) => x.fid)).toEqual([1, 2, 3, createdIn(r, layerId)[0]]);
    const gpkg = tmp.file('draft.gpkg');
    exportPackage(ws, d, gpkg);
    const info = execFileSync('ogrinfo', ['-q', '-al', gpkg], { encoding: 'utf8' });
    expect(info).toMatch(/项目备注 \(String\) = 乙地块/);
    expect(info).toMatch(/权重 \(Real\) = 0\.125/);
    const back = importPackage(ws, gpkg, { name: '回读' });
    const table = new Editor(ws, back.id).ctx.table(layerId).table;
    expect(rows(table).map(extras)).toEqual(draft.map(extras));
  });

  it('a comparison of schemes reports a changed extra column, and its JSON export says so', async () => {
    const d = createScheme(ws.db, { fromId: 1, name: '调整方案' }).id;
    // As a package edited in another tool would: only an extra column of parcel 3 changes.
    new Editor(ws, d).ctx.history.run('updateAttributes', (tx) => {
      tx.updateAttributes(layerId, 3, { 项目备注: '丙地块（调整）' });
      return { zh: '改备注', en: 'note changed' };
    });
    const data = diffSchemes(ws.db, ws.srid, { from: 1, to: d });
    const layer = data.layers.find((l) => l.layerId === layerId)!;
    expect(layer.reattributed).toEqual([3]);
    const out = tmp.file('diff.json');
    await exportDiff({ data, from: getScheme(ws.db, 1), to: getScheme(ws.db, d), srid: ws.srid }, 'json', out);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { changes: { fids: number[]; fields: { name: string; before: unknown; after: unknown }[] }[] };
    expect(json.changes.find((c) => c.fids.includes(3))?.fields).toEqual([{ name: '项目备注', before: '丙地块', after: '丙地块（调整）' }]);
  });
});
