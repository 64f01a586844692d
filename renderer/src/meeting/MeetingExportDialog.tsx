// Export from the meeting-room mode: the current view as a PNG, or a PDF of one page per town (or per change), each
// with title, legend, scale bar, north arrow and date. The renderer draws the pages; main writes the file.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../api/ClientContext.js';
import { Modal } from '../panels/Modal.js';
import { useAppInfo } from '../state/app-info.js';
import { useReportError } from '../state/errors.js';

export type PdfPages = 'town' | 'change';

export interface MeetingExportRequest {
  path: string;
  pages: PdfPages;
  maxPages: number;
}

export function MeetingExportDialog({ kind, suggestedPath, canChanges, onExport, onClose }: {
  kind: 'png' | 'pdf';
  suggestedPath: string;
  /** There is a comparison: pages per town or per change are possible. */
  canChanges: boolean;
  onExport: (request: MeetingExportRequest, progress: (text: string) => void) => Promise<{ path: string; detail: string }>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const report = useReportError();
  const appInfo = useAppInfo(client, report);
  const [path, setPath] = useState(suggestedPath);
  const [pages, setPages] = useState<PdfPages>('town');
  const [maxPages, setMaxPages] = useState(10);
  const [progress, setProgress] = useState<string | null>(null);
  const [done, setDone] = useState<{ path: string; detail: string } | null>(null);

  const submit = async () => {
    setProgress(t('meeting.preparing'));
    setDone(null);
    try {
      setDone(await onExport({ path: path.trim(), pages, maxPages }, setProgress));
    } catch (e) {
      report(e);
    } finally {
      setProgress(null);
    }
  };

  return (
    <Modal
      title={kind === 'png' ? t('meeting.exportPngTitle') : t('meeting.exportPdfTitle')}
      onClose={onClose}
      testId="meeting-export-dialog"
      footer={
        <>
          <button type="button" onClick={onClose} disabled={progress !== null}>{t('dialog.close')}</button>
          <button type="button" className="primary" disabled={progress !== null || !path.trim()} onClick={() => void submit()} data-testid="meeting-export-submit">
            {progress !== null ? t('dialog.busy') : t('meeting.export')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {kind === 'pdf' && canChanges && (
          <fieldset className="format-choice">
            <legend>{t('meeting.pages')}</legend>
            <label className="radio">
              <input type="radio" name="pages" checked={pages === 'town'} onChange={() => setPages('town')} data-testid="meeting-pages-town" />
              {t('meeting.pagesTown')}
            </label>
            <label className="radio">
              <input type="radio" name="pages" checked={pages === 'change'} onChange={() => setPages('change')} data-testid="meeting-pages-change" />
              {t('meeting.pagesChange')}
              <input type="number" min={1} max={50} value={maxPages} className="edit-number" onChange={(e) => setMaxPages(Math.min(50, Math.max(1, Number(e.target.value) || 1)))} data-testid="meeting-pages-max" />
            </label>
          </fieldset>
        )}
        <label>
          <span>{t('dialog.path')}</span>
          <span className="input-with-button">
            <input value={path} onChange={(e) => { setPath(e.target.value); setDone(null); }} data-testid="meeting-export-path" />
            {appInfo?.canPickFiles && (
              <button type="button" onClick={() => void client.api['workspace.pickPath']({ mode: 'save' }).then((p) => p && setPath(p), report)}>{t('dialog.browse')}</button>
            )}
          </span>
        </label>
        {progress !== null && <p className="muted" data-testid="meeting-export-progress">{progress}</p>}
        {done && <p className="export-done" data-testid="meeting-export-done">✓ {t('meeting.exportDone', { path: done.path, detail: done.detail })}</p>}
      </form>
    </Modal>
  );
}
