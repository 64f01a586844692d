// The one contract between renderer and main. Every host (Electron IPC, browser-mode HTTP/WebSocket, CLI direct
// calls) serves exactly these methods, validating inputs on the way in and outputs on the way out.
import { z } from 'zod';
import {
  AppInfo, FeatureDetail, JobProgress, LayerGeometry, LayerInfo, LayerStyleSchema, RecentWorkspace, WorkspaceInfo,
} from './schemas.js';
import {
  CheckId, CheckParamsPatch, CheckRunInfo, FindingType, FindingsPage, RunComparison, SiteCheckResult, StatsLevel, StatsResult, Targets,
} from './schemas.js';

import {
  AdminUnitsResult, AttributesInput, AvoidOverlap, EditHistory, EditResult, FeatureGeometry, FieldPolicyPatch, GeometryInput, LineInput,
  Position, RingInput, SnapExclude, SnapResult, Topological, TraceResult, ValidationResult, VertexOp,
} from './editing.js';
import { EXACT_DETAIL_ZOOM } from '../domain/display-detail.js';
import { schemeMethods } from './schemes.js';
import { consolidationMethods } from './consolidation.js';
import { ioMethods } from './io.js';
import { presentMethods } from './present.js';
import { tileEvents, tileMethods } from './tiles.js';

const none = z.object({}).strict();
const layerId = z.number().int();
const fid = z.number().int();
const fids = z.array(fid).min(1);
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
  /** A layer's geometry for the map, in the active scheme or the scheme given (compare views draw two). */
  /**
   * A layer's geometry, exact; with `detail` simplified for drawing at that zoom (shared/domain/display-detail.ts):
   * the same features, parts and rings in the same order, so a part index means the same feature in both.
   */
  'layers.geometry': {
    input: z.object({
      layerId: z.number().int(),
      scheme: z.number().int().positive().optional(),
      detail: z.number().int().min(0).max(EXACT_DETAIL_ZOOM - 1).optional(),
    }),
    output: LayerGeometry,
  },
  /**
   * Geometry of some features of a layer, same layout as layers.geometry: after an edit the renderer can patch the
   * changed fids (EditResult.changes) into its arrays instead of refetching a 200,000-parcel layer.
   */
  'layers.featuresGeometry': {
    input: z.object({ layerId: z.number().int(), fids: z.array(z.number().int()).max(100_000) }).strict(),
    output: LayerGeometry,
  },
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
      /** Scheme id; the active scheme when absent. */
      scheme: z.number().int().positive().optional(),
    }).strict(),
    output: z.object({ runId: z.number().int(), jobId: z.string() }),
  },
  /** Saved runs, newest first. */
  /** Saved runs of one scheme (by id) or of all, newest first. */
  'checks.runs': { input: z.object({ scheme: z.number().int().positive().optional() }).strict(), output: z.array(CheckRunInfo) },
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

  // ---- Editing (docs/editing.md). Every data-changing call is one undoable step and returns an EditResult. ----
  /**
   * New feature from a drawn polygon (rectangle, freehand: the renderer sends the vertices). With `topological`
   * (here and in updateGeometry, move, vertices, addPart, reshape, split) a new vertex lying on a neighbour's edge
   * is inserted into that edge in the same step, so no T-junction is left.
   */
  'edit.create': {
    input: z.object({
      layerId, geometry: GeometryInput, attributes: AttributesInput.optional(), avoidOverlap: AvoidOverlap.optional(), topological: Topological.optional(),
    }).strict(),
    output: EditResult,
  },
  /** Replace a feature's geometry (the result of vertex editing done in the renderer). */
  'edit.updateGeometry': {
    input: z.object({ layerId, fid, geometry: GeometryInput, avoidOverlap: AvoidOverlap.optional(), topological: Topological.optional() }).strict(),
    output: EditResult,
  },
  /** Change attributes (only the fields sent) of one or several features; checked against the layer kind's form. */
  'edit.updateAttributes': { input: z.object({ layerId, fids, attributes: AttributesInput }).strict(), output: EditResult },
  'edit.delete': { input: z.object({ layerId, fids }).strict(), output: EditResult },
  /** Translate features by dx/dy (metres, workspace CRS) or by the vector from → to. */
  'edit.move': {
    input: z.object({
      layerId, fids, dx: z.number().finite().optional(), dy: z.number().finite().optional(),
      from: Position.optional(), to: Position.optional(), avoidOverlap: AvoidOverlap.optional(), topological: Topological.optional(),
    }).strict().refine((v) => (v.dx !== undefined && v.dy !== undefined) !== (v.from !== undefined && v.to !== undefined), 'give dx and dy, or from and to'),
    output: EditResult,
  },
  /** Move / insert / delete vertices of one feature, in order; topological: shared vertices in these layers follow. */
  'edit.vertices': {
    input: z.object({ layerId, fid, ops: z.array(VertexOp).min(1), topological: Topological.optional(), avoidOverlap: AvoidOverlap.optional() }).strict(),
    output: EditResult,
  },
  'edit.addPart': {
    input: z.object({ layerId, fid, rings: z.array(RingInput).min(1), avoidOverlap: AvoidOverlap.optional(), topological: Topological.optional() }).strict(),
    output: EditResult,
  },
  'edit.addHole': { input: z.object({ layerId, fid, ring: RingInput }).strict(), output: EditResult },
  /** Remove a hole (mode remove), or fill it with a new feature (mode newFeature); the hole by index or by a point in it. */
  'edit.fillRing': {
    input: z.object({
      layerId, fid, part: z.number().int().min(0).optional(), ring: z.number().int().min(1).optional(), at: Position.optional(),
      mode: z.enum(['remove', 'newFeature']).optional(),
      newFeature: z.object({ layerId: layerId.optional(), attributes: AttributesInput.optional() }).strict().optional(),
    }).strict().refine((v) => v.at !== undefined || (v.part !== undefined && v.ring !== undefined), 'give part and ring, or at'),
    output: EditResult,
  },
  /** Split by a line: the given features, or every feature of the layer the line cuts across. */
  'edit.split': {
    input: z.object({
      layerId, fids: fids.optional(), line: LineInput, policies: FieldPolicyPatch.optional(),
      avoidOverlap: AvoidOverlap.optional(), topological: Topological.optional(),
    }).strict(),
    output: EditResult,
  },
  'edit.merge': {
    input: z.object({ layerId, fids: z.array(fid).min(2), keepFid: fid.optional(), policies: FieldPolicyPatch.optional(), allowMultipart: z.boolean().optional() }).strict(),
    output: EditResult,
  },
  /** Reshape by a line (QGIS semantics: the longer arc of the crossed ring is kept). */
  'edit.reshape': {
    input: z.object({ layerId, fid, line: LineInput, avoidOverlap: AvoidOverlap.optional(), topological: Topological.optional() }).strict(),
    output: EditResult,
  },
  /** Clip (keep inside) or cut (remove inside) features by a feature of any layer or a drawn polygon. */
  'edit.clip': {
    input: z.object({
      layerId, fids, mode: z.enum(['keepInside', 'removeInside']),
      by: z.union([z.object({ layerId, fid }).strict(), z.object({ geometry: GeometryInput }).strict()]),
    }).strict(),
    output: EditResult,
  },
  /** Copy (paste) features into another layer; fields mapped by name, then kind defaults (docs/editing.md). */
  'edit.copy': {
    input: z.object({
      fromLayerId: layerId, fids, toLayerId: layerId, fieldMap: z.record(z.string(), z.string().nullable()).optional(),
      attributes: AttributesInput.optional(), avoidOverlap: AvoidOverlap.optional(),
    }).strict(),
    output: EditResult,
  },
  'edit.undo': { input: none, output: EditResult },
  'edit.redo': { input: none, output: EditResult },
  /** The edit history, newest first (what, when, by whom), and what undo/redo would do next. */
  'edit.history': {
    input: z.object({ limit: z.number().int().min(1).max(1000).optional(), offset: z.number().int().min(0).optional() }).strict(),
    output: EditHistory,
  },
  /** The feature of the layer one of whose holes contains the position (the fill-ring tool), or null. */
  'edit.featureWithHoleAt': { input: z.object({ layerId, position: Position }).strict(), output: z.object({ fid }).nullable() },
  /** A feature's exact geometry for vertex editing: positions [lon, lat, x, y]. */
  'edit.featureGeometry': { input: z.object({ layerId, fid }).strict(), output: FeatureGeometry },
  /** Live validation of a candidate geometry: validity with the location, overlaps with its layer and protected layers. */
  'edit.validate': {
    input: z.object({
      layerId, geometry: GeometryInput, fid: fid.optional(), protectedLayerIds: z.array(layerId).optional(),
      minOverlapM2: z.number().min(0).optional(),
    }).strict(),
    output: ValidationResult,
  },
  /** Snap a point (lon/lat, or exact) to the nearest vertex, else intersection, else edge within the tolerance. */
  'snap.query': {
    input: z.object({
      position: Position, toleranceM: z.number().min(0).max(10_000), layerIds: z.array(layerId).min(1),
      kinds: z.array(z.enum(['vertex', 'intersection', 'edge'])).min(1).optional(), exclude: SnapExclude.optional(),
    }).strict(),
    output: SnapResult,
  },
  /** The path along existing boundaries between two points on them (use snap answers), the shortest way round. */
  'snap.trace': {
    input: z.object({
      from: Position, to: Position, layerIds: z.array(layerId).min(1), toleranceM: z.number().min(0).max(100).optional(), exclude: SnapExclude.optional(),
    }).strict(),
    output: TraceResult,
  },
  /** Counties, towns and villages of the workspace's admin layers: the choices of town and village fields. */
  'domains.adminUnits': { input: none, output: AdminUnitsResult },

  // ---- Schemes (方案) and compare (docs/schemes.md) ----
  ...schemeMethods,
  // ---- Land consolidation projects (docs/consolidation.md), schemas in consolidation.ts ----
  ...consolidationMethods,
  // ---- Import and export (docs/import-export.md) ----
  ...ioMethods,
  // ---- Compare views and meeting-room mode (docs/schemes.md "In the workbench") ----
  ...presentMethods,
  // ---- Tiles of big layers (docs/scale.md) ----
  ...tileMethods,
} as const;

export const events = {
  'job.progress': JobProgress,
  'workspace.changed': WorkspaceInfo.nullable(),
  /** A check run ended: done, failed (with its error) or cancelled; it is saved in the workspace. */
  'checks.finished': CheckRunInfo,
  ...tileEvents,
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
