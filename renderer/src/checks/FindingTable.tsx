// The findings of a run as a table, largest first. Only the rows in view are rendered (a 500k-parcel workspace can
// have tens of thousands of findings); the keyboard steps through them like a list of search results.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/contract/schemas.js';
import { FINDING_LABELS } from '../../../shared/domain/findings.js';
import { currentLanguage } from '../i18n/index.js';
import { formatFixed } from '../panels/format.js';

const ROW_HEIGHT = 26;
const OVERSCAN = 8;

export interface FindingTableProps {
  findings: readonly Finding[];
  selectedId: number | null;
  onSelect: (finding: Finding) => void;
  layerName: (table: string) => string;
}

export function FindingTable({ findings, selectedId, onSelect, layerName }: FindingTableProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(300);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const selectedIndex = selectedId === null ? -1 : findings.findIndex((f) => f.id === selectedId);

  // Keep the selected row in view when the keyboard (or the map) moves the selection.
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    const bodyTop = el.scrollTop;
    const bodyHeight = el.clientHeight - ROW_HEIGHT; // the sticky header covers one row
    if (top < bodyTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > bodyTop + bodyHeight) el.scrollTop = top + ROW_HEIGHT - bodyHeight;
  }, [selectedIndex]);

  const step = (delta: number) => {
    if (findings.length === 0) return;
    const next = selectedIndex < 0 ? (delta > 0 ? 0 : findings.length - 1) : Math.min(findings.length - 1, Math.max(0, selectedIndex + delta));
    onSelect(findings[next]!);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 2);
    const moves: Record<string, number> = {
      ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity,
    };
    if (e.key in moves) {
      e.preventDefault();
      const delta = moves[e.key]!;
      if (!Number.isFinite(delta)) onSelect(findings[delta > 0 ? findings.length - 1 : 0]!);
      else step(delta);
    } else if (e.key === 'Enter' && selectedIndex >= 0) {
      e.preventDefault();
      onSelect(findings[selectedIndex]!);
    }
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(findings.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const rows = findings.slice(first, last);

  return (
    <div
      className="finding-table"
      ref={scroller}
      tabIndex={0}
      role="grid"
      aria-rowcount={findings.length}
      aria-label={t('checks.tab')}
      title={t('checks.keyboardHint')}
      data-testid="finding-table"
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div className="finding-row finding-head" role="row">
        <span role="columnheader" className="c-index">{t('checks.col.index')}</span>
        <span role="columnheader" className="c-type">{t('checks.col.type')}</span>
        <span role="columnheader" className="c-num">{t('checks.col.areaHa')}</span>
        <span role="columnheader" className="c-num">{t('checks.col.areaMu')}</span>
        <span role="columnheader" className="c-place">{t('checks.col.town')}</span>
        <span role="columnheader" className="c-place">{t('checks.col.village')}</span>
        <span role="columnheader" className="c-layers">{t('checks.col.layers')}</span>
        <span role="columnheader" className="c-fix">{t('checks.col.suggestion')}</span>
      </div>
      <div style={{ height: findings.length * ROW_HEIGHT, position: 'relative' }}>
        {rows.map((f, i) => {
          const index = first + i;
          return (
            <div
              key={f.id}
              role="row"
              aria-selected={f.id === selectedId}
              className={`finding-row${f.id === selectedId ? ' selected' : ''}`}
              style={{ top: index * ROW_HEIGHT }}
              data-testid="finding-row"
              data-finding-id={f.id}
              onClick={() => onSelect(f)}
            >
              <span className="c-index">{index + 1}</span>
              <span className="c-type">
                <span className={`severity-dot severity-${f.severity}`} title={t(`checks.severity.${f.severity}`)} />
                {FINDING_LABELS[f.type][lang]}
              </span>
              <span className="c-num" data-testid="finding-area-ha">{formatFixed(f.area.planar.ha, 4, lang)}</span>
              <span className="c-num">{formatFixed(f.area.planar.mu, 2, lang)}</span>
              <span className="c-place">{f.town ?? '—'}</span>
              <span className="c-place">{f.village ?? '—'}</span>
              <span className="c-layers">{f.layers.map(layerName).join(' × ')}</span>
              <span className="c-fix" title={f.suggestion ?? ''}>{f.suggestion ?? ''}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
