// Select features of the edited layer: click one, Shift/Ctrl+click to add or remove, click empty map to clear, Esc
// clears, Delete deletes the selection (one undoable step).
import { BaseMode, type ToolName } from '../../base.mode.js';
import { IDLE_STATUS, preview, type EditKeyEvent, type EditPointerEvent } from '../../types.js';
import { selectedInEditLayer, toggleRef } from '../targets.js';

export class SelectMode extends BaseMode {
  readonly name: ToolName = 'select';
  override readonly hoverPick = 'edit' as const;
  protected override readonly cursor = 'pointer';

  override onClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    this.enqueue(async () => {
      const ref = await this.host.pickFeature(e.point, 'edit');
      const current = selectedInEditLayer(this.host);
      const additive = e.shiftKey || e.ctrlKey || e.metaKey;
      if (!ref) {
        if (!additive) this.host.setSelection([]);
      } else {
        this.host.setSelection(additive ? toggleRef(current, ref) : [ref]);
      }
      this.redraw();
    });
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    if (e.key === 'Escape') {
      this.enqueue(() => {
        this.host.setSelection([]);
        this.redraw();
      });
      return true;
    }
    if (e.key === 'Delete') {
      const fids = selectedInEditLayer(this.host).map((r) => r.fid);
      if (!fids.length) return false;
      this.enqueue(async () => {
        if (await this.host.commit({ type: 'delete', fids })) this.host.setSelection([]);
        this.redraw();
      });
      return true;
    }
    return false;
  }

  override onSelectionChanged(): void {
    this.redraw();
  }

  override redraw(): void {
    if (!this.started) return;
    this.host.render(preview({ highlight: selectedInEditLayer(this.host) }));
    this.host.setStatus({ ...IDLE_STATUS, hint: 'editing.hint.select' });
  }
}
