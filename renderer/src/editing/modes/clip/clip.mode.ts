// Clip or cut the selected features by another polygon: keep what lies inside it (clip) or remove it (cut). The
// other polygon is a feature of another visible layer, clicked (source 'feature'), or a polygon drawn like any
// other sketch (source 'draw'). The selection comes first; with nothing selected the first click picks a feature.
import type { ToolName } from '../../base.mode.js';
import type { SketchOptions } from '../../behaviors/sketch.behavior.js';
import { preview, type EditPointerEvent, type EditRequest, type FeatureRef } from '../../types.js';
import { SketchMode } from '../sketch-mode.js';
import { selectedInEditLayer } from '../targets.js';

export class ClipMode extends SketchMode {
  readonly name: ToolName = 'clip';
  protected readonly sketchOptions: SketchOptions = { closed: true, remoteValidation: false };
  protected readonly hint = 'editing.hint.clip';

  private get targets(): FeatureRef[] {
    return selectedInEditLayer(this.host);
  }

  private get bySource(): 'feature' | 'draw' {
    return this.host.settings().clipSource;
  }

  override onPointerMove(e: EditPointerEvent): void {
    if (this.bySource === 'draw' && this.targets.length) this.sketch.move(e);
  }

  override onClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    if (!this.targets.length) {
      this.enqueue(async () => {
        const picked = await this.host.pickFeature(e.point, 'edit');
        if (picked) this.host.setSelection([picked]);
        else this.host.notify({ tone: 'warning', key: 'editing.notice.pickFeature' });
        this.redraw();
      });
      return;
    }
    if (this.bySource === 'draw') {
      super.onClick(e);
      return;
    }
    this.enqueue(async () => {
      const by = await this.host.pickFeature(e.point, 'other');
      if (!by) {
        this.host.notify({ tone: 'warning', key: 'editing.notice.pickOther' });
        return;
      }
      await this.host.commit({ type: 'clip', fids: this.targets.map((t) => t.fid), mode: this.host.settings().clipMode, by });
    });
  }

  protected request(): EditRequest | null {
    const fids = this.targets.map((t) => t.fid);
    if (!fids.length) return null;
    return { type: 'clip', fids, mode: this.host.settings().clipMode, by: { geometry: this.sketch.polygon() } };
  }

  override redraw(): void {
    if (!this.started) return;
    const hint = !this.targets.length ? 'editing.hint.pickTarget' : this.bySource === 'feature' ? 'editing.hint.clipByFeature' : this.hint;
    this.host.render(preview({ ...this.sketch.preview(), highlight: this.targets }));
    this.host.setStatus(this.sketch.status(hint));
  }
}
