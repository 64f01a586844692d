import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import { currentLanguage } from '../i18n/index.js';
import { keyAttributeText, layerName } from '../i18n/domain-labels.js';
import type { FeatureCache } from '../state/feature-cache.js';
import { hoverStore, viewStore, type HoveredFeature, type MapViewState } from '../state/map-stores.js';
import { useStore } from '../state/store.js';

const HOVER_DELAY_MS = 120;
const selectHover = (h: HoveredFeature | null) => h;
const selectMapWidth = (v: MapViewState | null) => v?.width ?? 0;
const selectMapHeight = (v: MapViewState | null) => v?.height ?? 0;
/** Room the tooltip needs before it flips to the other side of the pointer instead of being clipped by the map. */
const FLIP_MARGIN_PX = 240;
const OFFSET_PX = 14;

/** Layer name and one key attribute under the pointer; attributes are fetched only once the pointer rests. */
export function HoverTooltip({ layers, featureCache }: { layers: readonly LayerInfo[]; featureCache: FeatureCache }) {
  const { i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const hover = useStore(hoverStore, selectHover);
  const mapWidth = useStore(viewStore, selectMapWidth);
  const mapHeight = useStore(viewStore, selectMapHeight);
  const [text, setText] = useState<{ key: string; value: string | null } | null>(null);
  const hoverKey = hover ? `${hover.layerId}:${hover.fid}` : null;

  useEffect(() => {
    if (!hover) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      const layer = layers.find((l) => l.id === hover.layerId);
      if (!layer) return;
      featureCache.get(hover).then(
        (detail) => {
          if (!cancelled) setText({ key: `${hover.layerId}:${hover.fid}`, value: keyAttributeText(layer.kind, detail.attributes) });
        },
        // The tooltip is a convenience: a failed hover lookup is logged, and a click shows the error properly.
        (e: unknown) => console.warn('hover lookup failed', e),
      );
    }, HOVER_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // Only a different feature warrants a new lookup, not every pixel of pointer movement.
  }, [hoverKey, layers, featureCache]);

  if (!hover) return null;
  const layer = layers.find((l) => l.id === hover.layerId);
  if (!layer) return null;
  const value = text?.key === hoverKey ? text.value : null;
  const flipX = mapWidth > 0 && hover.x + FLIP_MARGIN_PX > mapWidth;
  const flipY = mapHeight > 0 && hover.y + 80 > mapHeight;
  const style = {
    left: flipX ? hover.x - OFFSET_PX : hover.x + OFFSET_PX,
    top: flipY ? hover.y - OFFSET_PX : hover.y + OFFSET_PX,
    transform: `translate(${flipX ? '-100%' : '0'}, ${flipY ? '-100%' : '0'})`,
  };
  return (
    <div className="hover-tooltip" style={style} role="tooltip" data-testid="hover-tooltip">
      <div className="hover-tooltip-layer">{layerName(layer, lang)}</div>
      {value && <div className="hover-tooltip-value">{value}</div>}
    </div>
  );
}
