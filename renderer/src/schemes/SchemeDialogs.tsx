// Dialogs of the scheme menu: a new draft (from any scheme) or a duplicate, rename with a note, delete (confirmed),
// export as a package (the whole scheme or only its changes against its parent), import a package as a draft.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchemeInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import type { PackageSummary } from '../../../shared/contract/schemes.js';
import { useClient } from '../api/ClientContext.js';
import { fileSafe, siblingPath } from '../compare/CompareExportDialog.js';
import { Modal } from '../panels/Modal.js';
import { useAppInfo } from '../state/app-info.js';
import { useReportError } from '../state/errors.js';

export interface SchemeForm {
  fromId: number;
  name: string;
  note: string;
}

export function SchemeFormDialog({ mode, schemes, initial, onSubmit, onClose }: {
  mode: 'create' | 'edit';
  schemes: readonly SchemeInfo[];
  initial: SchemeForm;
  onSubmit: (form: SchemeForm, switchTo: boolean) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const [switchTo, setSwitchTo] = useState(true);
  const [busy, setBusy] = useState(false);
  const valid = form.name.trim().length > 0 && form.name.trim().length <= 80;
  const submit = async () => {
    if (!valid) return;
    setBusy(true);
    const ok = await onSubmit(form, switchTo);
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Modal
      title={mode === 'create' ? t('schemes.newTitle') : t('schemes.renameTitle')}
      onClose={onClose}
      testId="scheme-form"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.cancel')}</button>
          <button type="button" className="primary" disabled={busy || !valid} onClick={() => void submit()} data-testid="scheme-form-submit">
            {busy ? t('dialog.busy') : mode === 'create' ? t('dialog.create') : t('dialog.ok')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {mode === 'create' && (
          <label>
            <span>{t('schemes.basedOn')}</span>
            <select value={form.fromId} onChange={(e) => setForm({ ...form, fromId: Number(e.target.value) })} data-testid="scheme-form-from">
              {schemes.map((s) => (
                <option key={s.id} value={s.id}>{s.name}{s.isBaseline ? ` (${t('schemes.baselineTag')})` : ''}</option>
              ))}
            </select>
            <small className="muted">{t('schemes.basedOnHint')}</small>
          </label>
        )}
        <label>
          <span>{t('dialog.name')}</span>
          <input autoFocus value={form.name} maxLength={80} placeholder={t('schemes.namePlaceholder')} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="scheme-form-name" />
        </label>
        <label>
          <span>{t('schemes.note')}</span>
          <textarea rows={3} value={form.note} maxLength={2000} placeholder={t('schemes.notePlaceholder')} onChange={(e) => setForm({ ...form, note: e.target.value })} data-testid="scheme-form-note" />
        </label>
        {mode === 'create' && (
          <label className="radio">
            <input type="checkbox" checked={switchTo} onChange={(e) => setSwitchTo(e.target.checked)} data-testid="scheme-form-switch" />
            {t('schemes.switchAfterCreate')}
          </label>
        )}
      </form>
    </Modal>
  );
}

export function ConfirmDeleteDialog({ scheme, fallback, onConfirm, onClose }: {
  scheme: SchemeInfo;
  /** Where the map goes first (the scheme in use cannot be deleted). */
  fallback: SchemeInfo | null;
  onConfirm: (fallbackId: number) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      title={t('schemes.deleteTitle', { name: scheme.name })}
      onClose={onClose}
      tone="error"
      testId="scheme-delete-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.cancel')}</button>
          <button
            type="button"
            className="primary danger"
            disabled={busy || !fallback}
            onClick={async () => {
              setBusy(true);
              const ok = await onConfirm(fallback!.id);
              setBusy(false);
              if (ok) onClose();
            }}
            data-testid="scheme-delete-confirm"
          >
            {busy ? t('dialog.busy') : t('schemes.delete')}
          </button>
        </>
      }
    >
      <p>{t('schemes.deleteText', { name: scheme.name, count: scheme.editCount })}</p>
      {fallback && <p className="muted small">{t('schemes.deleteSwitch', { name: fallback.name })}</p>}
    </Modal>
  );
}

function PathField({ value, onChange, testId, placeholder }: { value: string; onChange: (v: string) => void; testId: string; placeholder?: string }) {
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
          <button type="button" onClick={() => void client.api['workspace.pickPath']({ mode: 'save' }).then((p) => p && onChange(p), report)}>{t('dialog.browse')}</button>
        )}
      </span>
    </label>
  );
}

export function ExportPackageDialog({ info, scheme, onClose }: { info: WorkspaceInfo; scheme: SchemeInfo; onClose: () => void }) {
  const { t } = useTranslation();
  const { api } = useClient();
  const report = useReportError();
  const canChanges = scheme.parentId !== null;
  const suggested = (changes: boolean) => siblingPath(info.path, `方案-${fileSafe(scheme.name)}${changes ? '-修改' : ''}`, 'gpkg');
  const [onlyChanges, setOnlyChanges] = useState(canChanges);
  const [path, setPath] = useState(suggested(canChanges));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<PackageSummary | null>(null);
  const choose = (changes: boolean) => {
    if (path === suggested(onlyChanges)) setPath(suggested(changes));
    setOnlyChanges(changes);
    setDone(null);
  };
  const submit = async () => {
    setBusy(true);
    try {
      setDone(await api['schemes.exportPackage']({ id: scheme.id, onlyChanges, path: path.trim() }));
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t('schemes.exportTitle', { name: scheme.name })}
      onClose={onClose}
      testId="scheme-export-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.close')}</button>
          <button type="button" className="primary" disabled={busy || !path.trim()} onClick={() => void submit()} data-testid="scheme-export-submit">
            {busy ? t('dialog.busy') : t('schemes.export')}
          </button>
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <fieldset className="format-choice">
          <legend>{t('schemes.exportWhat')}</legend>
          <label className="radio">
            <input type="radio" name="what" checked={!onlyChanges} onChange={() => choose(false)} data-testid="scheme-export-whole" />
            {t('schemes.exportWhole')}
          </label>
          <label className="radio" title={canChanges ? '' : t('schemes.noParent')}>
            <input type="radio" name="what" disabled={!canChanges} checked={onlyChanges} onChange={() => choose(true)} data-testid="scheme-export-changes" />
            {t('schemes.exportChanges')}
          </label>
        </fieldset>
        <PathField value={path} onChange={(p) => { setPath(p); setDone(null); }} testId="scheme-export-path" />
        <p className="muted small">{t('schemes.exportHint')}</p>
        {done && (
          <p className="export-done" data-testid="scheme-export-done">
            ✓ {t('schemes.exportDone', { path: done.path, layers: done.layers.length })}
          </p>
        )}
      </form>
    </Modal>
  );
}

export function ImportPackageDialog({ onSwitch, onClose }: { onSwitch: (id: number) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const { api } = useClient();
  const report = useReportError();
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<SchemeInfo | null>(null);
  const submit = async () => {
    setBusy(true);
    try {
      setDone(await api['schemes.importPackage']({ path: path.trim(), ...(name.trim() ? { name: name.trim() } : {}) }));
    } catch (e) {
      report(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t('schemes.importTitle')}
      onClose={onClose}
      testId="scheme-import-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>{t('dialog.close')}</button>
          {done ? (
            <button type="button" className="primary" onClick={() => { onSwitch(done.id); onClose(); }} data-testid="scheme-import-switch">
              {t('schemes.switchToNew', { name: done.name })}
            </button>
          ) : (
            <button type="button" className="primary" disabled={busy || !path.trim()} onClick={() => void submit()} data-testid="scheme-import-submit">
              {busy ? t('dialog.busy') : t('schemes.import')}
            </button>
          )}
        </>
      }
    >
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <PathField value={path} onChange={setPath} testId="scheme-import-path" placeholder={t('schemes.importPlaceholder')} />
        <label>
          <span>{t('schemes.importName')}</span>
          <input value={name} maxLength={80} placeholder={t('schemes.importNamePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="scheme-import-name" />
        </label>
        <p className="muted small">{t('schemes.importHint')}</p>
        {done && <p className="export-done" data-testid="scheme-import-done">✓ {t('schemes.importDone', { name: done.name })}</p>}
      </form>
    </Modal>
  );
}
