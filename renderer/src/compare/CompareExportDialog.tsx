// Export a comparison: the XLSX report (汇总, by 区县 / 镇街 / 村, 变化清单; 公顷 with 亩 beside), the change
// polygons as GeoPackage, or the JSON of docs/schemes.md. Main writes the file, next to the workspace by default.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchemeInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { useClient } from '../api/ClientContext.js';
import { Modal } from '../panels/Modal.js';
import { useAppInfo } from '../state/app-info.js';
import { useReportError } from '../state/errors.js';

type Format = 'xlsx' | 'gpkg' | 'json';
const FORMATS: Format[] = ['xlsx', 'gpkg', 'json'];

/** A file name part from a scheme name: no path separators or characters Windows refuses. */
export function fileSafe(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60) || '_';
}

/** "/data/金坛.sqlite" → "/data/金坛-对比-现状-草案一.xlsx" (Windows separators kept). */
export function siblingPath(workspacePath: string, suffix: string, ext: string): string {
  const cut = Math.max(workspacePath.lastIndexOf('/'), workspacePath.lastIndexOf('\\'));
  const dir = workspacePath.slice(0, cut + 1);
  const base = workspacePath.slice(cut + 1).replace(/\.(sqlite|db|gpkg)$/i, '');
  return `${dir}${base}-${suffix}.${ext}`;
}

export function CompareExportDialog({ info, from, to, onClose }: { info: WorkspaceInfo; from: SchemeInfo; to: SchemeInfo; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const report = useReportError();
  const appInfo = useAppInfo(client, report);
  const suggested = (f: Format) => siblingPath(info.path, `对比-${fileSafe(from.name)}-${fileSafe(to.name)}`, f);
  const [format, setFormat] = useState<Format>('xlsx');
  const [path, setPath] = useState(suggested('xlsx'));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ path: string; count: number } | null>(null);

  const choose = (f: Format) => {
    setFormat(f);
    if (path === suggested(format)) setPath(suggested(f));
    setDone(null);
  };
  const browse = async () => {
    const picked = await client.api['workspace.pickPath']({ mode: 'save' }).catch(report);
    if (picked) setPath(picked);
  };
  const submit = async () => {
    setBusy(true);
    try {
      setDone(await client.api['schemes.exportDiff']({ from: from.id, to: to.id, format, path: path.trim() }));
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('compare.exportTitle', { from: from.name, to: to.name })}
      onClose={onClose}
      testId="compare-export-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.close')}</button>
          <button type="button" className="primary" disabled={busy || !path.trim()} onClick={() => void submit()} data-testid="compare-export-submit">
            {busy ? t('dialog.busy') : t('compare.export')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <fieldset className="format-choice">
          <legend>{t('checks.exportFormat')}</legend>
          {FORMATS.map((f) => (
            <label key={f} className="radio">
              <input type="radio" name="format" checked={format === f} onChange={() => choose(f)} data-testid={`compare-export-format-${f}`} />
              {t(`compare.formats.${f}`)}
            </label>
          ))}
        </fieldset>
        <label>
          <span>{t('dialog.path')}</span>
          <span className="input-with-button">
            <input value={path} onChange={(e) => { setPath(e.target.value); setDone(null); }} data-testid="compare-export-path" />
            {appInfo?.canPickFiles && <button type="button" onClick={() => void browse()}>{t('dialog.browse')}</button>}
          </span>
        </label>
        {done && <p className="export-done" data-testid="compare-export-done">✓ {t('compare.exportDone', { count: done.count, path: done.path })}</p>}
      </form>
    </Modal>
  );
}
