// Draw a hole (QGIS "add ring") in the selected feature, or in the feature the first click picks: the ring must lie
// inside one part; main refuses it otherwise, with GEOS's reason.
import type { ToolName } from '../../base.mode.js';
import type { SketchOptions } from '../../behaviors/sketch.behavior.js';
import type { EditRequest } from '../../types.js';
import { SketchMode } from '../sketch-mode.js';

export class DrawHoleMode extends SketchMode {
  readonly name: ToolName = 'draw-hole';
  // A hole lies inside its own feature: overlaps say nothing here, main checks it lies inside a part.
  protected readonly sketchOptions: SketchOptions = { closed: true, remoteValidation: false };
  protected readonly hint = 'editing.hint.drawHole';
  protected override readonly needsTarget = true;

  protected request(): EditRequest | null {
    if (!this.target) return null;
    return { type: 'addHole', fid: this.target.fid, ring: this.sketch.vertices };
  }
}
