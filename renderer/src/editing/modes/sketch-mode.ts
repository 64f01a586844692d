// What every click-drawn tool shares (draw polygon, hole, part, split and reshape lines, clip polygon): clicks add
// snapped vertices, a click on the first vertex, a double-click or Enter finishes, Backspace removes the last click,
// Esc cancels. Subclasses say whether they draw a ring or a line, whether they need a target feature first, and
// what to ask main for when the sketch is finished.
import type { EditResult } from '../../../../shared/contract/editing.js';
import { BaseMode } from '../base.mode.js';
import { SketchBehavior, type SketchOptions } from '../behaviors/sketch.behavior.js';
import { preview, type EditKeyEvent, type EditPointerEvent, type EditRequest, type FeatureRef } from '../types.js';
import { singleTarget, targetAt } from './targets.js';

export abstract class SketchMode extends BaseMode {
  protected sketch!: SketchBehavior;
  /** The feature the tool works on (hole, part, reshape), when it needs one. */
  protected target: FeatureRef | null = null;
  protected abstract readonly sketchOptions: SketchOptions;
  protected abstract readonly hint: string;
  /** Needs one feature of the edited layer first (picked by the first click when none is selected). */
  protected readonly needsTarget: boolean = false;

  /** The request for the finished sketch, or null with a notice when it cannot be used. */
  protected abstract request(): EditRequest | null;

  protected override onStart(): void {
    this.sketch ??= new SketchBehavior(this.host, this.sketchOptions, () => this.redraw());
    this.sketch.clear();
    this.target = this.needsTarget ? singleTarget(this.host) : null;
  }

  protected override cleanUp(): void {
    this.sketch.clear();
    this.target = null;
  }

  override onSelectionChanged(): void {
    if (this.needsTarget && !this.sketch.active) {
      this.target = singleTarget(this.host);
      this.redraw();
    }
  }

  override onFeaturesChanged(_changed: FeatureRef[], deleted: FeatureRef[]): void {
    if (this.target && deleted.some((d) => d.layerId === this.target!.layerId && d.fid === this.target!.fid)) {
      this.target = null;
      this.sketch.clear();
    }
  }

  override onPointerMove(e: EditPointerEvent): void {
    if (this.needsTarget && !this.target) return;
    this.sketch.move(e);
  }

  override onPointerLeave(): void {
    this.sketch.leave();
  }

  override onClick(e: EditPointerEvent): void {
    // Right-click finishes, as in QGIS.
    if (e.button === 2) {
      this.enqueue(() => this.finish());
      return;
    }
    if (e.button !== 0) return;
    this.enqueue(async () => {
      if (this.needsTarget && !this.target) {
        this.target = await targetAt(this.host, e.point);
        if (!this.target) this.host.notify({ tone: 'warning', key: 'editing.notice.pickFeature' });
        this.redraw();
        return;
      }
      const outcome = await this.sketch.click(e);
      if (outcome === 'closed') await this.finish();
    });
  }

  override onDoubleClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    this.enqueue(() => this.finish());
  }

  override onKeyDown(e: EditKeyEvent): boolean {
    switch (e.key) {
      case 'Enter':
        this.enqueue(() => this.finish());
        return true;
      case 'Backspace':
      case 'Delete':
        this.enqueue(() => void this.sketch.removeLast());
        return true;
      case 'Escape':
        this.enqueue(() => {
          if (this.sketch.active) this.sketch.clear();
          else if (this.needsTarget && this.target) {
            this.target = null;
            this.redraw();
          }
        });
        return true;
      default:
        return false;
    }
  }

  protected async finish(): Promise<void> {
    if (!this.sketch.active) return;
    const check = this.sketch.check();
    if (!check.valid) {
      this.host.notify({ tone: 'error', key: `editing.problem.${check.reason}` });
      return;
    }
    const request = this.request();
    if (!request) return;
    const result = await this.host.commit(request);
    // Refused or cancelled: the sketch stays, so the user can fix it or press Esc.
    if (result) {
      this.sketch.clear();
      this.afterCommit(result);
    }
  }

  protected afterCommit(_result: EditResult): void {}

  override redraw(): void {
    if (!this.started) return;
    this.host.render(preview({ ...this.sketch.preview(), highlight: this.target ? [this.target] : [] }));
    const hint = this.needsTarget && !this.target ? 'editing.hint.pickTarget' : this.hint;
    this.host.setStatus(this.sketch.status(hint));
  }
}
