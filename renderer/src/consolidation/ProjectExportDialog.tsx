// Export the project report: the XLSX in the layout of a 实施方案 indicator table, or the JSON; this project or all
// of them (with the roll-ups). Written by main, next to the workspace unless the user says otherwise.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { useClient } from '../api/ClientContext.js';
import { Modal } from '../panels/Modal.js';
import { useAppInfo } from '../state/app-info.js';
import { useReportError } from '../state/errors.js';

type Format = 'xlsx' | 'json';

/** "/data/金坛.sqlite" → "/data/金坛-项目报告-CODE.xlsx" (Windows separators kept). */
export function defaultProjectReportPath(workspacePath: string, code: string | null, format: Format): string {
  const cut = Math.max(workspacePath.lastIndexOf('/'), workspacePath.lastIndexOf('\\'));
  const dir = workspacePath.slice(0, cut + 1);
  const base = workspacePath.slice(cut + 1).replace(/\.(sqlite|db|gpkg)$/i, '');
  return `${dir}${base}-项目报告${code ? `-${code.replace(/[\\/:*?"<>|]/g, '_')}` : ''}.${format}`;
}

export function ProjectExportDialog({ info, code, onClose }: { info: WorkspaceInfo; code: string; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const report = useReportError();
  const appInfo = useAppInfo(client, report);
  const [format, setFormat] = useState<Format>('xlsx');
  const [all, setAll] = useState(false);
  const suggested = (f: Format, a: boolean) => defaultProjectReportPath(info.path, a ? null : code, f);
  const [path, setPath] = useState(suggested('xlsx', false));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ path: string; count: number } | null>(null);

  const change = (f: Format, a: boolean) => {
    if (path === suggested(format, all)) setPath(suggested(f, a));
    setFormat(f);
    setAll(a);
    setDone(null);
  };
  const submit = async () => {
    setBusy(true);
    try {
      setDone(await client.api['projects.export']({ format, path: path.trim(), ...(all ? {} : { codes: [code] }) }));
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };
  const browse = async () => {
    const picked = await client.api['workspace.pickPath']({ mode: 'save' }).catch(report);
    if (picked) setPath(picked);
  };

  return (
    <Modal
      title={t('projects.exportTitle')}
      onClose={onClose}
      testId="project-export-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.close')}</button>
          <button type="button" className="primary" disabled={busy || !path.trim()} onClick={() => void submit()} data-testid="project-export-submit">
            {busy ? t('dialog.busy') : t('projects.export')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <fieldset className="format-choice">
          {(['xlsx', 'json'] as const).map((f) => (
            <label key={f} className="radio">
              <input type="radio" name="format" checked={format === f} onChange={() => change(f, all)} data-testid={`project-export-format-${f}`} />
              {t(`projects.exportFormats.${f}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="format-choice">
          {([false, true] as const).map((a) => (
            <label key={String(a)} className="radio">
              <input type="radio" name="scope" checked={all === a} onChange={() => change(format, a)} data-testid={`project-export-${a ? 'all' : 'one'}`} />
              {t(`projects.exportScope.${a ? 'all' : 'one'}`)}
            </label>
          ))}
        </fieldset>
        <label>
          <span>{t('dialog.path')}</span>
          <span className="input-with-button">
            <input value={path} onChange={(e) => { setPath(e.target.value); setDone(null); }} data-testid="project-export-path" />
            {appInfo?.canPickFiles && <button type="button" onClick={() => void browse()}>{t('dialog.browse')}</button>}
          </span>
        </label>
        {done && <p className="export-done" data-testid="project-export-done">✓ {t('projects.exportDone', { count: done.count, path: done.path })}</p>}
      </form>
    </Modal>
  );
}
