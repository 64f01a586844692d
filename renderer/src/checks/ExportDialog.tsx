// Export a run: the XLSX report planners hand on, or the finding polygons for QGIS. The file is written by main
// (in browser mode that is this machine too), next to the workspace unless the user says otherwise.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { useClient } from '../api/ClientContext.js';
import { Modal } from '../panels/Modal.js';
import { useAppInfo } from '../state/app-info.js';
import { useReportError } from '../state/errors.js';

type Format = 'xlsx' | 'gpkg' | 'geojson' | 'json' | 'shp' | 'kml';
const FORMATS: Format[] = ['xlsx', 'gpkg', 'geojson', 'shp', 'kml', 'json'];

/** "/data/金坛.sqlite" → "/data/金坛-检查12.xlsx" (Windows separators kept). */
export function defaultExportPath(workspacePath: string, runId: number, format: Format): string {
  const cut = Math.max(workspacePath.lastIndexOf('/'), workspacePath.lastIndexOf('\\'));
  const dir = workspacePath.slice(0, cut + 1);
  const base = workspacePath.slice(cut + 1).replace(/\.(sqlite|db|gpkg)$/i, '');
  return `${dir}${base}-检查${runId}.${format}`;
}

export function ExportDialog({ info, runId, onClose }: { info: WorkspaceInfo; runId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const report = useReportError();
  const appInfo = useAppInfo(client, report);
  const [format, setFormat] = useState<Format>('xlsx');
  const [path, setPath] = useState(defaultExportPath(info.path, runId, 'xlsx'));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ path: string; count: number } | null>(null);
  const [encoding, setEncoding] = useState<'gbk' | 'utf8'>('gbk');

  const choose = (f: Format) => {
    setFormat(f);
    // Follow the format only while the path is still the suggested one.
    if (path === defaultExportPath(info.path, runId, format)) setPath(defaultExportPath(info.path, runId, f));
    setDone(null);
  };

  const browse = async () => {
    const picked = await client.api['workspace.pickPath']({ mode: 'save' }).catch(report);
    if (picked) setPath(picked);
  };

  const submit = async () => {
    setBusy(true);
    try {
      // Shapefile and KML are written by the import/export module (docs/import-export.md).
      if (format === 'shp' || format === 'kml') {
        setDone(await client.api['export.findings']({ runId, format, path: path.trim(), ...(format === 'shp' ? { encoding } : {}) }));
      } else {
        setDone(await client.api['checks.export']({ runId, format, path: path.trim() }));
      }
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('checks.exportTitle')}
      onClose={onClose}
      testId="export-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.close')}</button>
          <button type="button" className="primary" disabled={busy || !path.trim()} onClick={() => void submit()} data-testid="export-submit">
            {busy ? t('dialog.busy') : t('checks.export')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <fieldset className="format-choice">
          <legend>{t('checks.exportFormat')}</legend>
          {FORMATS.map((f) => (
            <label key={f} className="radio">
              <input type="radio" name="format" checked={format === f} onChange={() => choose(f)} data-testid={`export-format-${f}`} />
              {f === 'shp' || f === 'kml' ? t(`io.exportFormats.${f}`) : t(`checks.formats.${f}`)}
            </label>
          ))}
        </fieldset>
        {format === 'shp' && (
          <fieldset className="format-choice">
            <legend>{t('io.exportEncoding')}</legend>
            {(['gbk', 'utf8'] as const).map((e) => (
              <label key={e} className="radio">
                <input type="radio" name="findings-encoding" checked={encoding === e} onChange={() => setEncoding(e)} />
                {t(`io.exportEncodings.${e}`)}
              </label>
            ))}
          </fieldset>
        )}
        <label>
          <span>{t('dialog.path')}</span>
          <span className="input-with-button">
            <input value={path} onChange={(e) => { setPath(e.target.value); setDone(null); }} data-testid="export-path" />
            {appInfo?.canPickFiles && <button type="button" onClick={() => void browse()}>{t('dialog.browse')}</button>}
          </span>
        </label>
        {done && <p className="export-done" data-testid="export-done">✓ {t('checks.exportDone', { count: done.count, path: done.path })}</p>}
      </form>
    </Modal>
  );
}
