// Export the project report: the XLSX in the layout of a 实施方案 indicator table, or the JSON; this project or all
// of them (with the roll-ups). Written by main, next to the workspace unless the user says otherwise.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { useClient } from '../api/ClientContext.js';
import { ActionFooter, PathField } from '../panels/DialogParts.js';
import { Modal } from '../panels/Modal.js';
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
  return (
    <Modal
      title={t('projects.exportTitle')}
      onClose={onClose}
      testId="project-export-dialog"
      footer={<ActionFooter onClose={onClose} onAction={() => void submit()} label={t('projects.export')} busy={busy} disabled={!path.trim()} testId="project-export-submit" />}
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
        <PathField value={path} onChange={(p) => { setPath(p); setDone(null); }} testId="project-export-path" />
        {done && <p className="export-done" data-testid="project-export-done">✓ {t('projects.exportDone', { count: done.count, path: done.path })}</p>}
      </form>
    </Modal>
  );
}
