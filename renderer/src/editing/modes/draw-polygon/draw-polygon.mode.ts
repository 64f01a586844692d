// Draw a polygon (QGIS "add polygon feature"): click to add vertices (snapped, traced), click the first vertex,
// double-click or Enter to finish, Backspace removes the last vertex, Esc cancels. Finishing opens the attribute
// form; main then creates the feature (clipped against the protected layers when avoid-overlap is on).
import type { ToolName } from '../../base.mode.js';
import type { SketchOptions } from '../../behaviors/sketch.behavior.js';
import type { EditRequest } from '../../types.js';
import { SketchMode } from '../sketch-mode.js';

export class DrawPolygonMode extends SketchMode {
  readonly name: ToolName = 'draw-polygon';
  protected readonly sketchOptions: SketchOptions = { closed: true, remoteValidation: {} };
  protected readonly hint = 'editing.hint.drawPolygon';

  protected request(): EditRequest {
    return { type: 'create', geometry: this.sketch.polygon() };
  }
}
