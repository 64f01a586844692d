import { useCallback, useEffect, useState } from 'react';
import type { WorkspaceInfo } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';
import type { ErrorContextKind } from './errors.js';

export type WorkspaceStatus = 'loading' | 'ready' | 'none';

/** The open workspace: the current one at start-up, else the bundled sample, then whatever the menu opens. */
export function useWorkspace(client: WorkbenchClient, report: (e: unknown, kind?: ErrorContextKind) => void) {
  const [info, setInfo] = useState<WorkspaceInfo | null>(null);
  const [status, setStatus] = useState<WorkspaceStatus>('loading');

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const current = await client.api['workspace.current']({});
        const ws = current ?? (await client.api['workspace.openSample']({}));
        if (!cancelled) {
          setInfo(ws);
          setStatus('ready');
        }
      } catch (e) {
        if (!cancelled) {
          setStatus('none');
          report(e, 'open');
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [client, report]);

  // Another window or a finished job (import, generate) may change the workspace behind our back.
  useEffect(
    () =>
      client.on('workspace.changed', (ws) => {
        setInfo(ws);
        setStatus(ws ? 'ready' : 'none');
      }),
    [client],
  );

  /** Run an open/create call and adopt its result; errors go to the dialog, the old workspace stays. */
  const adopt = useCallback(
    async (open: () => Promise<WorkspaceInfo>) => {
      try {
        const ws = await open();
        setInfo(ws);
        setStatus('ready');
        return true;
      } catch (e) {
        report(e, 'open');
        return false;
      }
    },
    [report],
  );

  return { info, setInfo, status, adopt };
}
