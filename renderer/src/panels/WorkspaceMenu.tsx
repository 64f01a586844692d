import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentWorkspace, WorkspaceInfo } from '../../../shared/contract/schemas.js';
import { useClient } from '../api/ClientContext.js';
import { useAppInfo } from '../state/app-info.js';
import { useReportError } from '../state/errors.js';
import { CreateWorkspaceDialog, OpenPathDialog, type CreateRequest } from './WorkspaceDialogs.js';

export interface WorkspaceMenuProps {
  /** Runs an open/create call and makes its result the current workspace; false when it failed (already reported). */
  adopt: (open: () => Promise<WorkspaceInfo>) => Promise<boolean>;
}

type DialogState = null | 'open' | 'create';

export function WorkspaceMenu({ adopt }: WorkspaceMenuProps) {
  const { t } = useTranslation();
  const client = useClient();
  const { api } = client;
  const report = useReportError();
  const [dialog, setDialog] = useState<DialogState>(null);
  const appInfo = useAppInfo(client, report);

  const openPath = useCallback((path: string) => adopt(() => api['workspace.open']({ path })), [adopt, api]);

  /** The native dialog first; a host without one (browser mode) answers null and we ask for a path in-app. */
  const pick = useCallback(
    async (mode: 'open' | 'save') => {
      try {
        return await api['workspace.pickPath']({ mode });
      } catch (e) {
        report(e);
        return null;
      }
    },
    [api, report],
  );

  const onOpen = async () => {
    const path = await pick('open');
    if (path) await openPath(path);
    else if (appInfo && !appInfo.canPickFiles) setDialog('open');
  };

  const onCreate = (request: CreateRequest) => adopt(() => api['workspace.create'](request));

  return (
    <nav className="workspace-menu" aria-label={t('menu.workspace')}>
      <button type="button" onClick={() => void onOpen()} data-testid="menu-open">
        {t('menu.open')}
      </button>
      <button type="button" onClick={() => setDialog('create')} data-testid="menu-create">
        {t('menu.create')}
      </button>
      <RecentMenu onOpen={(path) => void openPath(path)} />
      <button
        type="button"
        title={t('menu.sampleHint')}
        onClick={() => void adopt(() => api['workspace.openSample']({}))}
        data-testid="menu-sample"
      >
        {t('menu.sample')}
      </button>
      {dialog === 'open' && <OpenPathDialog onOpen={openPath} onClose={() => setDialog(null)} />}
      {dialog === 'create' && (
        <CreateWorkspaceDialog
          canBrowse={appInfo?.canPickFiles ?? false}
          onBrowse={() => pick('save')}
          onCreate={onCreate}
          onClose={() => setDialog(null)}
        />
      )}
    </nav>
  );
}

function RecentMenu({ onOpen }: { onOpen: (path: string) => void }) {
  const { t } = useTranslation();
  const { api } = useClient();
  const report = useReportError();
  const [recent, setRecent] = useState<RecentWorkspace[] | null>(null);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    api['workspace.recent']({}).then(setRecent, (e: unknown) => {
      setOpen(false);
      report(e);
    });
    const onDown = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open, api, report]);

  return (
    <div className="dropdown" ref={ref}>
      <button type="button" aria-expanded={open} onClick={() => setOpen((v) => !v)} data-testid="menu-recent">
        {t('menu.recent')} ▾
      </button>
      {open && (
        <ul className="dropdown-menu" role="menu">
          {recent?.length === 0 && <li className="muted small">{t('menu.recentEmpty')}</li>}
          {recent?.map((r) => (
            <li key={r.path} role="menuitem">
              <button
                type="button"
                title={r.path}
                onClick={() => {
                  setOpen(false);
                  onOpen(r.path);
                }}
              >
                <span className="recent-name">{r.name}</span>
                <span className="recent-path">{r.path}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
