// Copy features of another layer into the edited one (e.g. 三调 parcels into 永久基本农田): click features of any
// other visible layer to collect them (one source layer at a time), then Enter or Ctrl+V pastes. Main copies the
// geometry bit for bit and maps the fields (docs/editing.md, "Copy between layers"), clipping against the
// protected layers when avoid-overlap is on.
import { BaseMode, type ToolName } from '../../base.mode.js';
import { IDLE_STATUS, preview, type EditKeyEvent, type EditPointerEvent, type FeatureRef } from '../../types.js';
import { resultRefs, toggleRef } from '../targets.js';

export class CopyPasteMode extends BaseMode {
  readonly name: ToolName = 'copy-paste';
  override readonly hoverPick = 'other' as const;
  protected override readonly cursor = 'copy';
  private sources: FeatureRef[] = [];

  get collected(): readonly FeatureRef[] {
    return this.sources;
  }

  protected override onStart(): void {
    this.sources = [];
  }

  protected override cleanUp(): void {
    this.sources = [];
  }

  override onClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    this.enqueue(async () => {
      const ref = await this.host.pickFeature(e.point, 'other');
      if (!ref) return;
      // One source layer at a time: a click in another layer starts a new set.
      const same = this.sources.filter((s) => s.layerId === ref.layerId);
      this.sources = toggleRef(same, ref);
      this.redraw();
    });
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    const ctrlV = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'v';
    // Nothing collected here: Ctrl+V pastes the session's clipboard (Ctrl+C in another layer) instead.
    if (ctrlV && !this.sources.length) return false;
    if (e.key === 'Enter' || ctrlV) {
      this.enqueue(() => this.paste());
      return true;
    }
    if (e.key === 'Escape') {
      this.enqueue(() => {
        this.sources = [];
        this.redraw();
      });
      return true;
    }
    return false;
  }

  private async paste(): Promise<void> {
    if (!this.sources.length) {
      this.host.notify({ tone: 'warning', key: 'editing.notice.nothingToPaste' });
      return;
    }
    const result = await this.host.commit({ type: 'copy', from: this.sources });
    if (result) {
      this.sources = [];
      this.host.setSelection(resultRefs(result, this.host.settings().layerId));
    }
    this.redraw();
  }

  override onFeaturesChanged(_changed: FeatureRef[], deleted: FeatureRef[]): void {
    this.sources = this.sources.filter((s) => !deleted.some((d) => d.layerId === s.layerId && d.fid === s.fid));
    this.redraw();
  }

  override redraw(): void {
    if (!this.started) return;
    this.host.render(preview({ highlight: this.sources }));
    this.host.setStatus({ ...IDLE_STATUS, hint: 'editing.hint.copyPaste', vertexCount: this.sources.length });
  }
}
