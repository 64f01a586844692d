// Reshape by a line (QGIS "reshape features"): the line crosses the feature's boundary at least twice; the stretch
// between the first and last crossing replaces the shorter of the two boundary arcs.
import type { ToolName } from '../../base.mode.js';
import type { SketchOptions } from '../../behaviors/sketch.behavior.js';
import type { EditRequest } from '../../types.js';
import { SketchMode } from '../sketch-mode.js';

export class ReshapeByLineMode extends SketchMode {
  readonly name: ToolName = 'reshape-by-line';
  protected readonly sketchOptions: SketchOptions = { closed: false };
  protected readonly hint = 'editing.hint.reshape';
  protected override readonly needsTarget = true;

  protected request(): EditRequest | null {
    if (!this.target) return null;
    return { type: 'reshape', fid: this.target.fid, line: this.sketch.vertices };
  }
}
