// The parts every file dialog shares (the exports of checks, comparisons, layers, projects and schemes, the scheme
// package import): the path to write or read, with 浏览… where the host can show a file picker, and the footer with
// 关闭 and the dialog's action.
import { useTranslation } from 'react-i18next';
import { useClient } from '../api/ClientContext.js';
import { useAppInfo } from '../state/app-info.js';
import { useReportError } from '../state/errors.js';

export function PathField({ value, onChange, testId, placeholder, mode = 'save' }: {
  value: string; onChange: (v: string) => void; testId: string; placeholder?: string; mode?: 'save' | 'open';
}) {
  const { t } = useTranslation();
  const client = useClient();
  const report = useReportError();
  const appInfo = useAppInfo(client, report);
  return (
    <label>
      <span>{t('dialog.path')}</span>
      <span className="input-with-button">
        <input value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
        {appInfo?.canPickFiles && (
          <button type="button" onClick={() => void client.api['workspace.pickPath']({ mode }).then((p) => p && onChange(p), report)}>{t('dialog.browse')}</button>
        )}
      </span>
    </label>
  );
}

/** 关闭 and the action (disabled while busy or without a path; says 处理中… while busy). */
export function ActionFooter({ onClose, onAction, label, busy, disabled = false, testId }: {
  onClose: () => void; onAction: () => void; label: string; busy: boolean; disabled?: boolean; testId: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" onClick={onClose}>{t('dialog.close')}</button>
      <button type="button" className="primary" disabled={busy || disabled} onClick={onAction} data-testid={testId}>
        {busy ? t('dialog.busy') : label}
      </button>
    </>
  );
}
