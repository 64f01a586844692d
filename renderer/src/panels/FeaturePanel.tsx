import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area, FeatureDetail, LayerInfo } from '../../../shared/contract/schemas.js';
import { dlbmColor, dlbmName } from '../../../shared/domain/dlbm.js';
import { LAYER_KINDS } from '../../../shared/domain/layer-kinds.js';
import { currentLanguage, type Language } from '../i18n/index.js';
import { fieldLabel, layerName } from '../i18n/domain-labels.js';
import type { FeatureCache, FeatureRef } from '../state/feature-cache.js';
import { requestZoomTo } from '../state/map-stores.js';
import { rgbToHex } from './color.js';
import { formatAttribute, formatFixed } from './format.js';

export interface FeaturePanelProps {
  selection: FeatureRef;
  layer: LayerInfo | undefined;
  featureCache: FeatureCache;
  onClose: () => void;
  report: (e: unknown) => void;
  /** Runs the 选址 pre-check with this feature as the site. */
  onSiteCheck?: (feature: FeatureRef) => void;
}

export function FeaturePanel({ selection, layer, featureCache, onClose, report, onSiteCheck }: FeaturePanelProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [detail, setDetail] = useState<FeatureDetail | null>(null);

  useEffect(() => {
    let cancelled = false;
    setDetail(null);
    featureCache.get(selection).then(
      (d) => !cancelled && setDetail(d),
      (e: unknown) => !cancelled && report(e),
    );
    return () => {
      cancelled = true;
    };
  }, [selection, featureCache, report]);

  return (
    <aside className="feature-panel" data-testid="feature-panel" aria-label={t('feature.title')}>
      <header className="feature-panel-head">
        <div>
          <h2 className="panel-title">{t('feature.title')}</h2>
          <div className="muted small">
            {layer ? layerName(layer, lang) : ''} · {t('feature.fid')} {selection.fid}
          </div>
        </div>
        <button type="button" className="icon-button close" title={t('feature.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {!detail && <p className="muted small">{t('feature.loading')}</p>}
      {detail && layer && <FeatureBody detail={detail} layer={layer} lang={lang} onSiteCheck={onSiteCheck && (() => onSiteCheck(selection))} />}
    </aside>
  );
}

function FeatureBody({ detail, layer, lang, onSiteCheck }: { detail: FeatureDetail; layer: LayerInfo; lang: Language; onSiteCheck?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="feature-body">
      <section className="area-block">
        <div className="area-main" title={t('feature.ellipsoidal')}>
          <span className="area-label">{t('feature.ellipsoidal')}</span>
          <AreaFigures area={detail.area.ellipsoidal} lang={lang} testIdPrefix="feature-area" />
        </div>
        <div className="area-secondary" title={t('feature.planar')}>
          <span className="area-label">{t('feature.planar')}</span>
          <AreaFigures area={detail.area.planar} lang={lang} testIdPrefix="feature-planar" />
        </div>
      </section>
      <dl className="place">
        <dt>{t('feature.town')}</dt>
        <dd data-testid="feature-town">{detail.town ?? t('feature.none')}</dd>
        <dt>{t('feature.village')}</dt>
        <dd data-testid="feature-village">{detail.village ?? t('feature.none')}</dd>
      </dl>
      <div className="feature-actions">
        <button type="button" className="text-button" onClick={() => requestZoomTo(detail.bbox)}>
          ⤢ {t('feature.zoomTo')}
        </button>
        {onSiteCheck && (
          <button type="button" className="text-button" title={t('site.actionHint')} onClick={onSiteCheck} data-testid="site-check">
            ◎ {t('site.action')}
          </button>
        )}
      </div>
      <h3 className="group-title">{t('feature.attributes')}</h3>
      <AttributeTable detail={detail} layer={layer} lang={lang} />
    </div>
  );
}

function AreaFigures({ area, lang, testIdPrefix }: { area: Area; lang: Language; testIdPrefix: string }) {
  const { t } = useTranslation();
  return (
    <span className="area-figures">
      <span className="area-value">
        <span data-testid={`${testIdPrefix}-ha`}>{formatFixed(area.ha, 4, lang)}</span> {t('feature.ha')}
      </span>
      <span className="area-value">
        <span data-testid={`${testIdPrefix}-mu`}>{formatFixed(area.mu, 2, lang)}</span> {t('feature.mu')}
      </span>
      <span className="area-value muted">
        <span data-testid={`${testIdPrefix}-m2`}>{formatFixed(area.m2, 2, lang)}</span> {t('feature.m2')}
      </span>
    </span>
  );
}

/** Fields in the order the national schema lists them, then anything extra the layer carries. */
function orderedFields(layer: LayerInfo, attributes: FeatureDetail['attributes']): string[] {
  const known = (LAYER_KINDS[layer.kind]?.fields ?? []).map((f) => f.name).filter((name) => name in attributes);
  const extra = Object.keys(attributes).filter((name) => !known.includes(name));
  return [...known, ...extra];
}

function AttributeTable({ detail, layer, lang }: { detail: FeatureDetail; layer: LayerInfo; lang: Language }) {
  const { t } = useTranslation();
  return (
    <table className="attributes">
      <tbody>
        {orderedFields(layer, detail.attributes).map((field) => {
          const value = formatAttribute(detail.attributes[field]);
          const isCode = field === 'DLBM' || field === 'GHDLBM' || field === 'KCDLBM';
          return (
            <tr key={field}>
              <th scope="row" title={field}>
                {fieldLabel(layer.kind, field, lang)}
                <span className="field-name">{field}</span>
              </th>
              {isCode && value ? (
                <td>
                  <span className="swatch" style={{ background: rgbToHex(dlbmColor(value)) }} />
                  <span data-testid={`attr-${field}`}>{value}</span>{' '}
                  <span className="muted" data-testid={`attr-${field}-name`}>{dlbmName(value) ?? ''}</span>
                </td>
              ) : (
                <td data-testid={`attr-${field}`}>{value ?? <span className="muted">{t('feature.none')}</span>}</td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
