// One editing session per open workspace: the active tool, the settings, the selection of the edited layer, what
// the overlay and the status bar show, the attribute form, the history, and every call to main. Modes reach it
// only through the host (deck/deck-host.ts); React reaches it through small stores (useEditSession.ts).
//
// A commit is one contract call and one undoable step. Its EditResult updates the layer list (feature counts,
// revisions), records what changed for the geometry cache to patch the map (map-sync), tells the active mode which
// features changed, refreshes the history, and shows main's warnings; a required field main left empty (split,
// merge, copy, fill ring) opens the attribute form for that feature. Errors go to the error dialog and nothing
// is saved (main rolls the whole step back).
import type { Deck } from '@deck.gl/core';
import type { AdminUnitsResult, EditHistory, EditResult, GeometryInput } from '../../../shared/contract/editing.js';
import type { FeatureDetail, LayerGeometry, LayerInfo } from '../../../shared/contract/schemas.js';
import type { Attributes, FieldPolicy } from '../../../shared/domain/attribute-policies.js';
import type { LayerKindId } from '../../../shared/domain/layer-kinds.js';
import { toContractError } from '../api/envelope.js';
import type { WorkbenchClient } from '../api/client.js';
import type { InverseProjector, Projector } from '../panels/projection.js';
import { createStore } from '../state/store.js';
import type { BaseMode, ToolName } from './base.mode.js';
import { DeckEditingHost, type SessionPort } from './deck/deck-host.js';
import { recordChanges, trackEdit } from './map-sync/edit-changes.js';
import { MODE_FACTORIES } from './modes/index.js';
import { resultRefs, sameRef } from './modes/targets.js';
import { defaultSettings, settingsForLayer, type EditSettings } from './settings.js';
import { shortcutFor } from './shortcuts.js';
import { EMPTY_PREVIEW, IDLE_STATUS, type EditKeyEvent, type EditPreview, type EditRequest, type FeatureRef, type ModeStatus, type Notice } from './types.js';

export interface SessionDeps {
  client: WorkbenchClient;
  workspaceKey(): string | null;
  layers(): readonly LayerInfo[];
  geometries(): ReadonlyMap<number, LayerGeometry>;
  projector(): Projector | null;
  /** The inverse (workspace CRS → lon/lat); absent: rectangles fall back to meridians and parallels. */
  inverseProjector?(): InverseProjector | null;
  deck(): Deck | undefined;
  /** Replace these layers' info (feature count, extent, revision) in the workspace info. */
  applyLayers(layers: LayerInfo[]): void;
  report(e: unknown): void;
}

/** The attribute form the session wants filled: a new feature's, or a feature whose required fields are empty. */
export interface FormRequest {
  id: number;
  mode: 'create' | 'update';
  layerId: number;
  kind: LayerKindId;
  fids: number[];
  /** Fields main reported empty but required (update after split, merge, copy, fill ring). */
  missing: string[];
  /** Saves; resolves false (and the form stays open) when main refused. */
  submit(attributes: Attributes): Promise<boolean>;
  cancel(): void;
}

export interface ShownNotice extends Notice {
  id: number;
}

let nextId = 1;

export class EditSession implements SessionPort {
  readonly tool = createStore<ToolName | null>(null);
  readonly settingsStore = createStore<EditSettings>(defaultSettings());
  readonly selectionStore = createStore<FeatureRef[]>([]);
  readonly previewStore = createStore<EditPreview>(EMPTY_PREVIEW);
  readonly statusStore = createStore<ModeStatus>(IDLE_STATUS);
  readonly noticeStore = createStore<ShownNotice | null>(null);
  readonly historyStore = createStore<EditHistory | null>(null);
  readonly formStore = createStore<FormRequest | null>(null);
  readonly cursorStore = createStore<string | null>(null);
  readonly busyStore = createStore<boolean>(false);
  readonly host: DeckEditingHost;
  private readonly modes = new Map<ToolName, BaseMode>();
  private clipboard: FeatureRef[] = [];

  constructor(private readonly deps: SessionDeps) {
    this.host = new DeckEditingHost(
      {
        client: deps.client, deck: deps.deck, layers: deps.layers, geometries: deps.geometries, projector: deps.projector,
        inverseProjector: () => deps.inverseProjector?.() ?? null,
      },
      this,
    );
  }

  /** Stops the active tool (the session is left as it was: React's strict mode mounts effects twice). */
  dispose(): void {
    this.setTool(null);
  }

  // ---- SessionPort (what the host passes on from modes) ----
  settings(): EditSettings {
    return this.settingsStore.get();
  }
  selection(): FeatureRef[] {
    return this.selectionStore.get();
  }
  setSelection(refs: FeatureRef[]): void {
    this.selectionStore.set(refs);
  }
  render(preview: EditPreview): void {
    this.previewStore.set(preview);
  }
  setStatus(status: ModeStatus): void {
    this.statusStore.set(status);
  }
  setCursor(cursor: string | null): void {
    this.cursorStore.set(cursor);
  }
  notify(notice: Notice): void {
    this.noticeStore.set({ ...notice, id: nextId++ });
  }

  // ---- tools and settings ----
  get editLayer(): LayerInfo | null {
    const id = this.settings().layerId;
    return this.deps.layers().find((l) => l.id === id) ?? null;
  }

  activeMode(): BaseMode | null {
    const name = this.tool.get();
    const mode = name ? this.modes.get(name) : undefined;
    return mode?.started ? mode : null;
  }

  /**
   * Layers whose features the map highlights under the pointer: null without a tool (every layer, as usual);
   * with one, only where its clicks pick (the edited layer for select, merge, delete and move; the other visible
   * layers for copy), none for drawing and vertex tools.
   */
  hoverLayerIds(): ReadonlySet<number> | null {
    const mode = this.activeMode();
    const layerId = this.settings().layerId;
    if (!mode || layerId === null) return null;
    if (mode.hoverPick === 'edit') return new Set([layerId]);
    if (mode.hoverPick === 'other') return new Set(this.deps.layers().filter((l) => l.visible && l.id !== layerId).map((l) => l.id));
    return new Set();
  }

  /** Starts editing a layer (null stops editing). */
  setEditLayer(layerId: number | null): void {
    const prev = this.settings().layerId;
    const tool = this.tool.get();
    // Stop the tool while the settings change, so it lets go of features of the previous layer.
    if (tool) this.setTool(null);
    this.settingsStore.set(settingsForLayer(this.settings(), layerId, this.deps.layers()));
    if (layerId === null) return;
    if (prev !== layerId) this.setSelection([]);
    this.setTool(tool ?? 'select');
    void this.refreshHistory();
  }

  setTool(name: ToolName | null): void {
    const current = this.activeMode();
    if (current) current.stop();
    if (name === null || this.settings().layerId === null) {
      this.tool.set(null);
      this.previewStore.set(EMPTY_PREVIEW);
      this.statusStore.set(IDLE_STATUS);
      this.cursorStore.set(null);
      return;
    }
    let mode = this.modes.get(name);
    if (!mode) {
      mode = MODE_FACTORIES[name]();
      mode.register(this.host);
      this.modes.set(name, mode);
    }
    this.tool.set(name);
    mode.start();
  }

  updateSettings(update: (s: EditSettings) => EditSettings): void {
    this.settingsStore.set(update(this.settings()));
    this.activeMode()?.redraw();
  }

  /** The selection changed from outside the tools (the map's feature panel, the toolbar). */
  select(refs: FeatureRef[]): void {
    this.setSelection(refs);
    this.activeMode()?.onSelectionChanged();
  }

  // ---- keys ----
  onKey(e: EditKeyEvent): boolean {
    if (this.settings().layerId === null) return false;
    const mode = this.activeMode();
    if (mode?.onKeyDown(e)) return true;
    const action = shortcutFor(e);
    if (!action) return false;
    switch (action.type) {
      case 'undo':
        void this.undo();
        return true;
      case 'redo':
        void this.redo();
        return true;
      case 'toggleSnapping':
        this.updateSettings((s) => ({ ...s, snap: { ...s.snap, enabled: !s.snap.enabled } }));
        this.notify({ tone: 'info', key: this.settings().snap.enabled ? 'editing.notice.snapOn' : 'editing.notice.snapOff' });
        return true;
      case 'toggleTracing':
        this.updateSettings((s) => ({ ...s, tracing: !s.tracing }));
        this.notify({ tone: 'info', key: this.settings().tracing ? 'editing.notice.traceOn' : 'editing.notice.traceOff' });
        return true;
      case 'copy': {
        const layerId = this.settings().layerId;
        const refs = this.selection().filter((r) => r.layerId === layerId);
        if (!refs.length) return false;
        this.clipboard = refs;
        this.notify({ tone: 'info', key: 'editing.notice.copied', values: { count: refs.length } });
        return true;
      }
      case 'paste':
        if (!this.clipboard.length) {
          this.notify({ tone: 'warning', key: 'editing.notice.nothingToPaste' });
          return true;
        }
        void this.commit({ type: 'copy', from: this.clipboard }).then((r) => r && this.select(resultRefs(r, this.settings().layerId)));
        return true;
      case 'tool':
        this.setTool(action.tool);
        return true;
    }
  }

  // ---- commits ----
  commit(request: EditRequest): Promise<EditResult | null> {
    const s = this.settings();
    const layerId = s.layerId;
    const layer = this.editLayer;
    if (layerId === null || !layer) {
      this.notify({ tone: 'warning', key: 'editing.notice.noLayer' });
      return Promise.resolve(null);
    }
    const api = this.deps.client.api;
    const avoid = s.avoidOverlapLayerIds.length ? { avoidOverlap: { layerIds: s.avoidOverlapLayerIds } } : {};
    const topological = this.topological();
    const policies = this.policiesFor(layer.kind);
    switch (request.type) {
      case 'create':
        return this.createWithForm(layer, request.geometry);
      case 'updateGeometry':
        return this.run(() => api['edit.updateGeometry']({ layerId, fid: request.fid, geometry: request.geometry, ...avoid, ...topological }));
      case 'delete':
        return this.run(() => api['edit.delete']({ layerId, fids: request.fids }));
      case 'move':
        return this.run(() => api['edit.move']({ layerId, fids: request.fids, from: request.from, to: request.to, ...avoid, ...topological }));
      case 'vertices':
        return this.run(() => api['edit.vertices']({ layerId, fid: request.fid, ops: request.ops, ...topological, ...avoid }));
      case 'addPart':
        return this.run(() => api['edit.addPart']({ layerId, fid: request.fid, rings: request.rings, ...avoid, ...topological }));
      case 'addHole':
        return this.run(() => api['edit.addHole']({ layerId, fid: request.fid, ring: request.ring }));
      case 'fillRing':
        return this.run(() => api['edit.fillRing']({
          layerId, fid: request.fid, at: request.at, mode: request.mode, ...(request.mode === 'newFeature' ? { newFeature: { layerId } } : {}),
        }));
      case 'split':
        return this.run(() => api['edit.split']({
          layerId, line: request.line, ...(request.fids ? { fids: request.fids } : {}), ...(policies ? { policies } : {}), ...avoid, ...topological,
        }));
      case 'merge':
        return this.run(() => api['edit.merge']({ layerId, fids: request.fids, ...(policies ? { policies } : {}) }));
      case 'reshape':
        return this.run(() => api['edit.reshape']({ layerId, fid: request.fid, line: request.line, ...avoid, ...topological }));
      case 'clip':
        return this.run(() => api['edit.clip']({ layerId, fids: request.fids, mode: request.mode, by: request.by }));
      case 'copy': {
        const from = request.from[0];
        if (!from) return Promise.resolve(null);
        return this.run(() => api['edit.copy']({ fromLayerId: from.layerId, fids: request.from.map((r) => r.fid), toLayerId: layerId, ...avoid }));
      }
    }
  }

  /** Topological editing as the calls take it (absent when off). */
  private topological(): { topological?: { layerIds: number[]; toleranceM: number } } {
    const s = this.settings();
    return s.topological.enabled && s.topological.layerIds.length
      ? { topological: { layerIds: s.topological.layerIds, toleranceM: s.topological.toleranceM } }
      : {};
  }

  private policiesFor(kind: LayerKindId): Record<string, Partial<FieldPolicy>> | null {
    const p = this.settings().policies[kind];
    return p && Object.keys(p).length ? p : null;
  }

  private createWithForm(layer: LayerInfo, geometry: GeometryInput): Promise<EditResult | null> {
    return new Promise((resolve) => {
      const request: FormRequest = {
        id: nextId++,
        mode: 'create',
        layerId: layer.id,
        kind: layer.kind,
        fids: [],
        missing: [],
        submit: async (attributes) => {
          const s = this.settings();
          const avoid = s.avoidOverlapLayerIds.length ? { avoidOverlap: { layerIds: s.avoidOverlapLayerIds } } : {};
          const result = await this.run(() => this.deps.client.api['edit.create']({ layerId: layer.id, geometry, attributes, ...avoid, ...this.topological() }));
          if (!result) return false;
          this.closeForm(request);
          this.select(resultRefs(result, layer.id));
          resolve(result);
          return true;
        },
        cancel: () => {
          this.closeForm(request);
          resolve(null);
        },
      };
      this.formStore.set(request);
    });
  }

  private closeForm(request: FormRequest): void {
    if (this.formStore.get()?.id === request.id) this.formStore.set(null);
  }

  /** The attribute form for features of the edited layer (only the fields changed are sent, to all of them). */
  editAttributes(refs: FeatureRef[]): void {
    const layer = this.editLayer;
    const fids = refs.filter((r) => r.layerId === layer?.id).map((r) => r.fid);
    if (!layer || !fids.length || this.formStore.get()) return;
    const request: FormRequest = {
      id: nextId++,
      mode: 'update',
      layerId: layer.id,
      kind: layer.kind,
      fids,
      missing: [],
      submit: async (attributes) => {
        if (!Object.keys(attributes).length) {
          this.closeForm(request);
          return true;
        }
        const r = await this.run(() => this.deps.client.api['edit.updateAttributes']({ layerId: layer.id, fids, attributes }));
        if (r) this.closeForm(request);
        return r !== null;
      },
      cancel: () => this.closeForm(request),
    };
    this.formStore.set(request);
  }

  /** Required fields main left empty: ask for them, one feature at a time. */
  private askMissing(result: EditResult): void {
    const missing = result.warnings.filter((w) => w.code === 'required_missing' && w.fid !== undefined && w.layerId !== undefined);
    const first = missing[0];
    if (!first || this.formStore.get()) return;
    const layer = this.deps.layers().find((l) => l.id === first.layerId);
    if (!layer) return;
    const request: FormRequest = {
      id: nextId++,
      mode: 'update',
      layerId: layer.id,
      kind: layer.kind,
      fids: [first.fid!],
      missing: first.fields ?? [],
      submit: async (attributes) => {
        const r = await this.run(() => this.deps.client.api['edit.updateAttributes']({ layerId: layer.id, fids: [first.fid!], attributes }));
        if (r) this.closeForm(request);
        return r !== null;
      },
      cancel: () => this.closeForm(request),
    };
    this.formStore.set(request);
  }

  /** Runs one edit call: the map, the layer list, the tool and the history follow its result. */
  private async run(call: () => Promise<EditResult>): Promise<EditResult | null> {
    this.busyStore.set(true);
    const workspaceKey = this.deps.workspaceKey();
    // The revisions the map holds now: the geometry an edit's changes are patched into.
    const before = new Map(this.deps.layers().map((l) => [l.id, l.revision]));
    try {
      const result = await trackEdit(call().then((r) => {
        recordChanges(workspaceKey, r, before);
        return r;
      }));
      this.applied(result);
      return result;
    } catch (e) {
      const error = toContractError(e);
      if (error.code === 'NOTHING_TO_UNDO' || error.code === 'NOTHING_TO_REDO') {
        this.notify({ tone: 'info', key: `editing.notice.${error.code === 'NOTHING_TO_UNDO' ? 'nothingToUndo' : 'nothingToRedo'}` });
      } else {
        this.deps.report(error);
        this.notify({ tone: 'error', key: 'editing.notice.notSaved', values: { code: error.code } });
      }
      return null;
    } finally {
      this.busyStore.set(false);
    }
  }

  private applied(result: EditResult): void {
    if (result.layers.length) this.deps.applyLayers(result.layers);
    const changed: FeatureRef[] = [];
    const deleted: FeatureRef[] = [];
    for (const c of result.changes) {
      for (const fid of [...c.created, ...c.updated]) changed.push({ layerId: c.layerId, fid });
      for (const fid of c.deleted) deleted.push({ layerId: c.layerId, fid });
    }
    if (deleted.length) this.setSelection(this.selection().filter((r) => !deleted.some((d) => sameRef(d, r))));
    this.activeMode()?.onFeaturesChanged(changed, deleted);
    const warning = result.warnings.find((w) => w.code !== 'required_missing') ?? result.warnings[0];
    this.notify(warning
      ? { tone: 'warning', text: { zh: `${result.summary.zh}：${warning.zh}`, en: `${result.summary.en}: ${warning.en}` } }
      : { tone: 'info', text: result.summary });
    this.askMissing(result);
    void this.refreshHistory();
  }

  undo(): Promise<EditResult | null> {
    return this.run(() => this.deps.client.api['edit.undo']({}));
  }

  redo(): Promise<EditResult | null> {
    return this.run(() => this.deps.client.api['edit.redo']({}));
  }

  private admin: Promise<AdminUnitsResult> | null = null;

  /** Towns and villages of the workspace (the choices of town and village fields), asked once per session. */
  adminUnits(): Promise<AdminUnitsResult> {
    this.admin ??= this.deps.client.api['domains.adminUnits']({}).catch((e: unknown) => {
      this.admin = null;
      throw e;
    });
    return this.admin;
  }

  featureAttributes(ref: FeatureRef): Promise<FeatureDetail> {
    return this.deps.client.api['features.get'](ref);
  }

  async refreshHistory(): Promise<void> {
    try {
      this.historyStore.set(await this.deps.client.api['edit.history']({ limit: 100 }));
    } catch (e) {
      console.warn('edit.history failed', e);
    }
  }
}
