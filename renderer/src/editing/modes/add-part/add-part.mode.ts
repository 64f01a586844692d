// Add a part to the selected feature (QGIS "add part"): a ring drawn away from it becomes another polygon of the
// same feature; one that overlaps or touches it is united with it (main warns `parts_merged`).
import type { ToolName } from '../../base.mode.js';
import type { SketchOptions } from '../../behaviors/sketch.behavior.js';
import type { EditRequest } from '../../types.js';
import { SketchMode } from '../sketch-mode.js';

export class AddPartMode extends SketchMode {
  readonly name: ToolName = 'add-part';
  protected readonly sketchOptions: SketchOptions = { closed: true, remoteValidation: { excludeFid: () => this.target?.fid } };
  protected readonly hint = 'editing.hint.addPart';
  protected override readonly needsTarget = true;

  protected request(): EditRequest | null {
    if (!this.target) return null;
    return { type: 'addPart', fid: this.target.fid, rings: [this.sketch.vertices] };
  }
}
