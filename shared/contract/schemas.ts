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
  table: z.string(),
  kind: LayerKindIdSchema,
  name: z.string(),
  nameEn: z.string(),
  geometryType: z.string(),
  featureCount: z.number().int(),
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
