// The edit history kept in the workspace (edit.history): what, when and by whom, newest first, with each step's
// state (done, undone, discarded) and what undo / redo would do next. It survives restarts: it is read from the file.
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../../shared/contract/editing.js';
import { currentLanguage } from '../../i18n/index.js';
import type { EditSession } from '../session.js';
import { useSessionValue } from './useSessionStore.js';

export function HistoryPanel({ session, onClose }: { session: EditSession; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const history = useSessionValue(session.historyStore);
  const entries = history?.entries ?? [];
  return (
    <div className="edit-history" data-testid="edit-history" role="region" aria-label={t('editing.history.title')}>
      <header>
        <strong>{t('editing.history.title')}</strong>
        <span className="muted small">{history ? history.total : ''}</span>
        <button type="button" className="icon-button close" onClick={onClose} title={t('dialog.close')}>
          ×
        </button>
      </header>
      {entries.length === 0 ? (
        <p className="muted small">{t('editing.history.empty')}</p>
      ) : (
        <ol>
          {entries.map((e) => (
            <li key={e.id} className={`history-entry state-${e.state}`} data-testid="history-entry" data-state={e.state} data-action={e.action}>
              <div className="history-what">
                <span className="history-id">#{e.id}</span> {e.summary[lang] || e.action}
                {e.targetId !== null && <span className="muted small"> ({targetLabel(e, t)})</span>}
              </div>
              <div className="history-meta muted small">
                <time dateTime={e.at}>{new Date(e.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US')}</time>
                <span>{e.actor}</span>
                {e.featureCount > 0 && <span>{t('editing.history.features', { count: e.featureCount })}</span>}
                {e.state !== 'done' && <span className="history-state">{t(`editing.history.state.${e.state}`)}</span>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function targetLabel(e: HistoryEntry, t: (k: string, o?: Record<string, unknown>) => string): string {
  return e.action === 'redo' ? t('editing.history.redoOf', { id: e.targetId }) : t('editing.history.undoOf', { id: e.targetId });
}
