// The shader programs of the first frame, compiled while its data is still on the way (docs/scale.md). In software
// WebGL linking a program blocks the page for 0.2–0.5 s; done when the tiles arrive, that adds up after the wait.
// So the map draws one invisible triangle, segment and 1×1 raster with the same layer types until the first frame:
// their programs and pipelines stay cached (luma.gl keeps them) for the real layers.
import type { Layer } from '@deck.gl/core';
import { buildFillLayer, fillLayerData } from './binary-polygon-fill/fill-layer.js';
import { buildOutlineLayer, outlineLayerData } from './binary-ring-outline/outline-layer.js';
import { RasterTileLayer } from './tiled-layer/tiled-layer.js';

const TRANSPARENT = [0, 0, 0, 0] as [number, number, number, number];

export function warmUpLayers(longitude: number, latitude: number): Layer[] {
  const d = 1e-4;
  const triangle = {
    positions: new Float64Array([longitude, latitude, longitude + d, latitude, longitude, latitude + d, longitude, latitude]),
    ringStarts: new Uint32Array([0, 4]),
    partStarts: new Uint32Array([0, 4]),
    triangles: new Uint32Array([0, 1, 2]),
  };
  const fill = buildFillLayer({
    id: 'warm-up:fill',
    data: fillLayerData(triangle as Parameters<typeof fillLayerData>[0], null),
    fillColor: TRANSPARENT,
    opacity: 0.5,
    pickable: false,
  });
  const outline = buildOutlineLayer({ id: 'warm-up:outline', data: outlineLayerData(triangle), color: TRANSPARENT, widthPx: 1, opacity: 1 });
  const raster = new RasterTileLayer({
    id: 'warm-up:raster',
    image: new ImageData(1, 1),
    bounds: [longitude, latitude, longitude + d, latitude + d],
    textureParameters: { minFilter: 'nearest', magFilter: 'nearest' },
    pickable: false,
  } as ConstructorParameters<typeof RasterTileLayer>[0]);
  return [fill, outline, raster];
}
