// The status bar's editing part: the current tool and what to do next with it (QGIS shows the same hint), the snap
// state (and what the pointer snapped to), the vertices and the length and area measured while drawing (m², 公顷
// and 亩), and the first problem live validation found.
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/index.js';
import type { EditSession } from '../session.js';
import { formatAreaM2, formatLength } from './format.js';
import { useNoticeText } from './notice-text.js';
import { useSessionValue } from './useSessionStore.js';

export function EditStatusItems({ session }: { session: EditSession }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tool = useSessionValue(session.tool);
  const settings = useSessionValue(session.settingsStore);
  const status = useSessionValue(session.statusStore);
  const problem = status.problems[0];
  const problemText = useNoticeText(problem ?? null);
  if (!tool) return null;
  const snapText = status.snapped
    ? t(`editing.snap.snapped.${status.snapped}`)
    : settings.snap.enabled
      ? `${t('editing.snap.on')} · ${settings.snap.tolerancePx} ${t('editing.snap.px')}`
      : t('editing.snap.off');
  return (
    <>
      <span className="status-item" data-testid="status-edit-tool">
        <span className="status-label">{t('editing.status.tool')}</span>
        {t(`editing.tools.${tool}`)}
      </span>
      {status.hint && (
        <span className="status-item edit-hint" data-testid="status-hint" title={t(status.hint)}>
          {t(status.hint)}
        </span>
      )}
      <span className={`status-item edit-snap-state${status.snapped ? ' snapped' : ''}`} data-testid="status-snap" data-snapped={status.snapped ?? ''}>
        {snapText}
      </span>
      {status.vertexCount > 0 && (
        <span className="status-item" data-testid="status-vertices">
          {t(tool === 'vertex-edit' ? 'editing.status.selectedVertices' : 'editing.status.vertices', { count: status.vertexCount })}
        </span>
      )}
      {(status.lengthM !== null || status.areaM2 !== null) && (
        <span className="status-item" data-testid="status-measure">
          {status.lengthM !== null && (
            <>
              <span className="status-label">{status.areaM2 !== null ? t('editing.status.perimeter') : t('editing.status.length')}</span>
              <span data-testid="status-length">{formatLength(status.lengthM, lang)}</span>
            </>
          )}
          {status.areaM2 !== null && (
            <>
              <span className="status-label"> {t('editing.status.area')}</span>
              <span data-testid="status-area">{formatAreaM2(status.areaM2, lang)}</span>
            </>
          )}
        </span>
      )}
      {problem && (
        <span className={`status-item edit-problem ${problem.tone}`} data-testid="status-problem">
          {problemText}
        </span>
      )}
    </>
  );
}
