// The overlay layers the map draws for the session: the edit overlay built from the mode's preview and the
// highlighted features' rings (cut from the layers' binary geometry, so highlighting 2,000 parcels costs no call).
import type { Layer } from '@deck.gl/core';
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';
import { featureRings } from '../../map/selection-highlight/feature-rings.js';
import type { EditPreview } from '../types.js';
import { EditOverlayLayer } from './edit-overlay/edit-overlay-layer.js';

export const EDIT_OVERLAY_ID = 'edit-overlay';

export function buildEditOverlay(preview: EditPreview, geometries: ReadonlyMap<number, LayerGeometry>): Layer[] {
  const highlightRings: Float64Array[] = [];
  for (const ref of preview.highlight) {
    const g = geometries.get(ref.layerId);
    if (g) highlightRings.push(...featureRings(g, ref.fid));
  }
  return [new EditOverlayLayer({ id: EDIT_OVERLAY_ID, preview, highlightRings })];
}
