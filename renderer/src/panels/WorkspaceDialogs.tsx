import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from './Modal.js';

/** Path entry for hosts without a native file dialog (browser mode). */
export function OpenPathDialog({ onOpen, onClose }: { onOpen: (path: string) => Promise<boolean>; onClose: () => void }) {
  const { t } = useTranslation();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!path.trim()) return;
    setBusy(true);
    const ok = await onOpen(path.trim());
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Modal
      title={t('dialog.openTitle')}
      onClose={onClose}
      testId="open-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.cancel')}</button>
          <button type="button" className="primary" disabled={busy || !path.trim()} onClick={() => void submit()}>
            {busy ? t('dialog.busy') : t('dialog.open')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label>
          <span>{t('dialog.path')}</span>
          <input autoFocus value={path} placeholder={t('dialog.pathPlaceholder')} onChange={(e) => setPath(e.target.value)} data-testid="open-path" />
        </label>
      </form>
    </Modal>
  );
}

export interface CreateRequest {
  path: string;
  name: string;
  srid: number;
}

export function CreateWorkspaceDialog({
  canBrowse,
  onBrowse,
  onCreate,
  onClose,
}: {
  canBrowse: boolean;
  onBrowse: () => Promise<string | null>;
  onCreate: (request: CreateRequest) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [srid, setSrid] = useState('4528');
  const [busy, setBusy] = useState(false);
  const sridNumber = Number(srid);
  const valid = path.trim() !== '' && name.trim() !== '' && Number.isInteger(sridNumber) && sridNumber > 0;
  const submit = async () => {
    if (!valid) return;
    setBusy(true);
    const ok = await onCreate({ path: path.trim(), name: name.trim(), srid: sridNumber });
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Modal
      title={t('dialog.createTitle')}
      onClose={onClose}
      testId="create-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.cancel')}</button>
          <button type="button" className="primary" disabled={busy || !valid} onClick={() => void submit()}>
            {busy ? t('dialog.busy') : t('dialog.create')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label>
          <span>{t('dialog.path')}</span>
          <span className="input-with-button">
            <input autoFocus value={path} placeholder={t('dialog.pathPlaceholder')} onChange={(e) => setPath(e.target.value)} />
            {canBrowse && (
              <button type="button" onClick={() => void onBrowse().then((p) => p && setPath(p))}>
                {t('dialog.browse')}
              </button>
            )}
          </span>
        </label>
        <label>
          <span>{t('dialog.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          <span>{t('dialog.srid')}</span>
          <input value={srid} inputMode="numeric" onChange={(e) => setSrid(e.target.value.replace(/\D/g, ''))} />
          <small className="muted">{t('dialog.sridHint')}</small>
        </label>
      </form>
    </Modal>
  );
}
