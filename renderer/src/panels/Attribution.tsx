import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Data sources in the map corner, as maps credit theirs: one line always visible, all of them on click. */
export function Attribution({ lines }: { lines: string[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (lines.length === 0) return null;
  return (
    <div className={`map-attribution${open ? ' open' : ''}`} data-testid="attribution">
      <button type="button" className="attribution-toggle" aria-expanded={open} onClick={() => setOpen((v) => !v)} title={t('status.attribution')}>
        ⓘ
      </button>
      {open ? (
        <div className="attribution-lines">
          <strong>{t('status.attribution')}</strong>
          {lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      ) : (
        <span className="attribution-summary" title={lines.join('\n')}>
          {lines.join(' · ')}
        </span>
      )}
    </div>
  );
}
