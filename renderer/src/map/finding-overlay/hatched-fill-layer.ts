// A polygon fill drawn as diagonal hatching, the cartographic convention for conflict areas: the stripes are cut in
// the fragment shader from screen position, so they stay crisp at every zoom and cost no texture.
import { SolidPolygonLayer, type SolidPolygonLayerProps } from '@deck.gl/layers';

/** Stripe period and width in device pixels. */
const PERIOD = 9;
const STRIPE = 3;

export class HatchedPolygonLayer<D = unknown> extends SolidPolygonLayer<D> {
  static override layerName = 'HatchedPolygonLayer';

  override getShaders(type: 'top' | 'side') {
    const shaders = super.getShaders(type);
    return {
      ...shaders,
      inject: {
        ...(shaders.inject as Record<string, string> | undefined),
        // Between stripes keep a faint wash of the colour, so a small finding still reads as an area.
        'fs:DECKGL_FILTER_COLOR': `
          float hatch = mod(gl_FragCoord.x + gl_FragCoord.y, ${PERIOD.toFixed(1)});
          if (hatch >= ${STRIPE.toFixed(1)}) color.a *= 0.22;
        `,
      },
    };
  }
}

export type HatchedPolygonLayerProps<D> = SolidPolygonLayerProps<D>;
