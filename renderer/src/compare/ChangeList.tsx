// The changes of a comparison, largest first, stepped through like the findings (↑ ↓ / J K); the map zooms to the
// change selected and outlines it.
import { useTranslation } from 'react-i18next';
import type { SchemeChange } from '../../../shared/contract/schemes.js';
import { currentLanguage } from '../i18n/index.js';
import { formatAttribute, formatFixed } from '../panels/format.js';
import { StepList } from './StepList.js';

export interface ChangeListProps {
  changes: readonly SchemeChange[];
  selectedId: number | null;
  onSelect: (change: SchemeChange) => void;
  layerName: (layerId: number) => string;
  /** Two-line rows without detail columns (the meeting-room side list). */
  compact?: boolean;
}

/** "DLBM 0101→0103" for an attribute change; the features' ids otherwise. */
export function changeDetail(c: SchemeChange): string {
  if (c.kind === 'attributes') return c.fields.map((f) => `${f.name} ${formatAttribute(f.before) ?? '∅'}→${formatAttribute(f.after) ?? '∅'}`).join('；');
  return c.fids.length ? `#${c.fids.join(', #')}` : '';
}

export function ChangeList({ changes, selectedId, onSelect, layerName, compact = false }: ChangeListProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const header = compact ? undefined : (
    <div className="finding-row finding-head" role="row">
      <span role="columnheader" className="c-index">{t('checks.col.index')}</span>
      <span role="columnheader">{t('compare.col.kind')}</span>
      <span role="columnheader">{t('compare.col.layer')}</span>
      <span role="columnheader" className="c-num">{t('checks.col.areaHa')}</span>
      <span role="columnheader" className="c-num">{t('checks.col.areaMu')}</span>
      <span role="columnheader">{t('checks.col.town')}</span>
      <span role="columnheader">{t('checks.col.village')}</span>
      <span role="columnheader">{t('compare.col.detail')}</span>
    </div>
  );
  return (
    <StepList
      items={changes}
      idOf={(c) => c.id}
      selectedId={selectedId}
      onSelect={onSelect}
      rowHeight={compact ? 52 : 26}
      header={header}
      className={`change-list${compact ? ' compact' : ''}`}
      label={t('compare.changes')}
      title={t('checks.keyboardHint')}
      testId="change-list"
      rowTestId="change-row"
      renderRow={(c, index) => compact ? (
        <>
          <span className="c-index">{index + 1}</span>
          <span className="change-main">
            <span><span className={`change-dot change-${c.kind}`} />{t(`compare.kind.${c.kind}`)} · {layerName(c.layerId)}</span>
            <span className="change-sub">{c.town ?? '—'}{c.village ? ` · ${c.village}` : ''}</span>
          </span>
          <span className="c-num">
            <span>{formatFixed(c.area.ha, 2, lang)} {t('feature.ha')}</span>
            <span className="change-sub">{formatFixed(c.area.mu, 1, lang)} {t('feature.mu')}</span>
          </span>
        </>
      ) : (
        <>
          <span className="c-index">{index + 1}</span>
          <span><span className={`change-dot change-${c.kind}`} />{t(`compare.kind.${c.kind}`)}</span>
          <span>{layerName(c.layerId)}</span>
          <span className="c-num" data-testid="change-area-ha">{formatFixed(c.area.ha, 4, lang)}</span>
          <span className="c-num">{formatFixed(c.area.mu, 2, lang)}</span>
          <span>{c.town ?? '—'}</span>
          <span>{c.village ?? '—'}</span>
          <span title={changeDetail(c)}>{changeDetail(c)}</span>
        </>
      )}
    />
  );
}
