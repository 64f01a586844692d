import { TextLayer } from '@deck.gl/layers';
import type { Color } from '@deck.gl/core';
import type { LabelDatum } from './label-data.js';

/** System CJK fonts only: the app is offline, so no web fonts. */
export const LABEL_FONT_FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

export function buildLabelLayer({ id, data, color, sizePx = 12 }: { id: string; data: LabelDatum[]; color: Color; sizePx?: number }) {
  return new TextLayer<LabelDatum>({
    id,
    data,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getColor: color,
    getSize: sizePx,
    sizeUnits: 'pixels',
    fontFamily: LABEL_FONT_FAMILY,
    // Collect glyphs from the labels themselves: the default set is ASCII only and would drop every 汉字.
    characterSet: 'auto',
    fontWeight: 500,
    // Plain bitmap glyphs on a light box: SDF outlines turned CJK strokes into blotches at 12 px.
    fontSettings: { sdf: false, fontSize: 64, buffer: 4 },
    background: true,
    getBackgroundColor: [255, 255, 255, 190],
    backgroundPadding: [3, 1],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
    pickable: false,
  });
}
