// The panel under the map (like QGIS's attribute table dock): the findings of a check run, the statistics and the
// comparison of two schemes.
// Wide tables read better across the window than in a side column.
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';

export type PanelTab = 'checks' | 'stats' | 'projects' | 'compare';

export function BottomPanel({ tab, onTab, onClose, children }: { tab: PanelTab; onTab: (tab: PanelTab) => void; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="bottom-panel" data-testid="bottom-panel">
      <nav className="panel-tabs" role="tablist">
        {(['checks', 'stats', 'projects', 'compare'] as const).map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'active' : ''} onClick={() => onTab(id)} data-testid={`panel-tab-${id}`}>
            {id === 'checks' ? t('checks.tab') : id === 'stats' ? t('stats.tab') : id === 'projects' ? t('projects.tab') : t('compare.tab')}
          </button>
        ))}
        <span className="toolbar-spacer" />
        <button type="button" className="icon-button" title={t('panel.close')} onClick={onClose} data-testid="panel-close">▾</button>
      </nav>
      <div className="panel-content">{children}</div>
    </section>
  );
}
