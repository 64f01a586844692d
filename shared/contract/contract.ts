// The one contract between renderer and main. Every host (Electron IPC, browser-mode HTTP/WebSocket, CLI direct
// calls) serves exactly these methods, validating inputs on the way in and outputs on the way out.
import { z } from 'zod';
import {
  AppInfo, FeatureDetail, JobProgress, LayerGeometry, LayerInfo, LayerStyleSchema, RecentWorkspace, WorkspaceInfo,
} from './schemas.js';
import {
  CheckId, CheckParamsPatch, CheckRunInfo, FindingType, FindingsPage, RunComparison, SiteCheckResult, StatsLevel, StatsResult, Targets,
} from './schemas.js';

const none = z.object({}).strict();
const path = z.string().min(1, 'path is empty');

export const methods = {
  'app.info': { input: none, output: AppInfo },
  'workspace.current': { input: none, output: WorkspaceInfo.nullable() },
  'workspace.open': { input: z.object({ path }), output: WorkspaceInfo },
  'workspace.create': {
    input: z.object({ path, name: z.string().min(1), srid: z.number().int() }),
    output: WorkspaceInfo,
  },
  'workspace.openSample': { input: none, output: WorkspaceInfo },
  'workspace.close': { input: none, output: z.object({ closed: z.boolean() }) },
  'workspace.recent': { input: none, output: z.array(RecentWorkspace) },
  /** Native file dialog where the host has one (Electron); null when the user cancels or the host has none. */
  'workspace.pickPath': { input: z.object({ mode: z.enum(['open', 'save']) }), output: z.string().nullable() },
  'layers.update': {
    input: z.object({
      layerId: z.number().int(),
      visible: z.boolean().optional(),
      opacity: z.number().min(0).max(1).optional(),
      style: LayerStyleSchema.optional(),
    }),
    output: LayerInfo,
  },
  /** Move a layer in the drawing order: sortOrder values of all layers, top first. */
  'layers.reorder': { input: z.object({ layerIds: z.array(z.number().int()) }), output: z.array(LayerInfo) },
  'layers.geometry': { input: z.object({ layerId: z.number().int() }), output: LayerGeometry },
  'features.get': { input: z.object({ layerId: z.number().int(), fid: z.number().int() }), output: FeatureDetail },
  'jobs.cancel': { input: z.object({ jobId: z.string() }), output: z.object({ cancelled: z.boolean() }) },

  // ---- Overlay and QA checks (docs/checks.md) ----
  /**
   * Starts a check run in worker threads and returns at once: progress arrives as job.progress events under jobId
   * (cancel with jobs.cancel); the run is saved in the workspace when it finishes (checks.runs shows its status).
   */
  'checks.run': {
    input: z.object({
      checks: z.array(CheckId).min(1).optional(),
      params: CheckParamsPatch.optional(),
      layerPairs: z.array(z.tuple([z.string().min(1), z.string().min(1)])).optional(),
      scheme: z.string().min(1).max(64).optional(),
    }).strict(),
    output: z.object({ runId: z.number().int(), jobId: z.string() }),
  },
  /** Saved runs, newest first. */
  'checks.runs': { input: z.object({ scheme: z.string().optional() }).strict(), output: z.array(CheckRunInfo) },
  /** A page of a run's findings with their geometry in lon/lat (typed arrays) for drawing. */
  'checks.findings': {
    input: z.object({
      runId: z.number().int(),
      types: z.array(FindingType).optional(),
      layer: z.string().optional(),
      town: z.string().optional(),
      village: z.string().optional(),
      minAreaM2: z.number().min(0).optional(),
      /** lon/lat window. */
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(100_000).optional(),
      withGeometry: z.boolean().optional(),
    }).strict(),
    output: FindingsPage,
  },
  /** New / resolved / changed findings against the previous run of the same scheme (or the run given). */
  'checks.compare': {
    input: z.object({ runId: z.number().int(), previousRunId: z.number().int().optional() }).strict(),
    output: RunComparison,
  },
  'checks.export': {
    input: z.object({ runId: z.number().int(), format: z.enum(['xlsx', 'geojson', 'gpkg', 'json']), path: z.string().min(1) }).strict(),
    output: z.object({ path: z.string(), count: z.number().int() }),
  },
  /** Site pre-check (选址): a site polygon as WKT in the workspace CRS, or a feature of a layer. */
  'checks.site': {
    input: z.object({
      wkt: z.string().optional(),
      feature: z.object({ layerId: z.number().int(), fid: z.number().int() }).optional(),
      reserveLayer: z.string().optional(),
      maxCandidates: z.number().int().min(1).max(200).optional(),
    }).strict().refine((v) => (v.wkt ? 1 : 0) + (v.feature ? 1 : 0) === 1, 'give either wkt or feature'),
    output: SiteCheckResult,
  },
  /**
   * Statistics by 区县 / 镇街 / 村: those saved with a check run when runId is given (and the run computed them),
   * otherwise computed now on the current data (in a worker).
   */
  'stats.get': { input: z.object({ by: StatsLevel, runId: z.number().int().optional() }).strict(), output: StatsResult },
  /** The indicator targets saved in the workspace (all null until the user enters them). */
  'targets.get': { input: none, output: Targets },
  'targets.set': { input: Targets, output: Targets },
} as const;

export const events = {
  'job.progress': JobProgress,
  'workspace.changed': WorkspaceInfo.nullable(),
  /** A check run ended: done, failed (with its error) or cancelled; it is saved in the workspace. */
  'checks.finished': CheckRunInfo,
} as const;

export type MethodName = keyof typeof methods;
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What main implements and what the renderer calls: one async function per method. */
export type WorkbenchApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };
export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export class ContractError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly subject?: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

function describe(issues: z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

export function parseInput<M extends MethodName>(method: M, input: unknown): MethodInput<M> {
  const r = methods[method].input.safeParse(input ?? {});
  if (!r.success) throw new ContractError('BAD_REQUEST', `${method}: invalid request: ${describe(r.error.issues)}`);
  return r.data as MethodInput<M>;
}

export function parseOutput<M extends MethodName>(method: M, output: unknown): MethodOutput<M> {
  const r = methods[method].output.safeParse(output);
  if (!r.success) throw new ContractError('BAD_RESPONSE', `${method}: invalid response: ${describe(r.error.issues)}`);
  return r.data as MethodOutput<M>;
}

export function parseEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> {
  const r = events[event].safeParse(payload);
  if (!r.success) throw new ContractError('BAD_EVENT', `${event}: invalid event: ${describe(r.error.issues)}`);
  return r.data as EventPayload<E>;
}
