import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerGeometry } from '../../../shared/contract/schemas.js';
import { dlbmColor, dlbmName } from '../../../shared/domain/dlbm.js';
import { rgbToHex } from './color.js';

/**
 * The 地类 actually present in the layer, with how many parcels each has: counted from its geometry, or given by
 * main for a layer drawn from tiles (`classCounts`, docs/scale.md).
 */
export function DlbmLegend({ geometry, classCounts }: { geometry: LayerGeometry | undefined; classCounts?: { keys: readonly string[]; counts: readonly number[] } }) {
  const { t } = useTranslation();
  const entries = useMemo(() => {
    if (classCounts) {
      return classCounts.keys
        .map((code, i) => ({ code, count: classCounts.counts[i] ?? 0, name: dlbmName(code), color: rgbToHex(dlbmColor(code)) }))
        .filter((e) => e.count > 0)
        .sort((a, b) => a.code.localeCompare(b.code));
    }
    if (!geometry) return [];
    const counts = new Array<number>(geometry.styleKeys.length).fill(0);
    for (const key of geometry.featureStyle) counts[key] = (counts[key] ?? 0) + 1;
    return geometry.styleKeys
      .map((code, i) => ({ code, count: counts[i] ?? 0, name: dlbmName(code), color: rgbToHex(dlbmColor(code)) }))
      .filter((e) => e.count > 0)
      .sort((a, b) => a.code.localeCompare(b.code));
  }, [geometry, classCounts]);

  if (!geometry && !classCounts) return <div className="muted small">{t('layers.loading')}</div>;
  return (
    <div className="dlbm-legend" data-testid="dlbm-legend">
      <div className="legend-title">{t('layers.legend')}</div>
      <ul>
        {entries.map((e) => (
          <li key={e.code} title={`${e.code} ${e.name ?? ''}`}>
            <span className="swatch" style={{ background: e.color }} />
            <span className="legend-code">{e.code}</span>
            <span className="legend-name">{e.name ?? '—'}</span>
            <span className="legend-count">{e.count.toLocaleString()}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
