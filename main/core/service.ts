// The workbench core: one implementation of the contract, wrapped identically by the Electron, browser-mode and
// CLI hosts. Plain Node: no electron, no HTTP here.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { EventName, EventPayload, WorkbenchApi } from '../../shared/contract/contract.js';
import type { LayerGeometry, LayerInfo, WorkspaceInfo } from '../../shared/contract/schemas.js';
import type { EditResult } from '../../shared/contract/editing.js';
import { openDatabase, spatialiteVersions } from './db/spatialite.js';
import { Editor } from './editing/editor.js';
import { WorkbenchError } from './errors.js';
import { WorkerPool } from './jobs/worker-pool.js';
import { computeStats, executeRun, planRun, type PartRunner, type RunRequest } from './overlay/coordinator.js';
import { exportRun } from './overlay/export.js';
import { buildLayerGeometry } from './render/layer-geometry.js';
import { TileService, isTiledLayer } from './render/tiles/tile-service.js';
import { siteCheck } from './overlay/site.js';
import { compareRuns, getRun, listRuns, queryFindings, runSavedStats } from './overlay/store.js';
import { readTargets, writeTargets } from './overlay/indicator-targets.js';
import type { CheckRunInfo } from '../../shared/contract/schemas.js';
import { toSchemeDiff } from './schemes/compare.js';
import { exportDiff } from './schemes/diff-export.js';
import type { SchemeExchange, tasks } from './jobs/tasks.js';
import type { DiffData } from './schemes/diff.js';
import { createScheme, deleteScheme, getScheme, listSchemes, updateScheme } from './schemes/store.js';
import { sharesTable } from './schemes/tables.js';
import { UserState, defaultStateDir } from './state.js';
import { projectList, reportsOf, requireProjectLayers } from './consolidation/projects.js';
import { readRules, resetRules, writeRules } from './consolidation/rules.js';
import { exportProjects } from './consolidation/export.js';
import type { ProjectCheckResult } from '../../shared/contract/consolidation.js';
import type { ExportResult, ImportOptions, ImportResult } from '../../shared/contract/io.js';
import { exportTable, findingsTable, layerTable } from './io/export.js';
import { savePdf, savePng, unitExtents } from './present/save.js';
import { Workspace } from './workspace/workspace.js';

export interface WorkbenchOptions {
  host: 'electron' | 'browser' | 'cli';
  version: string;
  /** The bundled sample (read-only in a packaged app); the user works on a copy in the state dir. */
  bundledSamplePath: string;
  stateDir?: string;
  /** Native file dialog, where the host has one. */
  pickPath?: (mode: 'open' | 'save') => Promise<string | null>;
  /** Parcels in the sample when it must be generated (dev checkouts have no bundled file until first start). */
  sampleParcels?: number;
}

const GEOMETRY_REVISIONS = 2;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** Layers from this many features get their scheme copy made in a worker (a copy of 5,000 parcels takes ~0.2 s). */
const PREPARE_IN_WORKER_FROM = 5_000;

type Listener = (name: EventName, payload: unknown) => void;

export class Workbench {
  readonly api: WorkbenchApi;
  private workspace: Workspace | null = null;
  private editor: Editor | null = null;
  private readonly pool = new WorkerPool();
  private readonly listeners = new Set<Listener>();
  private readonly state: UserState;
  private readonly cancels = new Map<string, () => void>();
  /**
   * Layer geometry for the map, per layer and revision (an edit bumps it; revisions are unique across schemes, so a
   * compare view drawing two schemes keeps both). At most GEOMETRY_REVISIONS per layer.
   */
  private readonly geometryCache = new Map<number, Map<number, Promise<LayerGeometry>>>();
  private jobCounter = 0;
  private readonly runsInFlight = new Set<Promise<unknown>>();
  private readonly checkCancels = new Set<() => void>();
  /** Tiles of big layers (docs/scale.md). */
  readonly tiles: TileService;

  constructor(private readonly opts: WorkbenchOptions) {
    this.state = new UserState(opts.stateDir ?? defaultStateDir());
    this.tiles = new TileService({
      workspace: () => this.requireWorkspace(),
      buildJob: (label, params) => this.runJob(label, (onProgress) => this.pool.run('buildPyramid', params, onProgress)),
      emit: (payload) => this.emit('tiles.ready', payload),
    });
    this.api = {
      'app.info': async () => this.appInfo(),
      'workspace.current': async () => this.workspace?.info() ?? null,
      'workspace.open': async ({ path: p }) => this.open(p),
      'workspace.create': async ({ path: p, name, srid }) => this.replace(Workspace.create(path.resolve(p), { name, srid })),
      'workspace.openSample': async () => this.open(await this.userSamplePath()),
      'workspace.close': async () => {
        const had = this.workspace !== null;
        this.closeWorkspace();
        this.emit('workspace.changed', null);
        return { closed: had };
      },
      'workspace.recent': async () => this.state.recent().filter((r) => existsSync(r.path)),
      'workspace.pickPath': async ({ mode }) => (this.opts.pickPath ? this.opts.pickPath(mode) : null),
      'layers.update': async (patch) => {
        if (patch.style) this.forgetGeometry(patch.layerId);
        return this.requireWorkspace().updateLayer(patch);
      },
      'layers.reorder': async ({ layerIds }) => this.requireWorkspace().reorderLayers(layerIds),
      'layers.geometry': async ({ layerId, scheme, detail }) => (detail === undefined ? this.layerGeometry(layerId, scheme) : this.tiles.detailGeometry(layerId, detail, scheme)),
      'layers.featuresGeometry': async ({ layerId, fids }) => {
        const ws = this.requireWorkspace();
        return buildLayerGeometry(ws.db, layerId, ws.scheme, { fids });
      },
      'features.get': async ({ layerId, fid }) => this.requireWorkspace().feature(layerId, fid),
      'tiles.plan': async ({ layerId, scheme }) => this.tiles.plan(layerId, scheme),
      'tiles.rasters': async (i) => this.tiles.rasters(i),
      'tiles.vector': async (i) => this.tiles.vector(i),
      'tiles.featureAt': async (i) => this.tiles.featureAt(i),
      'tiles.feature': async (i) => this.tiles.feature(i),
      'jobs.cancel': async ({ jobId }) => {
        const cancel = this.cancels.get(jobId);
        cancel?.();
        return { cancelled: cancel !== undefined };
      },
      'checks.run': async (req) => {
        const started = this.startChecks(req);
        return { runId: started.runId, jobId: started.jobId };
      },
      'checks.runs': async ({ scheme }) => listRuns(this.requireWorkspace().db, scheme === undefined ? undefined : String(scheme)),
      'checks.findings': async (f) => {
        const ws = this.requireWorkspace();
        return queryFindings(ws.db, ws.srid, f);
      },
      'checks.compare': async ({ runId, previousRunId }) => compareRuns(this.requireWorkspace().db, runId, previousRunId),
      'checks.export': async ({ runId, format, path: p }) => exportRun(this.requireWorkspace(), runId, format, p),
      'checks.site': async (input) => siteCheck(this.requireWorkspace(), input),
      'edit.create': async (i) => this.edited(this.requireEditor().create(i)),
      'edit.updateGeometry': async (i) => this.edited(this.requireEditor().updateGeometry(i)),
      'edit.updateAttributes': async (i) => this.edited(this.requireEditor().updateAttributes(i)),
      'edit.delete': async (i) => this.edited(this.requireEditor().delete(i)),
      'edit.move': async (i) => this.edited(this.requireEditor().move(i)),
      'edit.vertices': async (i) => this.edited(this.requireEditor().vertices(i)),
      'edit.addPart': async (i) => this.edited(this.requireEditor().addPart(i)),
      'edit.addHole': async (i) => this.edited(this.requireEditor().addHole(i)),
      'edit.fillRing': async (i) => this.edited(this.requireEditor().fillRing(i)),
      'edit.split': async (i) => this.edited(this.requireEditor().split(i)),
      'edit.merge': async (i) => this.edited(this.requireEditor().merge(i)),
      'edit.reshape': async (i) => this.edited(this.requireEditor().reshape(i)),
      'edit.clip': async (i) => this.edited(this.requireEditor().clip(i)),
      'edit.copy': async (i) => this.edited(this.requireEditor().copy(i)),
      'edit.undo': async () => this.edited(this.requireEditor().undo()),
      'edit.redo': async () => this.edited(this.requireEditor().redo()),
      'edit.history': async (i) => this.requireEditor().history(i),
      'edit.featureGeometry': async (i) => this.requireEditor().featureGeometry(i),
      'edit.featureWithHoleAt': async (i) => this.requireEditor().featureWithHoleAt(i),
      'edit.validate': async (i) => this.requireEditor().validate(i),
      'snap.query': async (i) => this.requireEditor().snap(i),
      'snap.trace': async (i) => this.requireEditor().trace(i),
      'domains.adminUnits': async () => this.requireEditor().adminUnits(),
      'stats.get': async ({ by, runId }) => {
        const ws = this.requireWorkspace();
        if (runId !== undefined) {
          getRun(ws.db, runId); // an unknown run is an error, not a silent recomputation
          const saved = runSavedStats(ws.db, runId)?.levels[by];
          if (saved) return saved;
        }
        return this.runJob(`统计 / statistics by ${by}`, (onProgress) => {
          let cancel: () => void = () => {};
          const result = computeStats(ws, by, this.partRunner(), onProgress, (c) => { cancel = c; });
          return { result, cancel: () => cancel() };
        });
      },
      'targets.get': async () => readTargets(this.requireWorkspace()),
      'targets.set': async (targets) => writeTargets(this.requireWorkspace(), targets),
      'schemes.list': async () => listSchemes(this.requireWorkspace().db),
      'schemes.create': async (input) => this.schemesChanged(createScheme(this.requireWorkspace().db, input)),
      'schemes.update': async (input) => this.schemesChanged(updateScheme(this.requireWorkspace().db, input)),
      'schemes.delete': async ({ id }) => {
        const ws = this.requireWorkspace();
        if (ws.scheme === id) throw new WorkbenchError('BAD_REQUEST', '不能删除正在使用的方案，请先切换到其他方案 / Switch to another scheme before deleting this one');
        const { dropped } = deleteScheme(ws.db, id);
        this.schemesChanged(null);
        return { deleted: true, droppedTables: dropped };
      },
      'schemes.activate': async ({ id }) => this.activateScheme(id),
      'schemes.prepareEdit': async ({ layerId }) => this.prepareEdit(layerId),
      'schemes.diff': async (input) => {
        const ws = this.requireWorkspace();
        const t0 = performance.now();
        const data = await this.diffData(input);
        return toSchemeDiff(ws.db, data, input.from, input.to, performance.now() - t0);
      },
      'schemes.exportDiff': async ({ from, to, format, path: p }) => {
        const ws = this.requireWorkspace();
        const data = await this.diffData({ from, to });
        return exportDiff({ data, from: getScheme(ws.db, from), to: getScheme(ws.db, to), srid: ws.srid }, format, p);
      },
      'schemes.exportPackage': async ({ id, onlyChanges, path: p }) =>
        this.exchange('导出方案包 / exporting the scheme package', { op: 'exportPackage', id, target: p, onlyChanges }, 'exportPackage'),
      'schemes.importPackage': async ({ path: p, name }) =>
        this.schemesChanged(await this.exchange('导入方案包 / importing the scheme package', { op: 'importPackage', file: p, name }, 'importPackage')),
      'schemes.mergePreview': async ({ from, into }) => this.exchange('比较待合并的方案 / comparing the schemes to merge', { op: 'mergePreview', from, into }, 'mergePreview'),
      'schemes.merge': async ({ from, into, resolutions }) => {
        const ws = this.requireWorkspace();
        const result = await this.exchange('合并方案 / merging the schemes', { op: 'merge', from, into, resolutions }, 'merge');
        // The merge may have written to a scheme other than the active one: drop the editor (its caches) either way.
        this.editor = null;
        for (const c of result.changes) this.forgetGeometry(c.layerId);
        this.emit('workspace.changed', ws.info());
        return result;
      },
      'projects.list': async () => projectList(this.requireWorkspace()),
      'projects.check': async ({ codes, against }) => this.checkProjects(codes, against),
      'projects.rules': async () => readRules(this.requireWorkspace().db),
      'projects.setRules': async ({ rules }) => {
        const ws = this.requireWorkspace();
        return ws.transaction(() => {
          ws.log(null, 'projects.setRules', { count: rules.length });
          return writeRules(ws.db, rules);
        });
      },
      'projects.resetRules': async () => {
        const ws = this.requireWorkspace();
        return ws.transaction(() => {
          ws.log(null, 'projects.resetRules', {});
          return resetRules(ws.db);
        });
      },
      'projects.export': async ({ codes, format, path: p, against }) => exportProjects(this.requireWorkspace(), await this.checkProjects(codes, against), format, p),
      'import.preview': async (options) => this.pool.run('previewImport', { options, ws: this.workspaceFacts() }).result,
      'import.run': async ({ jobId, ...options }) => this.importFile(options, jobId),
      'export.layer': async ({ layerId, fids, format, path: p, encoding }) =>
        exportTable(layerTable(this.requireWorkspace(), layerId, fids), format, p, encoding),
      'export.findings': async ({ runId, format, path: p, encoding }): Promise<ExportResult> =>
        exportTable(findingsTable(this.requireWorkspace(), runId), format, p, encoding),
      'schemes.layers': async ({ id }) => {
        const ws = this.requireWorkspace();
        getScheme(ws.db, id);
        return ws.layers(id);
      },
      'domains.unitExtents': async ({ level, scheme }) => {
        const ws = this.requireWorkspace();
        if (scheme !== undefined) getScheme(ws.db, scheme);
        return unitExtents(ws, level, scheme);
      },
      'present.savePng': async ({ path: p, pngBase64 }) => savePng(p, pngBase64),
      'present.savePdf': async ({ path: p, title, pages }) => savePdf(p, title, pages),
    };
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(name, payload);
  }

  private appInfo() {
    const db = openDatabase(':memory:');
    try {
      const v = spatialiteVersions(db);
      return {
        version: this.opts.version, host: this.opts.host, spatialiteVersion: v.spatialite, geosVersion: v.geos,
        projVersion: v.proj, samplePath: this.opts.bundledSamplePath, canPickFiles: this.opts.pickPath !== undefined,
      };
    } finally {
      db.close();
    }
  }

  current(): Workspace | null {
    return this.workspace;
  }

  requireWorkspace(): Workspace {
    if (!this.workspace) throw new WorkbenchError('NO_WORKSPACE', '没有打开的工作空间 / No workspace is open');
    return this.workspace;
  }

  /** The editing core of the open workspace (created on first use). */
  requireEditor(): Editor {
    const ws = this.requireWorkspace();
    if (!this.editor || this.editor.ctx.ws !== ws) this.editor = new Editor(ws);
    return this.editor;
  }

  /**
   * After an edit: drop the map geometry of the layers it changed and tell every window (the renderer refetches a
   * layer whose revision changed), then hand the result back.
   */
  private edited(result: EditResult): EditResult {
    if (result.changes.length) {
      for (const c of result.changes) {
        this.forgetGeometry(c.layerId);
        this.editor?.snapping.invalidate(c.layerId);
      }
      this.emit('workspace.changed', this.requireWorkspace().info());
    }
    return result;
  }

  /** Compares two schemes in a worker (it reads committed data: edits commit before they return). */
  diffData(input: { from: number; to: number; layerIds?: number[] }): Promise<DiffData> {
    const ws = this.requireWorkspace();
    getScheme(ws.db, input.from);
    getScheme(ws.db, input.to);
    return this.runJob('方案对比 / comparing schemes', (onProgress) => this.pool.run('schemeDiff', { path: ws.path, srid: ws.srid, ...input }, onProgress));
  }

  /** Tells every window the scheme list changed (names, locks, new drafts). */
  private schemesChanged<T>(result: T): T {
    this.emit('workspace.changed', this.requireWorkspace().info());
    return result;
  }

  /** Switches scheme: nothing is copied; the map refetches the layers whose revision differs. */
  /** Scheme exchange and merge in a worker (they read and write whole layers): the event loop stays free. */
  private async exchange<K extends SchemeExchange['op']>(label: string, params: DistributiveOmit<Extract<SchemeExchange, { op: K }>, 'path' | 'scheme'>, op: K):
    Promise<Extract<Awaited<ReturnType<typeof tasks.schemeExchange>>, { kind: K }>['result']> {
    const ws = this.requireWorkspace();
    const out = await this.runJob(label, (onProgress) =>
      this.pool.run('schemeExchange', { ...params, path: ws.path, scheme: ws.scheme } as SchemeExchange, onProgress));
    if (this.workspace !== ws) throw new WorkbenchError('CANCELLED', '工作空间已关闭 / the workspace was closed');
    if (out.kind !== op) throw new WorkbenchError('INTERNAL', `unexpected ${out.kind} result for ${op}`);
    // Written on another connection: what this one caches (the editor, geometry) may be stale.
    if (op !== 'mergePreview' && op !== 'exportPackage') this.editor = null;
    return out.result as never;
  }

  /**
   * The active scheme's own copy of a layer before its first edit (schemes/prepare.ts): small layers here, big ones
   * in a worker so the event loop keeps serving the map.
   */
  async prepareEdit(layerId: number): Promise<{ copied: boolean; layer: LayerInfo }> {
    const ws = this.requireWorkspace();
    const scheme = ws.scheme;
    const layer = ws.layer(layerId, scheme);
    if (getScheme(ws.db, scheme).locked || !sharesTable(ws.db, scheme, layerId)) return { copied: false, layer };
    if (layer.featureCount < PREPARE_IN_WORKER_FROM) {
      ws.db.transaction(() => ws.writableTable(layerId, scheme))();
      return { copied: true, layer: ws.layer(layerId, scheme) };
    }
    const { copied } = await this.runJob(`复制图层到方案 / copying ${layer.name} into the scheme`, (onProgress) =>
      this.pool.run('prepareSchemeLayer', { path: ws.path, srid: ws.srid, schemeId: scheme, layerId }, onProgress));
    if (this.workspace !== ws) throw new WorkbenchError('CANCELLED', '工作空间已关闭 / the workspace was closed');
    return { copied, layer: ws.layer(layerId, scheme) };
  }

  activateScheme(id: number): WorkspaceInfo {
    const ws = this.requireWorkspace();
    ws.setScheme(id);
    this.editor = null;
    const info = ws.info();
    this.emit('workspace.changed', info);
    this.prefetchGeometry(info);
    return info;
  }

  open(file: string): WorkspaceInfo {
    const resolved = path.resolve(file);
    if (this.workspace?.path === resolved) return this.workspace.info();
    // Validate and lock the new one before letting go of the current one: a failed open changes nothing.
    return this.replace(Workspace.open(resolved));
  }

  private replace(ws: Workspace): WorkspaceInfo {
    this.closeWorkspace();
    this.workspace = ws;
    const info = ws.info();
    this.state.remember({ path: info.path, name: info.name });
    this.emit('workspace.changed', info);
    // A window will draw every visible layer next: start building their geometry now, biggest first, instead of
    // when the renderer has started up and asks (about a second later). A CLI run draws nothing.
    this.prefetchGeometry(info);
    return info;
  }

  private prefetchGeometry(info: WorkspaceInfo): void {
    if (this.opts.host === 'cli') return;
    for (const layer of [...info.layers].filter((l) => l.visible && l.featureCount > 0).sort((a, b) => b.featureCount - a.featureCount)) {
      // A big layer is drawn from tiles: nothing proportional to its size happens before the first frame (the plan
      // only starts a pyramid build in the background when its tiles are missing or behind).
      if (isTiledLayer(layer)) {
        try { this.tiles.plan(layer.id); } catch { /* the renderer's own request reports it */ }
      }
      else this.layerGeometry(layer.id).catch(() => { /* the renderer's own request reports it */ });
    }
  }

  private closeWorkspace(): void {
    // Check runs write into the workspace from workers: stop them before letting go of the file.
    for (const cancel of this.checkCancels) cancel();
    void this.tiles.close();
    this.geometryCache.clear();
    this.editor = null;
    this.workspace?.close();
    this.workspace = null;
  }

  /** The workspace's CRS and lon/lat extent, which an import needs to choose among guessed CRSs. */
  private workspaceFacts() {
    const info = this.requireWorkspace().info();
    return { srid: info.srid, extent: info.extent };
  }

  /**
   * Imports a file as a new layer (docs/import-export.md) in a worker, in one transaction on the worker's connection.
   * Closing the workspace cancels it (nothing is written then).
   */
  async importFile(options: ImportOptions, jobId?: string): Promise<ImportResult> {
    const ws = this.requireWorkspace();
    const facts = this.workspaceFacts();
    let cancelImport: () => void = () => {};
    const cancel = () => cancelImport();
    this.checkCancels.add(cancel);
    const done = this.runJob(`导入 / importing ${path.basename(options.path)}`, (onProgress) => {
      const running = this.pool.run('importLayer', { path: ws.path, options, ws: facts }, onProgress);
      cancelImport = running.cancel;
      return running;
    }, jobId);
    this.runsInFlight.add(done);
    try {
      const result = await done;
      if (this.workspace === ws) this.emit('workspace.changed', ws.info());
      return result;
    } finally {
      this.checkCancels.delete(cancel);
      this.runsInFlight.delete(done);
    }
  }

  /** Runs a task in a worker with progress events under a job id, cancellable through jobs.cancel. */
  runJob<T>(label: string, start: (onProgress: (f: number, m: string) => void) => { result: Promise<T>; cancel(): void }, id?: string): Promise<T> {
    const jobId = id ?? `job-${++this.jobCounter}`;
    this.emit('job.progress', { jobId, fraction: 0, message: label });
    const running = start((fraction, message) => this.emit('job.progress', { jobId, fraction, message: message || label }));
    this.cancels.set(jobId, running.cancel);
    return running.result.finally(() => {
      this.cancels.delete(jobId);
      this.emit('job.progress', { jobId, fraction: 1, message: label });
    });
  }

  /** Indicators of land-consolidation projects in a worker (progress, cancel), then the rule table in main. */
  async checkProjects(codes?: string[], against?: number | string): Promise<ProjectCheckResult> {
    const ws = this.requireWorkspace();
    const layers = requireProjectLayers(ws, against);
    const indicators = await this.runJob('项目指标 / project indicators', (onProgress) =>
      this.pool.run('projectCheck', { path: ws.path, srid: ws.srid, layers, codes }, onProgress));
    if (this.workspace !== ws) throw new WorkbenchError('CANCELLED', '工作空间已关闭 / the workspace was closed');
    return reportsOf(ws, layers, indicators);
  }

  private partRunner(): PartRunner {
    return { run: (params, onProgress) => this.pool.run('overlayPart', params, onProgress) };
  }

  /**
   * Starts a check run on the worker pool: returns its run id and job id at once, and `done`, which settles when the
   * run is saved (rejects with CANCELLED when cancelled through jobs.cancel).
   */
  startChecks(req: RunRequest): { runId: number; jobId: string; done: Promise<CheckRunInfo> } {
    const ws = this.requireWorkspace();
    const plan = planRun(ws, req);
    const jobId = `job-${++this.jobCounter}`;
    const label = `检查 / checks (run ${plan.runId})`;
    this.emit('job.progress', { jobId, fraction: 0, message: label });
    let cancel: () => void = () => {};
    const cancelRun = () => cancel();
    this.cancels.set(jobId, cancelRun);
    this.checkCancels.add(cancelRun);
    const done = executeRun(ws, plan, this.partRunner(), (fraction, message) => this.emit('job.progress', { jobId, fraction, message: message || label }),
      (c) => { cancel = c; }).finally(() => {
      this.cancels.delete(jobId);
      this.checkCancels.delete(cancelRun);
      this.emit('job.progress', { jobId, fraction: 1, message: label });
    });
    // The saved run, whatever its outcome (done, failed with its error, cancelled), so the UI need not poll.
    done.then(
      (run) => this.emit('checks.finished', run),
      () => {
        if (this.workspace === ws) this.emit('checks.finished', getRun(ws.db, plan.runId));
      },
    );
    this.runsInFlight.add(done);
    done.catch(() => {}).finally(() => this.runsInFlight.delete(done));
    return { runId: plan.runId, jobId, done };
  }

  private layerGeometry(layerId: number, schemeId?: number): Promise<LayerGeometry> {
    const ws = this.requireWorkspace();
    const scheme = schemeId ?? ws.scheme;
    const layer = ws.layer(layerId, scheme);
    let byRevision = this.geometryCache.get(layerId);
    const cached = byRevision?.get(layer.revision);
    if (cached) return cached;
    // The worker reads through its own connection; it sees everything committed so far (edits commit before they
    // return).
    const geometry = this.runJob(`${layer.name}`, (onProgress) => this.pool.run('layerGeometry', { path: ws.path, layerId, scheme }, onProgress));
    if (!byRevision) this.geometryCache.set(layerId, byRevision = new Map());
    const revisions = byRevision;
    geometry.catch(() => { if (revisions.get(layer.revision) === geometry) revisions.delete(layer.revision); });
    revisions.set(layer.revision, geometry);
    while (revisions.size > GEOMETRY_REVISIONS) revisions.delete(revisions.keys().next().value!);
    return geometry;
  }

  private forgetGeometry(layerId: number): void {
    this.geometryCache.delete(layerId);
    this.tiles.forgetDetail(layerId);
  }

  /** The user's copy of the sample; generated into the bundle location first if this checkout has none yet. */
  private async userSamplePath(): Promise<string> {
    const target = path.join(this.state.dir, 'sample', path.basename(this.opts.bundledSamplePath));
    if (existsSync(target)) return target;
    if (!existsSync(this.opts.bundledSamplePath)) {
      await this.generateSample(this.opts.bundledSamplePath, this.opts.sampleParcels);
    }
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(this.opts.bundledSamplePath, target);
    return target;
  }

  generateSample(out: string, parcels?: number, seed?: number) {
    return this.runJob('生成示例工作空间 / Generating the sample workspace', (onProgress) =>
      this.pool.run('sample', { out, parcels, seed }, onProgress));
  }

  async dispose(): Promise<void> {
    this.closeWorkspace();
    // Cancelled check runs stop at their next chunk; let them settle before the workers go.
    await Promise.allSettled([...this.runsInFlight]);
    await this.pool.close();
  }
}
