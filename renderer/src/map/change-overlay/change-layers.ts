// A scheme comparison on the map: the area a layer gained hatched green, the area it lost hatched red, features
// whose attributes changed hatched amber, each outlined in its colour; the selected change outlined on top. The
// change geometry is split by kind once per comparison (cached), so selecting another change uploads nothing.
import { PathLayer } from '@deck.gl/layers';
import type { Color, Layer } from '@deck.gl/core';
import type { ChangeKind, SchemeChange } from '../../../../shared/contract/schemes.js';
import type { FindingGeometry } from '../../../../shared/contract/schemas.js';
import { subsetGeometry } from '../../checks/finding-filter.js';
import { buildOutlineLayer, outlineLayerData, type OutlineData } from '../binary-ring-outline/outline-layer.js';
import { HatchedPolygonLayer } from '../finding-overlay/hatched-fill-layer.js';
import { featureRings } from '../selection-highlight/feature-rings.js';

export const CHANGE_COLORS: Record<ChangeKind, [number, number, number]> = {
  gained: [20, 150, 60],
  lost: [215, 35, 35],
  attributes: [235, 160, 0],
};
export const CHANGE_KINDS: readonly ChangeKind[] = ['lost', 'gained', 'attributes'];

export const changeFillId = (kind: ChangeKind) => `changes:fill:${kind}`;
export const CHANGE_SELECTED_ID = 'changes:selected';

interface KindData {
  fill: {
    length: number;
    startIndices: Uint32Array;
    attributes: { getPolygon: { value: Float64Array; size: 2 }; indices: Uint32Array };
  };
  outline: OutlineData;
  /** Part index → change id, for picking. */
  ids: Float64Array;
  partFeature: Uint32Array;
}

const cache = new WeakMap<FindingGeometry, Map<string, KindData | null>>();

function kindData(geometry: FindingGeometry, changes: readonly SchemeChange[], kind: ChangeKind, shown: ReadonlySet<number> | null): KindData | null {
  let byKind = cache.get(geometry);
  if (!byKind) cache.set(geometry, (byKind = new Map()));
  const key = `${kind}|${shown ? [...shown].join(',') : '*'}`;
  if (byKind.has(key)) return byKind.get(key)!;
  const keep = new Set(changes.filter((c) => c.kind === kind && (!shown || shown.has(c.id))).map((c) => c.id));
  let data: KindData | null = null;
  if (keep.size) {
    const g = subsetGeometry(geometry, keep);
    if (g.partStarts.length >= 2) {
      data = {
        fill: {
          length: g.partStarts.length - 1,
          startIndices: g.partStarts,
          attributes: { getPolygon: { value: g.positions, size: 2 }, indices: g.triangles },
        },
        outline: outlineLayerData(g),
        ids: g.findingIds,
        partFeature: g.partFeature,
      };
    }
  }
  // A few layer subsets per comparison at most (the layer toggles); keep the cache from growing without bound.
  if (byKind.size > 24) byKind.clear();
  byKind.set(key, data);
  return data;
}

export interface ChangeLayerInput {
  geometry: FindingGeometry | null;
  changes: readonly SchemeChange[];
  /** Only these change ids (the layers taking part); null: all. */
  shown?: ReadonlySet<number> | null;
  selectedId: number | null;
  /** Clicking a change selects it. */
  pickable?: boolean;
}

export function buildChangeLayers({ geometry, changes, shown = null, selectedId, pickable = true }: ChangeLayerInput): Layer[] {
  if (!geometry || geometry.partStarts.length < 2) return [];
  const layers: Layer[] = [];
  for (const kind of CHANGE_KINDS) {
    const d = kindData(geometry, changes, kind, shown);
    if (!d) continue;
    const color = CHANGE_COLORS[kind];
    layers.push(
      new HatchedPolygonLayer({
        id: changeFillId(kind),
        data: d.fill as never,
        _normalize: false,
        filled: true,
        extruded: false,
        getFillColor: [...color, 255] as Color,
        opacity: 0.9,
        pickable,
      }),
      buildOutlineLayer({ id: `changes:outline:${kind}`, data: d.outline, color: [...color, 255] as Color, widthPx: 1.5, opacity: 1 }),
    );
  }
  if (selectedId !== null) {
    const rings = featureRings({ fids: geometry.findingIds, ...geometry }, selectedId);
    layers.push(
      new PathLayer<Float64Array>({
        id: CHANGE_SELECTED_ID,
        data: rings,
        getPath: (r) => r,
        positionFormat: 'XY',
        getColor: [0, 200, 255, 255],
        getWidth: 4,
        widthUnits: 'pixels',
        jointRounded: true,
        pickable: false,
      }),
    );
  }
  return layers;
}

/** The change a click on a change fill hit (its part index → change id), or null. */
export function changeIdAt(geometry: FindingGeometry, changes: readonly SchemeChange[], layerId: string, partIndex: number, shown: ReadonlySet<number> | null = null): number | null {
  const kind = CHANGE_KINDS.find((k) => changeFillId(k) === layerId);
  if (!kind) return null;
  const d = kindData(geometry, changes, kind, shown);
  const feature = d?.partFeature[partIndex];
  return feature === undefined ? null : d!.ids[feature] ?? null;
}
