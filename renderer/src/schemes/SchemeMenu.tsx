// The scheme switcher in the top bar: the scheme the map shows and edits go to (基线 marked, 🔒 when locked), and a
// menu to switch (instant: the map refetches only the layers whose revision differs), make a draft from this or
// any scheme, rename it and add a note, duplicate, lock or unlock, delete, export it as a package (whole or only
// its changes), import a package as a new draft, bring another draft's changes into it, and compare.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SchemeInfo, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { useClient } from '../api/ClientContext.js';
import { useReportError } from '../state/errors.js';
import { ConfirmDeleteDialog, ExportPackageDialog, ImportPackageDialog, SchemeFormDialog, type SchemeForm } from './SchemeDialogs.js';
import { MergeDialog } from './MergeDialog.js';
import { LockIcon } from './icons.js';
import './schemes.css';

type Dialog =
  | { type: 'create'; initial: SchemeForm }
  | { type: 'edit' }
  | { type: 'delete' }
  | { type: 'export' }
  | { type: 'import' }
  | { type: 'merge' };

export interface SchemeMenuProps {
  info: WorkspaceInfo;
  /** The workspace as main answers after a switch. */
  onActivated: (info: WorkspaceInfo) => void;
  onCompare: () => void;
}

export function SchemeMenu({ info, onActivated, onCompare }: SchemeMenuProps) {
  const { t } = useTranslation();
  const { api } = useClient();
  const report = useReportError();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const current = info.scheme;
  const parentOf = (s: SchemeInfo) => info.schemes.find((p) => p.id === s.parentId);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const activate = useCallback(async (id: number) => {
    setOpen(false);
    if (id === info.scheme.id) return true;
    setBusy(true);
    try {
      onActivated(await api['schemes.activate']({ id }));
      return true;
    } catch (e) {
      report(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, [api, info.scheme.id, onActivated, report]);

  const act = (d: Dialog) => {
    setOpen(false);
    setDialog(d);
  };

  const toggleLock = async () => {
    setOpen(false);
    try {
      await api['schemes.update']({ id: current.id, locked: !current.locked });
    } catch (e) {
      report(e);
    }
  };

  const create = async (form: SchemeForm, switchTo: boolean) => {
    try {
      const made = await api['schemes.create']({ fromId: form.fromId, name: form.name.trim(), ...(form.note.trim() ? { note: form.note.trim() } : {}) });
      if (switchTo) await activate(made.id);
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  };

  return (
    <div className="dropdown scheme-menu" ref={ref}>
      <button
        type="button"
        className={`scheme-button${current.locked ? ' locked' : ''}`}
        aria-expanded={open}
        aria-haspopup="menu"
        title={current.note || t('schemes.switchHint')}
        onClick={() => setOpen((v) => !v)}
        data-testid="scheme-button"
        data-scheme-id={current.id}
        aria-busy={busy}
      >
        <span className="muted-on-dark">{t('schemes.label')}</span>
        <span className="scheme-name" data-testid="scheme-current">{current.name}</span>
        {current.isBaseline && <span className="scheme-tag">{t('schemes.baselineTag')}</span>}
        {current.locked && <span className="scheme-lock" title={t('schemes.lockedHint')} data-testid="scheme-locked"><LockIcon title={t('schemes.lockedHint')} /></span>}
        <span aria-hidden>▾</span>
      </button>
      {open && (
        <div className="dropdown-menu scheme-dropdown" role="menu" data-testid="scheme-dropdown">
          <div className="menu-section muted small">{t('schemes.switchTo')}</div>
          <ul className="scheme-list">
            {info.schemes.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  role="menuitemradio"
                  aria-checked={s.id === current.id}
                  className={s.id === current.id ? 'active' : ''}
                  onClick={() => void activate(s.id)}
                  data-testid={`scheme-item-${s.id}`}
                  title={s.note}
                >
                  <span className="scheme-item-line">
                    <span className="scheme-check">{s.id === current.id ? '●' : ''}</span>
                    <span className="scheme-item-name">{s.name}</span>
                    {s.isBaseline && <span className="scheme-tag">{t('schemes.baselineTag')}</span>}
                    {s.locked && <LockIcon title={t('schemes.locked')} />}
                  </span>
                  <span className="recent-path">
                    {s.isBaseline ? t('schemes.baselineHint') : t('schemes.draftOf', { parent: parentOf(s)?.name ?? '—' })}
                    {' · '}{t('schemes.edits', { count: s.editCount })}
                    {s.origin ? ` · ${t('schemes.importedFrom', { file: s.origin })}` : ''}
                    {s.note ? ` · ${s.note}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <div className="menu-sep" />
          <button type="button" role="menuitem" onClick={() => act({ type: 'create', initial: { fromId: current.id, name: '', note: '' } })} data-testid="scheme-new">
            ＋ {t('schemes.new')}
          </button>
          <button type="button" role="menuitem" onClick={() => act({ type: 'create', initial: { fromId: current.id, name: t('schemes.copyName', { name: current.name }), note: current.note } })} data-testid="scheme-duplicate">
            {t('schemes.duplicate')}
          </button>
          <button type="button" role="menuitem" onClick={() => act({ type: 'edit' })} data-testid="scheme-rename">
            ✎ {t('schemes.rename')}
          </button>
          <button type="button" role="menuitem" onClick={() => void toggleLock()} data-testid="scheme-lock">
            <LockIcon open={current.locked} /> {current.locked ? t('schemes.unlock') : t('schemes.lock')}
          </button>
          <button type="button" role="menuitem" disabled={current.isBaseline || current.locked} title={current.isBaseline ? t('schemes.cannotDeleteBaseline') : current.locked ? t('schemes.unlockToDelete') : ''} onClick={() => act({ type: 'delete' })} data-testid="scheme-delete">
            {t('schemes.delete')}
          </button>
          <div className="menu-sep" />
          <button type="button" role="menuitem" disabled={info.schemes.length < 2} onClick={() => act({ type: 'merge' })} data-testid="scheme-merge">
            ⤵ {t('schemes.merge')}
          </button>
          <button type="button" role="menuitem" disabled={info.schemes.length < 2} onClick={() => { setOpen(false); onCompare(); }} data-testid="scheme-compare">
            ⇆ {t('schemes.compare')}
          </button>
          <div className="menu-sep" />
          <button type="button" role="menuitem" onClick={() => act({ type: 'export' })} data-testid="scheme-export">
            ⇩ {t('schemes.exportPackage')}
          </button>
          <button type="button" role="menuitem" onClick={() => act({ type: 'import' })} data-testid="scheme-import">
            ⇧ {t('schemes.importPackage')}
          </button>
        </div>
      )}
      {dialog?.type === 'create' && (
        <SchemeFormDialog
          mode="create"
          schemes={info.schemes}
          initial={dialog.initial}
          onSubmit={create}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.type === 'edit' && (
        <SchemeFormDialog
          mode="edit"
          schemes={info.schemes}
          initial={{ fromId: current.id, name: current.name, note: current.note }}
          onSubmit={async (form) => {
            try {
              await api['schemes.update']({ id: current.id, name: form.name.trim(), note: form.note.trim() });
              return true;
            } catch (e) {
              report(e);
              return false;
            }
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.type === 'delete' && (
        <ConfirmDeleteDialog
          scheme={current}
          fallback={parentOf(current) ?? info.schemes.find((s) => s.isBaseline) ?? null}
          onConfirm={async (fallbackId) => {
            // The scheme in use cannot be deleted: switch to its parent first.
            if (!(await activate(fallbackId))) return false;
            try {
              await api['schemes.delete']({ id: current.id });
              return true;
            } catch (e) {
              report(e);
              return false;
            }
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.type === 'export' && <ExportPackageDialog info={info} scheme={current} onClose={() => setDialog(null)} />}
      {dialog?.type === 'import' && <ImportPackageDialog onSwitch={(id) => void activate(id)} onClose={() => setDialog(null)} />}
      {dialog?.type === 'merge' && <MergeDialog info={info} onClose={() => setDialog(null)} />}
    </div>
  );
}
