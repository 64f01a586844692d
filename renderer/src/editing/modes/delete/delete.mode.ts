// Delete: click a feature of the edited layer to delete it; Delete or Enter deletes the selection. Every delete is
// one undoable step (Ctrl+Z brings the features back with the same fids).
import { BaseMode, type ToolName } from '../../base.mode.js';
import { IDLE_STATUS, preview, type EditKeyEvent, type EditPointerEvent } from '../../types.js';
import { selectedInEditLayer } from '../targets.js';

export class DeleteMode extends BaseMode {
  readonly name: ToolName = 'delete';
  override readonly hoverPick = 'edit' as const;
  protected override readonly cursor = 'pointer';

  override onClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    this.enqueue(async () => {
      const ref = await this.host.pickFeature(e.point, 'edit');
      if (!ref) return;
      if (await this.host.commit({ type: 'delete', fids: [ref.fid] })) {
        this.host.setSelection(this.host.selection().filter((r) => !(r.layerId === ref.layerId && r.fid === ref.fid)));
      }
      this.redraw();
    });
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    if (e.key !== 'Delete' && e.key !== 'Enter') return false;
    const fids = selectedInEditLayer(this.host).map((r) => r.fid);
    if (!fids.length) return false;
    this.enqueue(async () => {
      if (await this.host.commit({ type: 'delete', fids })) this.host.setSelection([]);
      this.redraw();
    });
    return true;
  }

  override onSelectionChanged(): void {
    this.redraw();
  }

  override redraw(): void {
    if (!this.started) return;
    this.host.render(preview({ highlight: selectedInEditLayer(this.host) }));
    this.host.setStatus({ ...IDLE_STATUS, hint: 'editing.hint.delete' });
  }
}
