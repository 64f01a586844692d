// Split by a drawn line: the selected features of the edited layer, or every feature the line divides. Main splits
// exactly (noding and polygonizing, no buffer), so the pieces share the cut vertex for vertex: no gap, no sliver.
import type { ToolName } from '../../base.mode.js';
import type { SketchOptions } from '../../behaviors/sketch.behavior.js';
import type { EditRequest } from '../../types.js';
import { SketchMode } from '../sketch-mode.js';
import { selectedInEditLayer } from '../targets.js';

export class SplitByLineMode extends SketchMode {
  readonly name: ToolName = 'split-by-line';
  protected readonly sketchOptions: SketchOptions = { closed: false };
  protected readonly hint = 'editing.hint.split';

  protected request(): EditRequest {
    const fids = selectedInEditLayer(this.host).map((r) => r.fid);
    return { type: 'split', line: this.sketch.vertices, ...(fids.length ? { fids } : {}) };
  }

  protected override afterCommit(): void {
    // The pieces are new features; keeping the old selection would split only the largest piece next time.
    this.host.setSelection([]);
  }
}
