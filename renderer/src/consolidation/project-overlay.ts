// The selected project on the map: its sub-zones filled by kind (拆旧区 red, 建新区 orange, 农用地整理 green, …)
// over everything, the project outline, and the features that decide a clicked indicator or rule outlined in cyan.
// Built from `layers.featuresGeometry` answers (a project's few features), so it works with the layers hidden too.
import { PathLayer } from '@deck.gl/layers';
import type { Color, Layer } from '@deck.gl/core';
import type { LayerGeometry } from '../../../shared/contract/schemas.js';
import { buildFillLayer, fillLayerData } from '../map/binary-polygon-fill/fill-layer.js';
import { buildOutlineLayer, outlineLayerData } from '../map/binary-ring-outline/outline-layer.js';

export type Rgb = readonly [number, number, number];

/** Colours of the sub-zone kinds (shared/domain/consolidation.ts SubzoneKind), 'other' for unknown types. */
export const KIND_COLORS: Record<string, Rgb> = {
  farmland: [120, 190, 80],
  hq_farmland: [60, 150, 50],
  demolish: [220, 60, 60],
  new_build: [245, 150, 30],
  industrial_reclaim: [150, 90, 50],
  construction: [200, 120, 120],
  ecology: [40, 140, 220],
  public_space: [170, 110, 200],
  pbf_out: [250, 220, 40],
  pbf_in: [255, 240, 120],
  other: [160, 160, 160],
};

export const PROJECT_FILL_ID = 'project:subzones';
export const PROJECT_OUTLINE_ID = 'project:subzone-outline';
export const PROJECT_AREA_ID = 'project:area';
export const PROJECT_HIGHLIGHT_ID = 'project:highlight';

/** One RGBA per vertex from a colour per feature (deck.gl reads binary colours per vertex). */
export function vertexColorsByFeature(g: Pick<LayerGeometry, 'positions' | 'partStarts' | 'partFeature' | 'fids'>, colorOfFid: (fid: number) => Rgb): Uint8Array {
  const out = new Uint8Array((g.positions.length / 2) * 4);
  for (let p = 0; p + 1 < g.partStarts.length; p++) {
    const [r, gr, b] = colorOfFid(g.fids[g.partFeature[p]!]!);
    for (let v = g.partStarts[p]!; v < g.partStarts[p + 1]!; v++) out.set([r, gr, b, 255], v * 4);
  }
  return out;
}

export interface ProjectOverlayInput {
  subzones: LayerGeometry | null;
  kindOf: ReadonlyMap<number, string | null>;
  area: LayerGeometry | null;
  /** Rings (lon/lat, closed) of the features to highlight. */
  highlight: readonly Float64Array[];
}

const cache = new WeakMap<LayerGeometry, { fill: ReturnType<typeof fillLayerData>; outline: ReturnType<typeof outlineLayerData> }>();

export function buildProjectLayers({ subzones, kindOf, area, highlight }: ProjectOverlayInput): Layer[] {
  const layers: Layer[] = [];
  if (subzones && subzones.partStarts.length > 1) {
    let d = cache.get(subzones);
    if (!d) {
      const colors = vertexColorsByFeature(subzones, (fid) => KIND_COLORS[kindOf.get(fid) ?? 'other'] ?? KIND_COLORS.other!);
      d = { fill: fillLayerData(subzones, colors), outline: outlineLayerData(subzones) };
      cache.set(subzones, d);
    }
    layers.push(buildFillLayer({ id: PROJECT_FILL_ID, data: d.fill, fillColor: [160, 160, 160, 255], opacity: 0.55, pickable: false }));
    layers.push(buildOutlineLayer({ id: PROJECT_OUTLINE_ID, data: d.outline, color: [40, 40, 40, 255] as Color, widthPx: 1, opacity: 0.9 }));
  }
  if (area && area.partStarts.length > 1) {
    layers.push(buildOutlineLayer({ id: PROJECT_AREA_ID, data: outlineLayerData(area), color: [0, 110, 50, 255] as Color, widthPx: 3, opacity: 1 }));
  }
  if (highlight.length) {
    layers.push(new PathLayer<Float64Array>({
      id: PROJECT_HIGHLIGHT_ID,
      data: highlight as Float64Array[],
      getPath: (r) => r,
      positionFormat: 'XY',
      getColor: [0, 220, 255, 255],
      getWidth: 4,
      widthUnits: 'pixels',
      jointRounded: true,
      pickable: false,
    }));
  }
  return layers;
}

/** lon/lat bounds of rings, null when there are none. */
export function ringsBbox(rings: readonly Float64Array[]): [number, number, number, number] | null {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const r of rings) {
    for (let i = 0; i + 1 < r.length; i += 2) {
      x0 = Math.min(x0, r[i]!); x1 = Math.max(x1, r[i]!);
      y0 = Math.min(y0, r[i + 1]!); y1 = Math.max(y1, r[i + 1]!);
    }
  }
  return Number.isFinite(x0) ? [x0, y0, x1, y1] : null;
}
