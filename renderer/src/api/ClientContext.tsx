import { createContext, useContext, type ReactNode } from 'react';
import type { WorkbenchClient } from './client.js';

const ClientContext = createContext<WorkbenchClient | null>(null);

export function ClientProvider({ client, children }: { client: WorkbenchClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): WorkbenchClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientProvider');
  return client;
}
