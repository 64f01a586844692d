// Data that crosses the boundary between renderer and main. Plain data only: ids, numbers, strings, typed arrays.
import { z } from 'zod';
import { LAYER_KIND_IDS, type LayerKindId } from '../domain/layer-kinds.js';

const rgb = z.tuple([z.number().int().min(0).max(255), z.number().int().min(0).max(255), z.number().int().min(0).max(255)]);
export const Bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Bbox = z.infer<typeof Bbox>;

export const LayerKindIdSchema = z.enum(LAYER_KIND_IDS as [LayerKindId, ...LayerKindId[]]);

export const LayerStyleSchema = z.object({
  mode: z.enum(['fixed', 'dlbm']),
  fillColor: rgb,
  lineColor: rgb,
  lineWidthPx: z.number().min(0).max(20),
  fillOpacity: z.number().min(0).max(1),
  labelField: z.string().optional(),
});

export const Area = z.object({ m2: z.number(), ha: z.number(), mu: z.number() });
export type Area = z.infer<typeof Area>;

export const LayerInfo = z.object({
  id: z.number().int(),
  /** The SQL table holding the layer's features in the active scheme (a draft's own copy once it edits the layer). */
  table: z.string(),
  /** The layer's name across schemes (its baseline table): findings and layer pairs use it. */
  key: z.string(),
  kind: LayerKindIdSchema,
  name: z.string(),
  nameEn: z.string(),
  geometryType: z.string(),
  featureCount: z.number().int(),
  /**
   * Bumped by every change of the layer's features (edits, undo/redo, imports): caches of its geometry key on it,
   * since a moved vertex changes the geometry without changing featureCount.
   */
  revision: z.number().int(),
  /** lon/lat (CGCS2000) bounds, null for an empty layer. */
  extent: Bbox.nullable(),
  visible: z.boolean(),
  opacity: z.number().min(0).max(1),
  sortOrder: z.number().int(),
  style: LayerStyleSchema,
  synthetic: z.boolean(),
  attribution: z.string().nullable(),
});
export type LayerInfo = z.infer<typeof LayerInfo>;

/** A scheme (方案): the baseline (现状 or the approved version) or a draft derived from another scheme. */
export const SchemeInfo = z.object({
  id: z.number().int(),
  name: z.string(),
  note: z.string(),
  parentId: z.number().int().nullable(),
  isBaseline: z.boolean(),
  /** Approved, read-only: edits are refused; drafts can still be made from it. */
  locked: z.boolean(),
  /** Where it came from when imported (the package file name), else null. */
  origin: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  /** Undoable edits made in this scheme (its own, not its parent's). */
  editCount: z.number().int(),
});
export type SchemeInfo = z.infer<typeof SchemeInfo>;

export const WorkspaceInfo = z.object({
  path: z.string(),
  name: z.string(),
  srid: z.number().int(),
  crsName: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  synthetic: z.boolean(),
  attribution: z.array(z.string()),
  extent: Bbox.nullable(),
  /** The scheme the layers below belong to (the one being viewed and edited). */
  scheme: SchemeInfo,
  schemes: z.array(SchemeInfo),
  layers: z.array(LayerInfo),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const RecentWorkspace = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
export type RecentWorkspace = z.infer<typeof RecentWorkspace>;

export const AttributeValue = z.union([z.string(), z.number(), z.null()]);
export const FeatureDetail = z.object({
  layerId: z.number().int(),
  fid: z.number().int(),
  attributes: z.record(z.string(), AttributeValue),
  /** Areas of the stored geometry: planar in the workspace CRS, ellipsoidal on CGCS2000 (国土调查 practice). */
  area: z.object({ planar: Area, ellipsoidal: Area }),
  bbox: Bbox,
  town: z.string().nullable(),
  village: z.string().nullable(),
});
export type FeatureDetail = z.infer<typeof FeatureDetail>;

/**
 * A layer's geometry ready for deck.gl: lon/lat vertices, polygon parts, rings for outlines, and triangles, all
 * as typed arrays so they cross IPC/HTTP without per-feature objects. Feature attributes stay in main; the renderer
 * gets one style key per feature (dictionary-encoded) and asks main for the rest on click.
 */
export const LayerGeometry = z.object({
  layerId: z.number().int(),
  featureCount: z.number().int(),
  fids: z.instanceof(Float64Array),
  positions: z.instanceof(Float64Array),
  /** Vertex start of each polygon part (length parts+1). */
  partStarts: z.instanceof(Uint32Array),
  /** Feature index (into fids) of each polygon part. */
  partFeature: z.instanceof(Uint32Array),
  /** Vertex start of each ring (length rings+1); rings are closed. */
  ringStarts: z.instanceof(Uint32Array),
  /** Vertex indices, three per triangle. */
  triangles: z.instanceof(Uint32Array),
  styleKeys: z.array(z.string()),
  /** Index into styleKeys for each feature. */
  featureStyle: z.instanceof(Uint16Array),
  /** Centroid (lon, lat) per feature, for labels. */
  labelPositions: z.instanceof(Float64Array),
  labels: z.array(z.string()),
});
export type LayerGeometry = z.infer<typeof LayerGeometry>;

export const AppInfo = z.object({
  version: z.string(),
  host: z.enum(['electron', 'browser', 'cli']),
  spatialiteVersion: z.string(),
  geosVersion: z.string(),
  projVersion: z.string(),
  samplePath: z.string(),
  canPickFiles: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const JobProgress = z.object({
  jobId: z.string(),
  fraction: z.number().min(0).max(1),
  message: z.string(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const ErrorPayload = z.object({
  code: z.string(),
  message: z.string(),
  /** File, row or feature the error is about, when there is one. */
  subject: z.string().optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

// ---- Overlay and QA checks (issue #3) ----------------------------------------------------------------------------

/** Groups of checks a run can include (all by default). */
export const CHECK_IDS = [
  'line_conflicts', 'pair_conflicts', 'validity', 'overlaps', 'gaps', 'slivers', 'fragments', 'extent', 'landuse_in_lines', 'stats',
] as const;
export const CheckId = z.enum(CHECK_IDS);
export type CheckId = z.infer<typeof CheckId>;

/** Finding types (the `type` field of a finding); see docs/checks.md for each one's rule and suggested fix. */
export const FINDING_TYPES = [
  'conflict_eco_farmland', 'conflict_farmland_urban', 'conflict_eco_urban', 'conflict_pair',
  'overlap', 'gap', 'sliver', 'fragment', 'invalid_geometry', 'multipart', 'outside_extent', 'outside_admin',
  'cultivated_in_urban', 'construction_in_eco', 'construction_in_farmland', 'farmland_not_cultivated',
] as const;
export const FindingType = z.enum(FINDING_TYPES);
export type FindingType = z.infer<typeof FindingType>;

/** Thresholds; every field optional in requests, defaults in main/core/overlay/params.ts and docs/checks.md. */
export const CheckParamsSchema = z.object({
  gridSize: z.number().positive().max(1),
  hairlineWidth: z.number().min(0).max(10),
  minConflictArea: z.number().min(0),
  minGapArea: z.number().min(0),
  sliverMaxThinness: z.number().min(0).max(1),
  sliverMaxWidth: z.number().min(0),
  fragmentMinArea: z.number().min(0),
  landuseFragmentMinArea: z.object({ construction: z.number().min(0), agricultural: z.number().min(0), other: z.number().min(0) }),
  outsideMinArea: z.number().min(0),
  singlePartKinds: z.array(LayerKindIdSchema),
  tilingKinds: z.array(LayerKindIdSchema),
});
export type CheckParams = z.infer<typeof CheckParamsSchema>;
export const CheckParamsPatch = CheckParamsSchema.partial().strict();
export type CheckParamsPatch = z.infer<typeof CheckParamsPatch>;

export const CheckRunInfo = z.object({
  runId: z.number().int(),
  scheme: z.string(),
  status: z.enum(['running', 'done', 'failed', 'cancelled']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  checks: z.array(CheckId),
  params: CheckParamsSchema,
  layerPairs: z.array(z.tuple([z.string(), z.string()])),
  findingCount: z.number().int(),
  /** Per finding type: count and area (planar m²). */
  totals: z.record(z.string(), z.object({ count: z.number().int(), areaM2: z.number(), areaEllipsoidalM2: z.number() })),
  /** Checks that could not run (a layer missing), with the reason. */
  skipped: z.array(z.object({ check: z.string(), reason: z.string() })),
  error: z.string().nullable(),
});
export type CheckRunInfo = z.infer<typeof CheckRunInfo>;

export const Finding = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  type: FindingType,
  severity: z.enum(['error', 'warning', 'info']),
  /** Tables involved; featureIds[i] are the fids in layers[i]. */
  layers: z.array(z.string()),
  featureIds: z.array(z.array(z.number().int())),
  /** Planar (workspace CRS) and ellipsoidal (CGCS2000) area of the finding geometry. */
  area: z.object({ planar: Area, ellipsoidal: Area }),
  town: z.string().nullable(),
  townCode: z.string().nullable(),
  village: z.string().nullable(),
  villageCode: z.string().nullable(),
  dlbm: z.string().nullable(),
  detail: z.string(),
  suggestion: z.string().nullable(),
  /** lon/lat bounds of the geometry. */
  bbox: Bbox.nullable(),
});
export type Finding = z.infer<typeof Finding>;

/** Finding geometries in lon/lat for drawing, as typed arrays (same layout as LayerGeometry). */
export const FindingGeometry = z.object({
  findingIds: z.instanceof(Float64Array),
  positions: z.instanceof(Float64Array),
  partStarts: z.instanceof(Uint32Array),
  partFeature: z.instanceof(Uint32Array),
  ringStarts: z.instanceof(Uint32Array),
  /** earcut triangles, vertex indices into positions. */
  triangles: z.instanceof(Uint32Array),
});
export type FindingGeometry = z.infer<typeof FindingGeometry>;

export const FindingsPage = z.object({
  runId: z.number().int(),
  total: z.number().int(),
  findings: z.array(Finding),
  geometry: FindingGeometry.nullable(),
});
export type FindingsPage = z.infer<typeof FindingsPage>;

export const RunComparison = z.object({
  runId: z.number().int(),
  previousRunId: z.number().int().nullable(),
  new: z.array(z.number().int()),
  resolved: z.array(z.object({ id: z.number().int(), type: FindingType, layers: z.array(z.string()), featureIds: z.array(z.array(z.number().int())), areaM2: z.number() })),
  changed: z.array(z.object({ id: z.number().int(), previousId: z.number().int(), areaM2: z.number(), previousAreaM2: z.number() })),
  unchanged: z.number().int(),
  byType: z.record(z.string(), z.object({ new: z.number().int(), resolved: z.number().int(), changed: z.number().int(), unchanged: z.number().int() })),
});
export type RunComparison = z.infer<typeof RunComparison>;

export const StatsLevel = z.enum(['county', 'town', 'village']);
export type StatsLevel = z.infer<typeof StatsLevel>;

export const StatsRow = z.object({
  level: StatsLevel,
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  parentName: z.string().nullable(),
  /** 国土面积: the admin unit's own area (for county and town rows, the sum of their villages). */
  landArea: Area,
  /** Area of each control line inside the unit, by line kind (eco_redline, permanent_farmland, urban_boundary). */
  lines: z.record(z.string(), Area),
  /** Share of each line in the unit's land area (0–1). */
  lineShare: z.record(z.string(), z.number()),
  /** 三调 parcels inside the unit, by DLBM first-level (2 chars) and second-level (4 chars) class, m². */
  dlbm1: z.record(z.string(), z.number()),
  dlbm2: z.record(z.string(), z.number()),
  construction: Area,
  /** 开发强度 = 建设用地 / 国土面积. */
  intensity: z.number().nullable(),
});
export type StatsRow = z.infer<typeof StatsRow>;

export const StatsResult = z.object({
  by: StatsLevel,
  rows: z.array(StatsRow),
  /** Sum over all rows (== the county, or the area of everything when there are several counties). */
  total: StatsRow,
  /** Area of parcels / lines not inside any village (so that totals add up); zero on a clean workspace. */
  unassigned: z.object({ landuse: z.number(), lines: z.record(z.string(), z.number()) }),
  notes: z.array(z.string()),
});
export type StatsResult = z.infer<typeof StatsResult>;

/**
 * Indicator targets the user enters (规划指标), in hectares except the intensity (0–1). Binding direction:
 * 耕地保有量, 永久基本农田保护任务 and 生态保护红线 are minimums; 城镇开发边界规模 and 开发强度 are maximums.
 */
export const Targets = z.object({
  cultivatedMinHa: z.number().min(0).nullable(),
  farmlandTaskHa: z.number().min(0).nullable(),
  ecoRedlineMinHa: z.number().min(0).nullable(),
  urbanBoundaryMaxHa: z.number().min(0).nullable(),
  intensityMax: z.number().min(0).max(1).nullable(),
});
export type Targets = z.infer<typeof Targets>;

/** Areas ellipsoidal (CGCS2000) throughout; siteArea also planar. */
export const SiteCheckResult = z.object({
  siteArea: z.object({ planar: Area, ellipsoidal: Area }),
  constraints: z.array(z.object({ layer: z.string(), kind: z.string(), name: z.string(), area: Area, featureIds: z.array(z.number().int()) })),
  cultivated: Area,
  paddy: Area,
  farmlandToReplace: Area,
  /** Table of the 永久基本农田储备区 layer the candidates come from (null when the workspace has none). */
  reserveLayer: z.string().nullable(),
  candidates: z.array(z.object({ fid: z.number().int(), area: Area, distanceM: z.number(), adjacent: z.boolean() })),
  pass: z.boolean(),
  reasons: z.array(z.string()),
});
export type SiteCheckResult = z.infer<typeof SiteCheckResult>;
