// Changes of the three lines a land-consolidation project makes (issue #6): a consultant edits 生态保护红线,
// 城镇开发边界 and 永久基本农田 in a draft scheme (方案); the project's report compares the draft's lines with the
// baseline's inside the project area — gained, lost, the conflicts between the lines before and after, the new
// conflicts — and the rules on them fail with the features that decide them. Expected areas from the hand count of
// 1 ha cells (consolidation-fixtures.ts): project A is rect(0, 0, 600, 400), its red line piece cell (5,0).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectReport } from '../../shared/contract/consolidation.js';
import { parseOutput } from '../../shared/contract/contract.js';
import { checkProjectsHere } from '../../main/core/consolidation/projects.js';
import { Editor } from '../../main/core/editing/editor.js';
import { Workbench } from '../../main/core/service.js';
import { createScheme } from '../../main/core/schemes/store.js';
import type { Workspace } from '../../main/core/workspace/workspace.js';
import { buildConsolidationWorkspace, cellsM2, CODE_A } from './consolidation-fixtures.js';
import { X0, Y0 } from './overlay-fixtures.js';
import { tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let file: string;
let ws: Workspace;
let draftId: number;

const ind = (r: ProjectReport, id: string) => r.indicators.find((i) => i.id === id)!;
const rule = (r: ProjectReport, id: string) => r.rules.find((x) => x.ruleId === id)!;
/**
 * Edited geometry goes through the editor's lon/lat positions and back (docs/editing.md), which puts vertices within
 * micrometres of the grid: 0.01 m² on these 100 m edges is far below the checks' 1 mm precision (0.1 m² per edge).
 */
function close(actual: number | null, expected: number, what: string) {
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(0.01);
}
const reportA = (against?: number | string) => checkProjectsHere(ws, [CODE_A], {}, against).reports[0]!;
const layerId = (kind: string) => ws.layersOfKind(kind as never)[0]!.id;

beforeAll(() => {
  tmp = tempDir('sanxian-consolidation-lines-');
  file = tmp.file('lines.sqlite');
  ws = buildConsolidationWorkspace(file);
  draftId = createScheme(ws.db, { fromId: 1, name: '整治草案' }).id;
  ws.setScheme(draftId);
  const ed = new Editor(ws);
  const poly = (x0: number, y0: number, x1: number, y1: number) => ({
    type: 'Polygon' as const,
    coordinates: [ed.ctx.projector.positions([[X0 + x0, Y0 + y0], [X0 + x1, Y0 + y0], [X0 + x1, Y0 + y1], [X0 + x0, Y0 + y1], [X0 + x0, Y0 + y0]])],
  });
  // The red line 红线甲 pulled back from x = 500 to 550: half of cell (5,0) leaves it.
  ed.updateGeometry({ layerId: layerId('eco_redline'), fid: 1, geometry: poly(550, 0, 700, 100) });
  // A new piece of urban boundary on cell (2,3), which is 永久基本农田 not moved out: a new conflict.
  ed.create({ layerId: layerId('urban_boundary'), geometry: poly(200, 300, 300, 400), attributes: { KFBJLX: '集中建设区', XZQDM: '320482100', XZQMC: '甲镇' } });
  // 永久基本农田 (0,3) deleted directly, not through a 调出 sub-zone.
  ed.delete({ layerId: layerId('permanent_farmland'), fids: [1] });
});
afterAll(() => {
  ws.close();
  tmp.cleanup();
});

describe('the lines a project changes, draft against baseline', () => {
  it('in the baseline nothing changed: every line rule passes with 0', () => {
    ws.setScheme(1, { remember: false });
    const r = reportA();
    for (const id of ['eco_gained', 'eco_lost', 'urban_gained', 'urban_lost', 'line_conflict_new', 'pbf_edited']) expect(ind(r, id).value, id).toBe(0);
    close(ind(r, 'eco_area').before, cellsM2([5, 0]), '红线（前）');
    close(ind(r, 'eco_area').after, cellsM2([5, 0]), '红线（后）');
    for (const id of ['eco_not_reduced', 'urban_not_enlarged', 'no_new_line_conflict', 'pbf_by_subzones']) expect(rule(r, id).status, id).toBe('pass');
    expect(r.notes.map((n) => n.zh).join('\n')).not.toMatch(/对比方案/);
    ws.setScheme(draftId, { remember: false });
  });

  it('in the draft: red line lost, urban boundary gained, the new conflict and the direct farmland edit, each failing its rule', () => {
    const r = reportA();
    close(ind(r, 'eco_lost').value, cellsM2([550, 0, 600, 100]), '调出红线');
    close(ind(r, 'eco_gained').value, 0, '划入红线');
    close(ind(r, 'eco_area').before, cellsM2([5, 0]), '红线（前）');
    close(ind(r, 'eco_area').after, cellsM2([500, 0, 550, 100]), '红线（后）');
    close(ind(r, 'urban_gained').value, cellsM2([2, 3]), '划入开发边界');
    close(ind(r, 'urban_area').value, cellsM2([2, 3]), '开发边界净增');
    close(ind(r, 'line_conflict').before, 0, '三线冲突（前）');
    close(ind(r, 'line_conflict').after, cellsM2([2, 3]), '三线冲突（后）');
    close(ind(r, 'line_conflict_new').value, cellsM2([2, 3]), '新增冲突');
    close(ind(r, 'pbf_urban_conflict').after, cellsM2([2, 3]), '农田∩边界（后）');
    close(ind(r, 'pbf_edited').value, cellsM2([0, 3]), '直接修改的永久基本农田');
    for (const id of ['eco_not_reduced', 'urban_not_enlarged', 'no_new_line_conflict', 'pbf_by_subzones']) expect(rule(r, id).status, id).toBe('fail');
    // What decides: the red line feature that was cut, the new urban piece and the farmland under it.
    expect(rule(r, 'eco_not_reduced').features).toEqual([{ layerId: layerId('eco_redline'), fid: 1 }]);
    const conflict = rule(r, 'no_new_line_conflict').features;
    expect(conflict).toContainEqual({ layerId: layerId('permanent_farmland'), fid: 3 });
    expect(conflict.filter((f) => f.layerId === layerId('urban_boundary'))).toHaveLength(1);
    expect(r.notes.map((n) => n.zh).join('\n')).toMatch(/本方案“整治草案”对比方案“现状”/);
  });

  it('against the draft itself nothing changed; against a scheme by name the same as by id', () => {
    const self = reportA('整治草案');
    expect(ind(self, 'eco_lost').value).toBe(0);
    expect(ind(self, 'pbf_edited').value).toBe(0);
    const byName = reportA('现状');
    const byId = reportA(1);
    expect(ind(byName, 'eco_lost').value).toBe(ind(byId, 'eco_lost').value);
    expect(() => reportA('没有这个方案')).toThrow(/没有这个方案|no scheme/i);
  });

  it('through the service (worker, contract): the same figures, and `against` is validated', async () => {
    const wb = new Workbench({ host: 'cli', version: 'test', bundledSamplePath: tmp.file('none.sqlite'), stateDir: tmp.file('state') });
    try {
      ws.close();
      wb.open(file);
      await wb.api['schemes.activate']({ id: draftId });
      const result = parseOutput('projects.check', await wb.api['projects.check']({ codes: [CODE_A] }));
      close(ind(result.reports[0]!, 'eco_lost').value, cellsM2([550, 0, 600, 100]), 'worker: 调出红线');
      close(ind(result.reports[0]!, 'line_conflict_new').value, cellsM2([2, 3]), 'worker: 新增冲突');
      const self = await wb.api['projects.check']({ codes: [CODE_A], against: draftId });
      expect(ind(self.reports[0]!, 'eco_lost').value).toBe(0);
    } finally {
      await wb.dispose();
      ws = (await import('../../main/core/workspace/workspace.js')).Workspace.open(file);
    }
  });
});
