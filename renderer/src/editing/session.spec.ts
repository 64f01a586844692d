import { describe, expect, it } from 'vitest';
import type { EditResult } from '../../../shared/contract/editing.js';
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import { ContractError } from '../../../shared/contract/contract.js';
import type { WorkbenchClient } from '../api/client.js';
import { EditSession } from './session.js';
import { takeChange } from './map-sync/edit-changes.js';
import { exactAt, key, lonLatAt, okResult } from './testing/fake-host.js';

function layer(id: number, table: string, kind: LayerInfo['kind']): LayerInfo {
  return {
    id, table, key: table, kind, name: table, nameEn: table, geometryType: 'MULTIPOLYGON', featureCount: 10, revision: 3, extent: null, visible: true,
    opacity: 1, sortOrder: id, style: { mode: 'fixed', fillColor: [0, 0, 0], lineColor: [0, 0, 0], lineWidthPx: 1, fillOpacity: 0.5 },
    synthetic: true, attribution: null,
  };
}

const LAYERS = [layer(3, 'czkfbj', 'urban_boundary'), layer(12, 'dltb', 'landuse'), layer(1, 'stbhhx', 'eco_redline')];

function setup(answer: (method: string, input: Record<string, unknown>) => unknown = () => okResult()) {
  const calls: { method: string; input: Record<string, unknown> }[] = [];
  const reported: unknown[] = [];
  const applied: LayerInfo[][] = [];
  const api = new Proxy({}, {
    get: (_t, method: string) => async (input: Record<string, unknown>) => {
      calls.push({ method, input });
      const a = answer(method, input);
      if (a instanceof Error) throw a;
      if (method === 'edit.history') return { entries: [], total: 0, canUndo: true, canRedo: false, nextUndo: null, nextRedo: null };
      return a;
    },
  });
  const client = { api, on: () => () => {} } as unknown as WorkbenchClient;
  const session = new EditSession({
    client, workspaceKey: () => 'ws', layers: () => LAYERS, geometries: () => new Map(), projector: () => null, deck: () => undefined,
    applyLayers: (l) => applied.push(l), report: (e) => reported.push(e),
  });
  session.setEditLayer(3);
  return { session, calls: () => calls.filter((c) => c.method !== 'edit.history'), reported, applied };
}

describe('EditSession', () => {
  it('starts editing a layer with the select tool, snapping to it and the visible layers', () => {
    const { session } = setup();
    expect(session.tool.get()).toBe('select');
    expect(session.settings().snap.layerIds).toEqual([3, 12, 1]);
    expect(session.settings().topological.layerIds).toEqual([3]);
    session.setEditLayer(null);
    expect(session.tool.get()).toBeNull();
  });

  it('highlights features under the pointer only where the tool picks: none while drawing or editing vertices', () => {
    const { session } = setup();
    expect(session.hoverLayerIds()).toEqual(new Set([3]));
    for (const tool of ['draw-polygon', 'draw-rectangle', 'draw-freehand', 'vertex-edit', 'split-by-line', 'reshape-by-line'] as const) {
      session.setTool(tool);
      expect(session.hoverLayerIds(), tool).toEqual(new Set());
    }
    session.setTool('copy-paste');
    expect(session.hoverLayerIds()).toEqual(new Set([12, 1]));
    session.setTool('merge');
    expect(session.hoverLayerIds()).toEqual(new Set([3]));
    session.setEditLayer(null);
    expect(session.hoverLayerIds()).toBeNull();
  });

  it('adds the layer, avoid-overlap, topological editing and attribute rules to the calls that take them', async () => {
    const { session, calls } = setup();
    session.updateSettings((s) => ({
      ...s, avoidOverlapLayerIds: [1], topological: { enabled: true, layerIds: [3, 12], toleranceM: 0 },
      policies: { urban_boundary: { MJ: { split: 'blank' } } },
    }));
    await session.commit({ type: 'vertices', fid: 5, ops: [{ op: 'move', part: 0, ring: 0, index: 1, to: exactAt(1, 1) }] });
    await session.commit({ type: 'split', line: [lonLatAt(0, 0), lonLatAt(9, 9)] });
    await session.commit({ type: 'addHole', fid: 5, ring: [lonLatAt(0, 0), lonLatAt(1, 0), lonLatAt(1, 1)] });
    await session.commit({ type: 'copy', from: [{ layerId: 12, fid: 7 }, { layerId: 12, fid: 8 }] });
    await session.commit({ type: 'move', fids: [5], from: lonLatAt(0, 0), to: exactAt(1, 1) });
    await session.commit({ type: 'reshape', fid: 5, line: [lonLatAt(0, 0), lonLatAt(9, 9)] });
    const pending = session.commit({ type: 'create', geometry: { type: 'Polygon', coordinates: [[lonLatAt(0, 0), lonLatAt(1, 0), exactAt(1, 1)]] } });
    await session.formStore.get()!.submit({ XZQDM: '320413100', XZQMC: '金城镇' });
    await pending;
    const [vertices, split, hole, copy, move, reshape, create] = calls();
    // A new vertex on a neighbour's edge goes into that edge: every call that can make one carries topological.
    for (const c of [move, reshape, create]) expect(c!.input.topological, c!.method).toEqual({ layerIds: [3, 12], toleranceM: 0 });
    expect(vertices).toMatchObject({ method: 'edit.vertices', input: { layerId: 3, fid: 5, topological: { layerIds: [3, 12], toleranceM: 0 }, avoidOverlap: { layerIds: [1] } } });
    expect(split).toMatchObject({ method: 'edit.split', input: { layerId: 3, policies: { MJ: { split: 'blank' } }, avoidOverlap: { layerIds: [1] }, topological: { layerIds: [3, 12] } } });
    expect(split!.input.fids).toBeUndefined();
    expect(hole!.input).toEqual({ layerId: 3, fid: 5, ring: [lonLatAt(0, 0), lonLatAt(1, 0), lonLatAt(1, 1)] });
    expect(copy).toMatchObject({ method: 'edit.copy', input: { fromLayerId: 12, fids: [7, 8], toLayerId: 3, avoidOverlap: { layerIds: [1] } } });
  });

  it('creates through the attribute form, and keeps the form open when main refuses', async () => {
    let refuse = true;
    const { session, calls, reported } = setup((method) =>
      method === 'edit.create' && refuse ? new ContractError('EMPTY_RESULT', 'inside the red line') : okResult([{ layerId: 3, created: [44], updated: [], deleted: [] }]));
    const pending = session.commit({ type: 'create', geometry: { type: 'Polygon', coordinates: [[lonLatAt(0, 0), lonLatAt(1, 0), lonLatAt(1, 1)]] } });
    const form = session.formStore.get()!;
    expect(form).toMatchObject({ mode: 'create', layerId: 3, kind: 'urban_boundary' });
    expect(await form.submit({ XZQDM: '320413100', XZQMC: '金城镇' })).toBe(false);
    expect((reported[0] as ContractError).code).toBe('EMPTY_RESULT');
    expect(session.formStore.get()).toBe(form);
    expect(session.noticeStore.get()).toMatchObject({ tone: 'error', key: 'editing.notice.notSaved', values: { code: 'EMPTY_RESULT' } });
    refuse = false;
    expect(await form.submit({ XZQDM: '320413100', XZQMC: '金城镇' })).toBe(true);
    const result = await pending;
    expect(result?.changes[0]!.created).toEqual([44]);
    expect(session.formStore.get()).toBeNull();
    expect(session.selection()).toEqual([{ layerId: 3, fid: 44 }]);
    expect(calls().filter((c) => c.method === 'edit.create')[1]!.input).toMatchObject({ layerId: 3, attributes: { XZQDM: '320413100' } });
  });

  it('resolves a cancelled form with null, saving nothing', async () => {
    const { session, calls } = setup();
    const pending = session.commit({ type: 'create', geometry: { type: 'Polygon', coordinates: [[lonLatAt(0, 0), lonLatAt(1, 0), lonLatAt(1, 1)]] } });
    session.formStore.get()!.cancel();
    expect(await pending).toBeNull();
    expect(calls()).toEqual([]);
  });

  it('applies a result: layer info, deleted features out of the selection, warnings shown, required fields asked for', async () => {
    const result: EditResult = {
      ...okResult([{ layerId: 3, created: [50], updated: [5], deleted: [6] }]),
      layers: [{ ...LAYERS[0]!, featureCount: 11, revision: 4 }],
      summary: { zh: '分割', en: 'split' },
      warnings: [{ code: 'required_missing', zh: '缺少 XZQMC', en: 'XZQMC missing', layerId: 3, fid: 50, fields: ['XZQMC'] }],
    };
    const { session, applied } = setup(() => result);
    session.select([{ layerId: 3, fid: 6 }, { layerId: 3, fid: 5 }]);
    await session.commit({ type: 'merge', fids: [5, 6] });
    expect(applied[0]![0]!.revision).toBe(4);
    expect(session.selection()).toEqual([{ layerId: 3, fid: 5 }]);
    expect(session.noticeStore.get()).toMatchObject({ tone: 'warning' });
    expect(session.formStore.get()).toMatchObject({ mode: 'update', fids: [50], missing: ['XZQMC'] });
  });

  it('records what a step changed with the revision the map held before it (revisions are not consecutive)', async () => {
    const result: EditResult = { ...okResult([{ layerId: 3, created: [50], updated: [5], deleted: [] }]), layers: [{ ...LAYERS[0]!, revision: 41 }] };
    const { session } = setup(() => result);
    await session.commit({ type: 'delete', fids: [5] });
    expect(takeChange('ws', 3, 41)).toEqual({ fromRevision: 3, removed: [5], upserted: [50, 5] });
  });

  it('handles keys: the tool first, then undo/redo, snapping and tracing toggles, tool letters', async () => {
    const { session, calls } = setup((method) => (method === 'edit.redo' ? new ContractError('NOTHING_TO_REDO', 'nothing') : okResult()));
    expect(session.onKey(key('z', { ctrlKey: true }))).toBe(true);
    expect(session.onKey(key('y', { ctrlKey: true }))).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls().map((c) => c.method)).toEqual(['edit.undo', 'edit.redo']);
    // Nothing to redo is a notice, not an error dialog.
    expect(session.noticeStore.get()).toMatchObject({ key: 'editing.notice.nothingToRedo' });
    session.onKey(key('s'));
    expect(session.settings().snap.enabled).toBe(false);
    session.onKey(key('t'));
    expect(session.settings().tracing).toBe(true);
    session.onKey(key('.', { ctrlKey: true }));
    expect(session.tool.get()).toBe('draw-polygon');
    // Escape belongs to the drawing tool.
    expect(session.onKey(key('Escape'))).toBe(true);
    expect(session.onKey(key('q'))).toBe(false);
  });

  it('copies the selection with Ctrl+C and pastes it into another layer with Ctrl+V', async () => {
    const { session, calls } = setup(() => okResult([{ layerId: 12, created: [90], updated: [], deleted: [] }]));
    session.setEditLayer(3);
    session.select([{ layerId: 3, fid: 2 }]);
    expect(session.onKey(key('c', { ctrlKey: true }))).toBe(true);
    session.setEditLayer(12);
    expect(session.onKey(key('v', { ctrlKey: true }))).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls().find((c) => c.method === 'edit.copy')!.input).toEqual({ fromLayerId: 3, fids: [2], toLayerId: 12 });
  });
});
