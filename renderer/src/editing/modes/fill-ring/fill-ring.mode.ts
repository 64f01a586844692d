// Fill ring: click inside a hole of a feature of the edited layer. Mode 'remove' deletes the hole; 'newFeature'
// keeps it and creates a feature with the hole's ring bit for bit (QGIS "fill ring"), whose required attributes the
// form then asks for.
import { BaseMode, type ToolName } from '../../base.mode.js';
import { IDLE_STATUS, preview, type EditPointerEvent } from '../../types.js';

export class FillRingMode extends BaseMode {
  readonly name: ToolName = 'fill-ring';

  override onClick(e: EditPointerEvent): void {
    if (e.button !== 0) return;
    this.enqueue(async () => {
      const ref = await this.host.featureWithHoleAt(e.lngLat);
      if (!ref) {
        this.host.notify({ tone: 'warning', key: 'editing.notice.noHole' });
        return;
      }
      await this.host.commit({ type: 'fillRing', fid: ref.fid, at: e.lngLat, mode: this.host.settings().fillRingMode });
    });
  }

  override redraw(): void {
    if (!this.started) return;
    this.host.render(preview({}));
    this.host.setStatus({ ...IDLE_STATUS, hint: 'editing.hint.fillRing' });
  }
}
