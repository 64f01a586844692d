// Schemes (方案) and their comparison: the data that crosses the contract for issue #5 (docs/schemes.md).
// Areas are ellipsoidal (CGCS2000) unless named planar; change geometry comes in lon/lat as typed arrays, laid out
// like finding geometry (FindingGeometry.findingIds holds the change ids).
import { z } from 'zod';
import { Area, AttributeValue, Bbox, FindingGeometry, LayerKindIdSchema, SchemeInfo, WorkspaceInfo } from './schemas.js';
import { EditResult } from './editing.js';

const int = z.number().int();
const schemeId = z.number().int().positive();
const path = z.string().min(1, 'path is empty');

export const DiffLevel = z.enum(['county', 'town', 'village']);
export type DiffLevel = z.infer<typeof DiffLevel>;

export const ChangeKind = z.enum(['gained', 'lost', 'attributes']);
export type ChangeKind = z.infer<typeof ChangeKind>;

/** One change to step through: an area gained or lost by a layer, or a feature whose attributes changed. */
export const SchemeChange = z.object({
  id: int,
  layerId: int,
  layerKey: z.string(),
  kind: ChangeKind,
  /** Ellipsoidal area (gained / lost piece; the feature's area for an attribute change). */
  area: Area,
  planarM2: z.number(),
  /** The features behind it: in the `to` scheme for gained and attribute changes, in `from` for lost areas. */
  fids: z.array(int),
  county: z.string().nullable(),
  town: z.string().nullable(),
  townCode: z.string().nullable(),
  village: z.string().nullable(),
  villageCode: z.string().nullable(),
  /** Attribute changes: field, value before, value after. */
  fields: z.array(z.object({ name: z.string(), before: AttributeValue, after: AttributeValue })),
  /** lon/lat bounds. */
  bbox: Bbox.nullable(),
});
export type SchemeChange = z.infer<typeof SchemeChange>;

/** Area gained and lost (ellipsoidal), and net = gained − lost. */
const gainedLost = { gained: Area, lost: Area, net: Area };

export const LayerDiff = z.object({
  layerId: int,
  key: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: LayerKindIdSchema,
  /** Both schemes use the same table: nothing differs, nothing was computed. */
  shared: z.boolean(),
  added: z.array(int),
  removed: z.array(int),
  /** Same feature id, different geometry (attributes may have changed too). */
  reshaped: z.array(int),
  /** Same geometry, different attributes. */
  reattributed: z.array(int),
  /** Area of the layer's features in each scheme; null when its area did not change (shared, or attributes only). */
  before: Area.nullable(),
  after: Area.nullable(),
  ...gainedLost,
});
export type LayerDiff = z.infer<typeof LayerDiff>;

/** A row of the change table: one layer in one admin unit where something changed. */
export const UnitDiff = z.object({
  level: DiffLevel,
  /** null: outside every unit of that level. */
  code: z.string().nullable(),
  name: z.string(),
  layerId: int,
  before: Area,
  after: Area,
  ...gainedLost,
});
export type UnitDiff = z.infer<typeof UnitDiff>;

export const SchemeDiff = z.object({
  from: SchemeInfo,
  to: SchemeInfo,
  computedAt: z.string(),
  durationMs: z.number(),
  layers: z.array(LayerDiff),
  units: z.array(UnitDiff),
  /** Largest first. */
  changes: z.array(SchemeChange),
  geometry: FindingGeometry,
});
export type SchemeDiff = z.infer<typeof SchemeDiff>;

export const MergeItem = z.object({
  /** `${layerId}:${fid}`, the key resolutions use. */
  key: z.string(),
  layerId: int,
  fid: int,
  /** What the source draft did to the feature since it was made. */
  change: z.enum(['added', 'removed', 'modified']),
  /** Conflict: the target changed the same feature differently. */
  conflict: z.boolean(),
  summary: z.object({ zh: z.string(), en: z.string() }),
  bbox: Bbox.nullable(),
});
export type MergeItem = z.infer<typeof MergeItem>;

export const MergePreview = z.object({
  from: SchemeInfo,
  into: SchemeInfo,
  items: z.array(MergeItem),
  /** Features already identical in both: nothing to do. */
  alreadyEqual: int,
});
export type MergePreview = z.infer<typeof MergePreview>;

export const PackageSummary = z.object({
  path: z.string(),
  scheme: z.string(),
  layers: z.array(z.object({ key: z.string(), name: z.string(), features: int, changed: int })),
});
export type PackageSummary = z.infer<typeof PackageSummary>;

export const schemeMethods = {
  'schemes.list': { input: z.object({}).strict(), output: z.array(SchemeInfo) },
  /** A draft made from any scheme: instant (tables are shared until edited); not activated. */
  'schemes.create': {
    input: z.object({ fromId: schemeId, name: z.string().min(1).max(80), note: z.string().max(2000).optional() }).strict(),
    output: SchemeInfo,
  },
  'schemes.update': {
    input: z.object({ id: schemeId, name: z.string().min(1).max(80).optional(), note: z.string().max(2000).optional(), locked: z.boolean().optional() }).strict(),
    output: SchemeInfo,
  },
  /** Deletes a draft (not the baseline, not a locked scheme) with its history; the tables only it used are dropped. */
  'schemes.delete': { input: z.object({ id: schemeId }).strict(), output: z.object({ deleted: z.boolean(), droppedTables: z.array(z.string()) }) },
  /** Switches the scheme the map shows and edits go to. */
  'schemes.activate': { input: z.object({ id: schemeId }).strict(), output: WorkspaceInfo },
  /** Compares two schemes (in a worker; progress as job.progress). */
  'schemes.diff': {
    input: z.object({ from: schemeId, to: schemeId, layerIds: z.array(int).min(1).optional() }).strict(),
    output: SchemeDiff,
  },
  'schemes.exportDiff': {
    input: z.object({ from: schemeId, to: schemeId, format: z.enum(['xlsx', 'gpkg', 'json']), path }).strict(),
    output: z.object({ path: z.string(), count: int }),
  },
  /** A GeoPackage a colleague opens here (as a new draft) or in QGIS: the scheme's layers, or only what it changed. */
  'schemes.exportPackage': {
    input: z.object({ id: schemeId, onlyChanges: z.boolean().optional(), path }).strict(),
    output: PackageSummary,
  },
  /** Imports a scheme package as a new draft. */
  'schemes.importPackage': { input: z.object({ path, name: z.string().min(1).max(80).optional() }).strict(), output: SchemeInfo },
  /** What bringing the changes of draft `from` into `into` would do; conflicts are listed for a decision. */
  'schemes.mergePreview': { input: z.object({ from: schemeId, into: schemeId }).strict(), output: MergePreview },
  /** Applies them as one undoable edit in `into`; every conflict needs a resolution (`theirs` = take `from`'s). */
  'schemes.merge': {
    input: z.object({ from: schemeId, into: schemeId, resolutions: z.record(z.string(), z.enum(['theirs', 'ours'])).optional() }).strict(),
    output: EditResult,
  },
} as const;
