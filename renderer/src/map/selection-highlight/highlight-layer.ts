import { PathLayer } from '@deck.gl/layers';

export const SELECTION_COLOR: [number, number, number] = [0, 200, 255];

export function buildSelectionLayer(rings: Float64Array[]) {
  return new PathLayer<Float64Array>({
    id: 'selection',
    data: rings,
    getPath: (d) => d,
    positionFormat: 'XY',
    getColor: [...SELECTION_COLOR, 255],
    getWidth: 3,
    widthUnits: 'pixels',
    jointRounded: true,
    pickable: false,
  });
}
