// A check run's findings on the map: hatched fills coloured by severity, outlined, and the selected finding
// highlighted on top. Data objects are cached per geometry so selecting another finding uploads nothing.
import { PathLayer } from '@deck.gl/layers';
import type { Color, Layer } from '@deck.gl/core';
import type { Finding, FindingGeometry } from '../../../../shared/contract/schemas.js';
import { featureRings } from '../selection-highlight/feature-rings.js';
import { buildOutlineLayer, outlineLayerData, type OutlineData } from '../binary-ring-outline/outline-layer.js';
import { HatchedPolygonLayer } from './hatched-fill-layer.js';

export const SEVERITY_COLORS: Record<Finding['severity'], [number, number, number]> = {
  error: [220, 30, 40],
  warning: [245, 140, 0],
  info: [140, 60, 200],
};

export const FINDINGS_FILL_ID = 'findings:fill';
export const FINDINGS_OUTLINE_ID = 'findings:outline';
export const FINDING_SELECTED_ID = 'findings:selected';

interface Derived {
  fill: {
    length: number;
    startIndices: Uint32Array;
    attributes: {
      getPolygon: { value: Float64Array; size: 2 };
      indices: Uint32Array;
      getFillColor: { value: Uint8Array; size: 4; normalized: true };
    };
  };
  outline: OutlineData;
}
const cache = new WeakMap<FindingGeometry, Derived>();

/** Per-vertex severity colours (deck.gl binary attributes are per vertex). */
function vertexColors(g: FindingGeometry, severityOf: (findingId: number) => Finding['severity']): Uint8Array {
  const colors = new Uint8Array((g.positions.length / 2) * 4);
  for (let p = 0; p + 1 < g.partStarts.length; p++) {
    const [r, gr, b] = SEVERITY_COLORS[severityOf(g.findingIds[g.partFeature[p]!]!)];
    for (let v = g.partStarts[p]!; v < g.partStarts[p + 1]!; v++) colors.set([r, gr, b, 255], v * 4);
  }
  return colors;
}

function derived(g: FindingGeometry, severityOf: (findingId: number) => Finding['severity']): Derived {
  let d = cache.get(g);
  if (!d) {
    d = {
      fill: {
        length: g.partStarts.length - 1,
        startIndices: g.partStarts,
        attributes: {
          getPolygon: { value: g.positions, size: 2 },
          indices: g.triangles,
          getFillColor: { value: vertexColors(g, severityOf), size: 4, normalized: true },
        },
      },
      outline: outlineLayerData(g),
    };
    cache.set(g, d);
  }
  return d;
}

export interface FindingLayerInput {
  geometry: FindingGeometry | null;
  severityOf: (findingId: number) => Finding['severity'];
  selectedId: number | null;
}

export function buildFindingLayers({ geometry, severityOf, selectedId }: FindingLayerInput): Layer[] {
  if (!geometry || geometry.partStarts.length < 2) return [];
  const d = derived(geometry, severityOf);
  const layers: Layer[] = [
    new HatchedPolygonLayer({
      id: FINDINGS_FILL_ID,
      data: d.fill as never,
      _normalize: false,
      filled: true,
      extruded: false,
      opacity: 0.85,
      pickable: false,
    }),
    buildOutlineLayer({ id: FINDINGS_OUTLINE_ID, data: d.outline, color: [180, 0, 20, 255] as Color, widthPx: 1, opacity: 0.9 }),
  ];
  if (selectedId !== null) {
    const rings = featureRings({ fids: geometry.findingIds, ...geometry }, selectedId);
    layers.push(
      new PathLayer<Float64Array>({
        id: FINDING_SELECTED_ID,
        data: rings,
        getPath: (r) => r,
        positionFormat: 'XY',
        getColor: [255, 220, 0, 255],
        getWidth: 4,
        widthUnits: 'pixels',
        jointRounded: true,
        pickable: false,
      }),
    );
  }
  return layers;
}
