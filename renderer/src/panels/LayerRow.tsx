import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerGeometry, LayerInfo } from '../../../shared/contract/schemas.js';
import { currentLanguage } from '../i18n/index.js';
import { layerName } from '../i18n/domain-labels.js';
import { requestZoomTo } from '../state/map-stores.js';
import type { LayerPatch } from '../state/useLayerEditing.js';
import { hexToRgb, rgbToHex } from './color.js';
import { DlbmLegend } from './DlbmLegend.js';

const DRAG_DEBOUNCE_MS = 300;

export interface LayerRowProps {
  layer: LayerInfo;
  geometry: LayerGeometry | undefined;
  /** Class counts of a layer drawn from tiles (it has no geometry here). */
  classCounts?: { keys: readonly string[]; counts: readonly number[] };
  loading: boolean;
  canMoveUp: boolean;
  canMoveDown: boolean;
  onUpdate: (layerId: number, patch: LayerPatch, debounceMs?: number) => void;
  onMove: (layerId: number, direction: -1 | 1) => void;
  onExport?: (layer: LayerInfo) => void;
}

export function LayerRow({ layer, geometry, classCounts, loading, canMoveUp, canMoveDown, onUpdate, onMove, onExport }: LayerRowProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  // The 三调 layer opens with its legend showing: the colours mean nothing without it.
  const [expanded, setExpanded] = useState(layer.style.mode === 'dlbm');
  const name = layerName(layer, lang);
  const { style } = layer;
  const setColor = (key: 'fillColor' | 'lineColor', hex: string) => {
    const rgb = hexToRgb(hex);
    if (rgb) onUpdate(layer.id, { style: { ...style, [key]: rgb } }, DRAG_DEBOUNCE_MS);
  };

  return (
    <div className={`layer-row${layer.visible ? '' : ' layer-hidden'}`} data-testid={`layer-row-${layer.table}`}>
      <div className="layer-row-head">
        <button
          type="button"
          className="icon-button caret"
          aria-expanded={expanded}
          onClick={() => setExpanded((v) => !v)}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <input
          type="checkbox"
          checked={layer.visible}
          title={t('layers.visible')}
          aria-label={`${t('layers.visible')} ${name}`}
          data-testid={`layer-visible-${layer.table}`}
          onChange={(e) => onUpdate(layer.id, { visible: e.target.checked })}
        />
        <LayerSwatch layer={layer} />
        <span className="layer-name" title={`${name} (${layer.table})`}>
          {name}
        </span>
        {loading && <span className="spinner" aria-label={t('layers.loading')} />}
        <span className="layer-count" title={t('layers.features', { count: layer.featureCount })}>
          {layer.featureCount.toLocaleString()}
        </span>
        <button type="button" className="icon-button" title={t('layers.moveUp')} disabled={!canMoveUp} onClick={() => onMove(layer.id, -1)}>
          ▲
        </button>
        <button type="button" className="icon-button" title={t('layers.moveDown')} disabled={!canMoveDown} onClick={() => onMove(layer.id, 1)}>
          ▼
        </button>
        <button
          type="button"
          className="icon-button"
          title={t('layers.zoomTo')}
          disabled={!layer.extent}
          onClick={() => layer.extent && requestZoomTo(layer.extent)}
        >
          ⤢
        </button>
        {onExport && (
          <button type="button" className="icon-button" title={t('io.exportHint')} onClick={() => onExport(layer)} data-testid={`layer-export-${layer.table}`}>
            ⇩
          </button>
        )}
      </div>
      {expanded && (
        <div className="layer-row-body">
          <label className="control">
            <span>{t('layers.opacity')}</span>
            <input
              type="range"
              min={0}
              max={100}
              value={Math.round(layer.opacity * 100)}
              data-testid={`layer-opacity-${layer.table}`}
              onChange={(e) => onUpdate(layer.id, { opacity: Number(e.target.value) / 100 }, DRAG_DEBOUNCE_MS)}
            />
            <span className="control-value">{Math.round(layer.opacity * 100)}%</span>
          </label>
          {style.mode === 'fixed' && (
            <div className="control colors">
              <label>
                <span>{t('layers.fillColor')}</span>
                <input type="color" value={rgbToHex(style.fillColor)} onChange={(e) => setColor('fillColor', e.target.value)} />
              </label>
              <label>
                <span>{t('layers.lineColor')}</span>
                <input type="color" value={rgbToHex(style.lineColor)} onChange={(e) => setColor('lineColor', e.target.value)} />
              </label>
            </div>
          )}
          {style.mode === 'dlbm' && <DlbmLegend geometry={geometry} classCounts={classCounts} />}
          {layer.attribution && <div className="muted small attribution-line">{layer.attribution}</div>}
        </div>
      )}
    </div>
  );
}

function LayerSwatch({ layer }: { layer: LayerInfo }) {
  const { style } = layer;
  if (style.mode === 'dlbm') return <span className="swatch swatch-dlbm" aria-hidden />;
  const fill = style.fillOpacity > 0 ? rgbToHex(style.fillColor) : 'transparent';
  return <span className="swatch" aria-hidden style={{ background: fill, borderColor: rgbToHex(style.lineColor) }} />;
}
