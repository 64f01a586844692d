// The 选址 pre-check of one feature as a one-page pass/fail report: what the site takes from each constraint
// layer, the 耕地 and 水田 it takes, the 永久基本农田 to replace and the reserve plots to replace it with. Printable.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area, LayerInfo, SiteCheckResult, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { useClient } from '../api/ClientContext.js';
import { currentLanguage, type Language } from '../i18n/index.js';
import { layerName } from '../i18n/domain-labels.js';
import { formatFixed } from '../panels/format.js';
import { Modal } from '../panels/Modal.js';
import { useReportError } from '../state/errors.js';
import type { FeatureRef } from '../state/feature-cache.js';

export interface SiteReportProps {
  info: WorkspaceInfo;
  site: FeatureRef;
  onSelectFeature: (feature: FeatureRef) => void;
  onClose: () => void;
}

function AreaText({ area, lang }: { area: Area; lang: Language }) {
  const { t } = useTranslation();
  return (
    <>
      {formatFixed(area.ha, 4, lang)} {t('feature.ha')}（{formatFixed(area.mu, 2, lang)} {t('feature.mu')}）
    </>
  );
}

export function SiteReport({ info, site, onSelectFeature, onClose }: SiteReportProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const client = useClient();
  const report = useReportError();
  const [result, setResult] = useState<SiteCheckResult | null>(null);
  const [generatedAt] = useState(() => new Date());

  useEffect(() => {
    let cancelled = false;
    client.api['checks.site']({ feature: site }).then((r) => !cancelled && setResult(r), (e: unknown) => {
      if (cancelled) return;
      report(e);
      onClose();
    });
    return () => {
      cancelled = true;
    };
  }, [client, site, report, onClose]);

  const byTable = new Map<string, LayerInfo>(info.layers.map((l) => [l.key, l]));
  const siteLayer = info.layers.find((l) => l.id === site.layerId);
  const reserve = result?.reserveLayer ? byTable.get(result.reserveLayer) : undefined;

  return (
    <Modal
      title={t('site.title')}
      onClose={onClose}
      testId="site-report"
      footer={
        <>
          <button type="button" onClick={() => window.print()} disabled={!result}>{t('site.print')}</button>
          <button type="button" className="primary" onClick={onClose}>{t('dialog.close')}</button>
        </>
      }
    >
      {!result ? (
        <p className="muted">{t('site.running')}</p>
      ) : (
        <div className="site-report">
          <div className={`verdict ${result.pass ? 'verdict-pass' : 'verdict-fail'}`} data-testid="site-verdict">
            <strong>{result.pass ? `✓ ${t('site.pass')}` : `✗ ${t('site.fail')}`}</strong>
            {result.reasons.length > 0 && (
              <ul>
                {result.reasons.map((r) => <li key={r}>{r}</li>)}
              </ul>
            )}
          </div>
          <dl className="place">
            <dt>{t('site.site')}</dt>
            <dd>{siteLayer ? layerName(siteLayer, lang) : ''} · {t('feature.fid')} {site.fid}</dd>
            <dt>{t('site.siteArea')}</dt>
            <dd data-testid="site-area"><AreaText area={result.siteArea.ellipsoidal} lang={lang} /></dd>
            <dt>{t('site.cultivated')}</dt>
            <dd data-testid="site-cultivated"><AreaText area={result.cultivated} lang={lang} /></dd>
            <dt>{t('site.paddy')}</dt>
            <dd><AreaText area={result.paddy} lang={lang} /></dd>
            <dt>{t('site.farmlandToReplace')}</dt>
            <dd data-testid="site-farmland"><AreaText area={result.farmlandToReplace} lang={lang} /></dd>
          </dl>

          <h3 className="group-title">{t('site.constraints')}</h3>
          {result.constraints.length === 0 ? (
            <p className="muted small">{t('site.noConstraints')}</p>
          ) : (
            <table className="report-table" data-testid="site-constraints">
              <thead>
                <tr><th>{t('site.layer')}</th><th>{t('feature.ha')}</th><th>{t('feature.mu')}</th><th>{t('site.features')}</th></tr>
              </thead>
              <tbody>
                {result.constraints.map((c) => (
                  <tr key={c.layer}>
                    <th scope="row">{byTable.has(c.layer) ? layerName(byTable.get(c.layer)!, lang) : c.name}</th>
                    <td className="num">{formatFixed(c.area.ha, 4, lang)}</td>
                    <td className="num">{formatFixed(c.area.mu, 2, lang)}</td>
                    <td className="num">{c.featureIds.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h3 className="group-title">{t('site.candidates')}</h3>
          {!result.reserveLayer ? (
            <p className="muted small">{t('site.noReserve')}</p>
          ) : result.candidates.length === 0 ? (
            <p className="muted small">{t('site.noCandidates')}</p>
          ) : (
            <table className="report-table" data-testid="site-candidates">
              <thead>
                <tr><th>{t('site.rank')}</th><th>{t('feature.fid')}</th><th>{t('feature.ha')}</th><th>{t('feature.mu')}</th><th>{t('site.distance')}</th><th>{t('site.adjacent')}</th></tr>
              </thead>
              <tbody>
                {result.candidates.map((c, i) => (
                  <tr key={c.fid} className={reserve ? 'clickable' : ''} onClick={() => reserve && onSelectFeature({ layerId: reserve.id, fid: c.fid })}>
                    <td className="num">{i + 1}</td>
                    <td className="num">{c.fid}</td>
                    <td className="num">{formatFixed(c.area.ha, 4, lang)}</td>
                    <td className="num">{formatFixed(c.area.mu, 2, lang)}</td>
                    <td className="num">{formatFixed(c.distanceM, 0, lang)}</td>
                    <td>{c.adjacent ? t('site.yes') : t('site.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted small">
            {info.name} · {t('site.generated')} {generatedAt.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')} · {t('site.note')}
          </p>
        </div>
      )}
    </Modal>
  );
}
