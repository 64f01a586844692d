// What the host can do (native file dialogs or not) and versions: asked once per client, shared by every panel.
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../api/client.js';

const requests = new WeakMap<WorkbenchClient, Promise<AppInfo>>();

export function useAppInfo(client: WorkbenchClient, report: (e: unknown) => void): AppInfo | null {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let request = requests.get(client);
    if (!request) {
      request = client.api['app.info']({});
      requests.set(client, request);
      request.catch(() => requests.delete(client));
    }
    let cancelled = false;
    request.then((i) => !cancelled && setInfo(i), (e: unknown) => !cancelled && report(e));
    return () => {
      cancelled = true;
    };
  }, [client, report]);
  return info;
}
