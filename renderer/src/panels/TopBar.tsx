import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { currentLanguage, setLanguage } from '../i18n/index.js';
import type { PanelTab } from '../checks/BottomPanel.js';
import { WorkspaceMenu, type WorkspaceMenuProps } from './WorkspaceMenu.js';

export interface TopBarProps extends WorkspaceMenuProps {
  info: WorkspaceInfo | null;
  panel: PanelTab | null;
  onPanel: (tab: PanelTab) => void;
  /** The scheme switcher and the meeting-room button (renderer/src/schemes). */
  schemes?: React.ReactNode;
}

export function TopBar({ info, adopt, panel, onPanel, schemes }: TopBarProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const epsg = info ? `EPSG:${info.srid}` : '';
  return (
    <header className="top-bar">
      <span className="app-title">{t('app.title')}</span>
      <WorkspaceMenu adopt={adopt} />
      <span className="tool-buttons">
        <button type="button" disabled={!info} className={panel === 'checks' ? 'active' : ''} aria-pressed={panel === 'checks'} onClick={() => onPanel('checks')} data-testid="open-checks">
          {t('panel.checks')}
        </button>
        <button type="button" disabled={!info} className={panel === 'stats' ? 'active' : ''} aria-pressed={panel === 'stats'} onClick={() => onPanel('stats')} data-testid="open-stats">
          {t('panel.stats')}
        </button>
        <button type="button" disabled={!info} className={panel === 'projects' ? 'active' : ''} aria-pressed={panel === 'projects'} onClick={() => onPanel('projects')} data-testid="open-projects">
          {t('panel.projects')}
        </button>
        <button type="button" disabled={!info} className={panel === 'compare' ? 'active' : ''} aria-pressed={panel === 'compare'} onClick={() => onPanel('compare')} data-testid="open-compare">
          {t('compare.tab')}
        </button>
      </span>
      {schemes}
      <span className="workspace-title" data-testid="workspace-title">
        {info ? (
          <>
            <span className="workspace-name" title={info.path}>{info.name}</span>
            <span className="crs-badge" title={`${t('app.crs')}: ${info.crsName}`} data-testid="workspace-crs">
              {info.crsName.includes(epsg) ? info.crsName : `${epsg} · ${info.crsName}`}
            </span>
            {info.synthetic && (
              <span className="synthetic-badge" title={t('app.syntheticHint')} data-testid="synthetic-badge">
                {t('app.synthetic')}
              </span>
            )}
          </>
        ) : (
          <span className="muted">{t('app.noWorkspace')}</span>
        )}
      </span>
      <button
        type="button"
        className="lang-switch"
        data-testid="lang-switch"
        title={t('lang.switchHint')}
        onClick={() => setLanguage(lang === 'zh' ? 'en' : 'zh')}
      >
        <span className={lang === 'zh' ? 'active' : ''}>{t('lang.zh')}</span>
        <span className="sep">/</span>
        <span className={lang === 'en' ? 'active' : ''}>{t('lang.en')}</span>
      </button>
    </header>
  );
}
