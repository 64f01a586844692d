// The editing core behind the contract's edit.*, snap.* and domains.* methods: one Editor per open workspace,
// each method a thin call into the module of its operation family.
import type { AdminUnitsResult, EditHistory, EditResult, FeatureGeometry, SnapTarget, TraceResult, ValidationResult } from '../../../shared/contract/editing.js';
import type { Workspace } from '../workspace/workspace.js';
import { adminUnits } from './attributes.js';
import { clipFeatures, type ClipInput } from './clip.js';
import { EditContext } from './context.js';
import { copyFeatures, type CopyInput } from './copy.js';
import { createFeature, deleteFeatures, moveFeatures, replaceGeometry, updateAttributes } from './features-ops.js';
import { mergeFeatures, type MergeInput } from './merge.js';
import { addHole, addPart, featureWithHoleAt, fillRing } from './parts.js';
import { reshapeFeature } from './reshape.js';
import { SnapService, type SnapQuery } from './snap.js';
import { splitFeatures, type SplitInput } from './split.js';
import { trace } from './trace.js';
import { validateGeometry } from './validate.js';
import { editVertices, featureGeometry } from './vertices.js';

type Arg<F> = F extends (ctx: EditContext, input: infer I) => unknown ? I : never;

export class Editor {
  readonly ctx: EditContext;
  readonly snapping: SnapService;

  /** Edits go to `scheme` (the workspace's active scheme by default). */
  constructor(ws: Workspace, scheme = ws.scheme) {
    this.ctx = new EditContext(ws, scheme);
    this.snapping = new SnapService(this.ctx);
  }

  create(input: Arg<typeof createFeature>): EditResult { return createFeature(this.ctx, input); }
  updateGeometry(input: Arg<typeof replaceGeometry>): EditResult { return replaceGeometry(this.ctx, input); }
  updateAttributes(input: Arg<typeof updateAttributes>): EditResult { return updateAttributes(this.ctx, input); }
  delete(input: Arg<typeof deleteFeatures>): EditResult { return deleteFeatures(this.ctx, input); }
  move(input: Arg<typeof moveFeatures>): EditResult { return moveFeatures(this.ctx, input); }
  vertices(input: Arg<typeof editVertices>): EditResult { return editVertices(this.ctx, input); }
  addPart(input: Arg<typeof addPart>): EditResult { return addPart(this.ctx, input); }
  addHole(input: Arg<typeof addHole>): EditResult { return addHole(this.ctx, input); }
  fillRing(input: Arg<typeof fillRing>): EditResult { return fillRing(this.ctx, input); }
  featureWithHoleAt(input: Arg<typeof featureWithHoleAt>): { fid: number } | null { return featureWithHoleAt(this.ctx, input); }
  split(input: SplitInput): EditResult { return splitFeatures(this.ctx, input); }
  merge(input: MergeInput): EditResult { return mergeFeatures(this.ctx, input); }
  reshape(input: Arg<typeof reshapeFeature>): EditResult { return reshapeFeature(this.ctx, input); }
  clip(input: ClipInput): EditResult { return clipFeatures(this.ctx, input); }
  copy(input: CopyInput): EditResult { return copyFeatures(this.ctx, input); }
  undo(): EditResult { return this.ctx.history.undo(); }
  redo(): EditResult { return this.ctx.history.redo(); }
  history(input: { limit?: number; offset?: number }): EditHistory { return this.ctx.history.history(input); }
  featureGeometry(input: { layerId: number; fid: number }): FeatureGeometry { return featureGeometry(this.ctx, input.layerId, input.fid); }
  validate(input: Arg<typeof validateGeometry>): ValidationResult { return validateGeometry(this.ctx, input); }
  snap(input: SnapQuery): { snapped: SnapTarget | null } { return { snapped: this.snapping.query(input) }; }
  trace(input: Parameters<typeof trace>[2]): TraceResult { return trace(this.ctx, this.snapping, input); }
  adminUnits(): AdminUnitsResult { return adminUnits(this.ctx.ws); }
}
