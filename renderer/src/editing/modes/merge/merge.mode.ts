// Merge: click features of the edited layer to add or remove them from the set (it starts as the selection), then
// Enter or double-click merges them into one feature (GEOS union; the largest keeps its fid; attributes follow the
// per-field merge policies). Features that do not touch are refused by main (NOT_ADJACENT).
import { BaseMode, type ToolName } from '../../base.mode.js';
import { IDLE_STATUS, preview, type EditKeyEvent, type EditPointerEvent, type FeatureRef } from '../../types.js';
import { resultRefs, selectedInEditLayer, toggleRef } from '../targets.js';

export class MergeMode extends BaseMode {
  readonly name: ToolName = 'merge';
  override readonly hoverPick = 'edit' as const;
  protected override readonly cursor = 'pointer';

  private get set(): FeatureRef[] {
    return selectedInEditLayer(this.host);
  }

  override onClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    this.enqueue(async () => {
      const ref = await this.host.pickFeature(e.point, 'edit');
      if (!ref) return;
      this.host.setSelection(toggleRef(this.set, ref));
      this.redraw();
    });
  }

  override onDoubleClick(_e: EditPointerEvent): void {
    this.enqueue(() => this.merge());
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    if (e.key === 'Enter') {
      this.enqueue(() => this.merge());
      return true;
    }
    if (e.key === 'Escape') {
      this.enqueue(() => {
        this.host.setSelection([]);
        this.redraw();
      });
      return true;
    }
    return false;
  }

  private async merge(): Promise<void> {
    const fids = [...new Set(this.set.map((r) => r.fid))];
    if (fids.length < 2) {
      this.host.notify({ tone: 'warning', key: 'editing.notice.mergeNeedsTwo' });
      return;
    }
    const result = await this.host.commit({ type: 'merge', fids });
    if (result) this.host.setSelection(resultRefs(result, this.host.settings().layerId));
    this.redraw();
  }

  override onSelectionChanged(): void {
    this.redraw();
  }

  override redraw(): void {
    if (!this.started) return;
    this.host.render(preview({ highlight: this.set }));
    this.host.setStatus({ ...IDLE_STATUS, hint: 'editing.hint.merge', vertexCount: 0 });
  }
}
