// Bring the changes of another draft into the scheme in use (schemes.mergePreview, then schemes.merge as one
// undoable edit): every feature the other draft changed is listed; where this scheme changed the same feature
// differently (a conflict) the user keeps this scheme's version or takes the other's, never overwritten silently.
// A click on an item zooms the map to it.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../../../shared/contract/schemas.js';
import type { MergeItem, MergePreview } from '../../../shared/contract/schemes.js';
import { useClient } from '../api/ClientContext.js';
import { contextBbox } from '../checks/useFindingsView.js';
import { currentLanguage } from '../i18n/index.js';
import { Modal } from '../panels/Modal.js';
import { useReportError } from '../state/errors.js';
import { requestZoomTo } from '../state/map-stores.js';

type Resolution = 'ours' | 'theirs';

export function MergeDialog({ info, onClose }: { info: WorkspaceInfo; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const { api } = useClient();
  const report = useReportError();
  const into = info.scheme;
  const sources = info.schemes.filter((s) => s.id !== into.id);
  const [from, setFrom] = useState<number>(() => [...sources].sort((a, b) => b.editCount - a.editCount || b.id - a.id)[0]?.id ?? 0);
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [resolutions, setResolutions] = useState<Record<string, Resolution>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);

  useEffect(() => {
    setPreview(null);
    setResolutions({});
    setDone(null);
    if (!from) return;
    let cancelled = false;
    api['schemes.mergePreview']({ from, into: into.id }).then((p) => !cancelled && setPreview(p), (e: unknown) => !cancelled && report(e));
    return () => {
      cancelled = true;
    };
  }, [api, from, into.id, report]);

  const conflicts = useMemo(() => preview?.items.filter((i) => i.conflict) ?? [], [preview]);
  const undecided = conflicts.filter((c) => !resolutions[c.key]).length;
  const layerName = (id: number) => {
    const l = info.layers.find((x) => x.id === id);
    return l ? (lang === 'en' ? l.nameEn : l.name) : String(id);
  };

  const apply = async () => {
    setBusy(true);
    try {
      const r = await api['schemes.merge']({ from, into: into.id, resolutions });
      setDone(r.summary[lang]);
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  const pick = (item: MergeItem) => {
    setFocused(item.key);
    if (item.bbox) requestZoomTo(contextBbox(item.bbox), 300);
  };

  return (
    <Modal
      title={t('merge.title', { into: into.name })}
      onClose={onClose}
      testId="merge-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.close')}</button>
          {!done && (
            <button
              type="button"
              className="primary"
              disabled={busy || !preview || preview.items.length === 0 || undecided > 0 || into.locked}
              title={undecided > 0 ? t('merge.decideFirst', { count: undecided }) : ''}
              onClick={() => void apply()}
              data-testid="merge-apply"
            >
              {busy ? t('dialog.busy') : t('merge.apply', { count: preview?.items.length ?? 0 })}
            </button>
          )}
        </>
      }
    >
      <div className="form merge-form">
        <label>
          <span>{t('merge.from')}</span>
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))} data-testid="merge-from">
            {sources.map((s) => <option key={s.id} value={s.id}>{s.name}{s.isBaseline ? ` (${t('schemes.baselineTag')})` : ''}</option>)}
          </select>
        </label>
        {into.locked && <p className="chip chip-new">{t('merge.locked', { name: into.name })}</p>}
        {!preview && <p className="muted">{t('checks.loading')}</p>}
        {preview && (
          <>
            <p className="small" data-testid="merge-summary">
              {t('merge.summary', { count: preview.items.length, conflicts: conflicts.length, equal: preview.alreadyEqual })}
            </p>
            {conflicts.length > 0 && (
              <div className="merge-bulk small">
                <button type="button" onClick={() => setResolutions(Object.fromEntries(conflicts.map((c) => [c.key, 'ours'])))} data-testid="merge-all-ours">{t('merge.allOurs')}</button>
                <button type="button" onClick={() => setResolutions(Object.fromEntries(conflicts.map((c) => [c.key, 'theirs'])))} data-testid="merge-all-theirs">{t('merge.allTheirs')}</button>
              </div>
            )}
            <ul className="merge-items" data-testid="merge-items">
              {preview.items.map((item) => (
                <li
                  key={item.key}
                  className={`merge-item${item.conflict ? ' conflict' : ''}${focused === item.key ? ' focused' : ''}`}
                  data-testid="merge-item"
                  data-key={item.key}
                  data-conflict={item.conflict}
                >
                  <button type="button" className="merge-item-main" onClick={() => pick(item)} title={t('merge.zoom')}>
                    <span className={`merge-kind merge-${item.change}`}>{t(`merge.change.${item.change}`)}</span>
                    <span>{layerName(item.layerId)} #{item.fid}</span>
                    <span className="muted small">{item.summary[lang]}</span>
                  </button>
                  {item.conflict && (
                    <span className="merge-choice" role="radiogroup" aria-label={t('merge.conflict')}>
                      <label className="radio">
                        <input type="radio" name={item.key} checked={resolutions[item.key] === 'ours'} onChange={() => setResolutions({ ...resolutions, [item.key]: 'ours' })} data-testid={`merge-ours-${item.key}`} />
                        {t('merge.ours')}
                      </label>
                      <label className="radio">
                        <input type="radio" name={item.key} checked={resolutions[item.key] === 'theirs'} onChange={() => setResolutions({ ...resolutions, [item.key]: 'theirs' })} data-testid={`merge-theirs-${item.key}`} />
                        {t('merge.theirs')}
                      </label>
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        {done && <p className="export-done" data-testid="merge-done">✓ {done}</p>}
      </div>
    </Modal>
  );
}
