// Editing, snapping and attribute domains: the data that crosses the contract for issue #4 (docs/editing.md).
//
// Coordinates: the renderer sends positions as [lon, lat] (CGCS2000) for vertices the user placed freely, or as
// [lon, lat, x, y] for vertices it got from main (snap answers, traces, a feature's own geometry): x, y are exact
// workspace-CRS coordinates and main uses them verbatim. Main answers with [lon, lat, x, y] everywhere, so the
// renderer can draw the lon/lat and send the whole position back.
import { z } from 'zod';
import { MERGE_POLICIES, SPLIT_POLICIES } from '../domain/attribute-policies.js';
import { AttributeValue, LayerInfo } from './schemas.js';

const int = z.number().int();
const finite = z.number().finite();
/** Boxes per LayerChange; an edit touching more features sends the one box around them all. */
export const CHANGE_BOXES_MAX = 64;

export const Position = z.array(finite).refine((p) => p.length === 2 || p.length === 4, 'a position is [lon, lat] or [lon, lat, x, y]');
export type Position = z.infer<typeof Position>;
/** A position main hands out: [lon, lat, x, y]. */
export const ExactPosition = z.tuple([finite, finite, finite, finite]);
export type ExactPosition = z.infer<typeof ExactPosition>;

/** A ring: at least three distinct vertices; the closing vertex may be repeated or left out. */
export const RingInput = z.array(Position).min(3);
/** Exterior ring first, then holes. */
export const PolygonInput = z.array(RingInput).min(1);
export const GeometryInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: PolygonInput }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(PolygonInput).min(1) }),
]);
export type GeometryInput = z.infer<typeof GeometryInput>;
export const LineInput = z.array(Position).min(2);

export const FeatureRef = z.object({ layerId: int, fid: int });
export type FeatureRef = z.infer<typeof FeatureRef>;
export const AttributesInput = z.record(z.string(), AttributeValue);

/** Clip the new or edited geometry against these layers (the edited layer itself may be one of them). */
export const AvoidOverlap = z.object({ layerIds: z.array(int).min(1) }).strict();
export type AvoidOverlap = z.infer<typeof AvoidOverlap>;
/** Topological editing: shared vertices in these layers, within the tolerance, move (are added, deleted) together. */
export const Topological = z.object({ layerIds: z.array(int).min(1), toleranceM: z.number().min(0).max(10) }).strict();
export type Topological = z.infer<typeof Topological>;

export const FieldPolicyPatch = z.record(z.string(), z.object({
  split: z.enum(SPLIT_POLICIES).optional(),
  merge: z.enum(MERGE_POLICIES).optional(),
}).strict());

export const LayerChange = z.object({
  layerId: int,
  created: z.array(int),
  updated: z.array(int),
  deleted: z.array(int),
  /**
   * The layer's revision before this step (revisions come from one workspace-wide sequence, so the next one is not
   * simply +1): the map patches the geometry it holds for this revision instead of refetching the layer.
   */
  fromRevision: int.optional(),
  /**
   * lon/lat boxes [west, south, east, north] of the changed features, before and after (at most 64; more become one
   * box around them): the map keeps the vector tiles of a tiled layer that none of them touch.
   */
  boxes: z.array(z.tuple([finite, finite, finite, finite])).max(CHANGE_BOXES_MAX).optional(),
});
export type LayerChange = z.infer<typeof LayerChange>;

export const Bilingual = z.object({ zh: z.string(), en: z.string() });

/** Something the user should know about a saved edit (nothing wrong was saved: errors abort the edit instead). */
export const EditWarning = z.object({
  code: z.enum(['required_missing', 'slivers_removed', 'clipped', 'multipart', 'parts_merged', 'overlap_in_selection', 'attributes_differ', 'gaps_closed']),
  zh: z.string(),
  en: z.string(),
  layerId: int.optional(),
  fid: int.optional(),
  fields: z.array(z.string()).optional(),
  areaM2: z.number().optional(),
});
export type EditWarning = z.infer<typeof EditWarning>;

/** What every data-changing call returns: enough for the renderer to refresh without asking again. */
export const EditResult = z.object({
  /** The step in the edit history (null when the call changed nothing). */
  editId: int.nullable(),
  action: z.string(),
  summary: Bilingual,
  changes: z.array(LayerChange),
  /** New info (feature count, extent, revision) of every layer that changed. */
  layers: z.array(LayerInfo),
  warnings: z.array(EditWarning),
});
export type EditResult = z.infer<typeof EditResult>;

export const HistoryEntry = z.object({
  id: int,
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  scheme: z.string(),
  summary: Bilingual,
  layerIds: z.array(int),
  undoable: z.boolean(),
  /** done; undone (on the redo stack); discarded (undone, then a new edit cleared the redo stack). */
  state: z.enum(['done', 'undone', 'discarded']),
  /** For undo/redo entries: the edit they undid or redid. */
  targetId: int.nullable(),
  featureCount: int,
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const EditHistory = z.object({
  entries: z.array(HistoryEntry),
  total: int,
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  nextUndo: HistoryEntry.nullable(),
  nextRedo: HistoryEntry.nullable(),
});
export type EditHistory = z.infer<typeof EditHistory>;

/** A feature's geometry with exact coordinates, for vertex editing: parts → rings (closed) → [lon, lat, x, y]. */
export const FeatureGeometry = z.object({ layerId: int, fid: int, parts: z.array(z.array(z.array(ExactPosition))) });
export type FeatureGeometry = z.infer<typeof FeatureGeometry>;

/** One vertex operation; indices count the ring's distinct vertices (0 … n−1, the closing repeat is implied). */
export const VertexOp = z.discriminatedUnion('op', [
  z.object({ op: z.literal('move'), part: int.min(0), ring: int.min(0), index: int.min(0), to: Position }),
  /** Inserts a vertex before `index` (on the edge index−1 → index; index n appends on the closing edge). */
  z.object({ op: z.literal('insert'), part: int.min(0), ring: int.min(0), index: int.min(0), at: Position }),
  z.object({ op: z.literal('delete'), part: int.min(0), ring: int.min(0), index: int.min(0) }),
]);
export type VertexOp = z.infer<typeof VertexOp>;

export const ValidationIssue = z.object({
  code: z.enum(['self_intersection', 'ring_self_intersection', 'too_few_points', 'hole_outside', 'nested_shells', 'invalid', 'empty']),
  zh: z.string(),
  en: z.string(),
  /** Where, when GEOS says (the self-intersection point). */
  position: ExactPosition.nullable(),
});
export const Overlap = z.object({ layerId: int, fid: int, areaM2: z.number() });
export const ValidationResult = z.object({
  valid: z.boolean(),
  issues: z.array(ValidationIssue),
  /** Overlaps with features of the same layer and of the protected layers (area in m², planar). */
  overlaps: z.array(Overlap),
  areaM2: z.number(),
});
export type ValidationResult = z.infer<typeof ValidationResult>;

export const SnapKind = z.enum(['vertex', 'intersection', 'edge']);
/**
 * What a snap or a trace must not use: whole features (the features being moved, the feature whose vertex is being
 * dragged) and vertices at exact positions, with the edges that end there (the vertex being dragged where
 * neighbours share it: under topological editing their copies move with it).
 */
export const SnapExclude = z.object({
  features: z.array(z.object({ layerId: int, fids: z.array(int) }).strict()).optional(),
  positions: z.array(Position).optional(),
}).strict();
export type SnapExclude = z.infer<typeof SnapExclude>;
export const SnapTarget = z.object({
  position: ExactPosition,
  kind: SnapKind,
  layerId: int,
  fid: int,
  part: int,
  ring: int,
  /** Vertex index for a vertex, segment index (from vertex index to index+1) for an edge or an intersection. */
  index: int,
  distanceM: z.number(),
  /** For an intersection: the other edge. */
  other: z.object({ layerId: int, fid: int, part: int, ring: int, index: int }).optional(),
});
export type SnapTarget = z.infer<typeof SnapTarget>;
export const SnapResult = z.object({ snapped: SnapTarget.nullable() });
export type SnapResult = z.infer<typeof SnapResult>;

export const TraceResult = z.object({
  /** From the first position to the second along existing boundaries, both ends included. */
  path: z.array(ExactPosition),
  lengthM: z.number(),
  /** The features whose boundaries the path follows. */
  features: z.array(FeatureRef),
});
export type TraceResult = z.infer<typeof TraceResult>;

export const AdminUnit = z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable() });
export const AdminUnitsResult = z.object({ counties: z.array(AdminUnit), towns: z.array(AdminUnit), villages: z.array(AdminUnit) });
export type AdminUnitsResult = z.infer<typeof AdminUnitsResult>;
