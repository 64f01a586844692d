// The legend of the meeting-room view and pages: the change colours (or finding severities) and the layers drawn.
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import { CHANGE_COLORS } from '../map/change-overlay/change-layers.js';
import { SEVERITY_COLORS } from '../map/finding-overlay/finding-layers.js';
import type { LegendItem } from './page-render.js';

const MAX_LAYERS = 9;

export interface LegendText {
  layerName: (layer: LayerInfo) => string;
  gained: string;
  lost: string;
  attributes: string;
  findings: { error: string; warning: string };
  dlbm: string;
}

export function legendItems(layersTopFirst: readonly LayerInfo[], show: 'changes' | 'findings' | 'none', text: LegendText): LegendItem[] {
  const items: LegendItem[] = [];
  if (show === 'changes') {
    items.push({ label: text.gained, fill: CHANGE_COLORS.gained, line: CHANGE_COLORS.gained, hatched: true });
    items.push({ label: text.lost, fill: CHANGE_COLORS.lost, line: CHANGE_COLORS.lost, hatched: true });
    items.push({ label: text.attributes, fill: CHANGE_COLORS.attributes, line: CHANGE_COLORS.attributes, hatched: true });
  } else if (show === 'findings') {
    items.push({ label: text.findings.error, fill: SEVERITY_COLORS.error, line: SEVERITY_COLORS.error, hatched: true });
    items.push({ label: text.findings.warning, fill: SEVERITY_COLORS.warning, line: SEVERITY_COLORS.warning, hatched: true });
  }
  for (const l of layersTopFirst.filter((x) => x.visible && x.featureCount > 0).slice(0, MAX_LAYERS)) {
    const filled = l.style.fillOpacity * l.opacity > 0;
    items.push({
      label: l.style.mode === 'dlbm' ? `${text.layerName(l)}（${text.dlbm}）` : text.layerName(l),
      fill: filled ? (l.style.mode === 'dlbm' ? [232, 214, 160] : l.style.fillColor) : null,
      line: l.style.lineWidthPx > 0 ? l.style.lineColor : null,
    });
  }
  return items;
}
