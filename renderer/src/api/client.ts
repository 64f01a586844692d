// The renderer's single way to talk to main: typed calls validated against the contract, typed events.
import {
  events, methods, parseEvent, parseOutput,
  type EventListener, type EventName, type MethodName, type WorkbenchApi,
} from '../../../shared/contract/contract.js';
import { toContractError } from './envelope.js';
import { electronTransport, type SanxianBridge } from './electron-transport.js';
import { httpTransport, resolveToken } from './http-transport.js';
import type { Transport } from './transport.js';

export interface WorkbenchClient {
  api: WorkbenchApi;
  /** Paths (on the core's machine) of files dropped on or chosen in the page; see Transport.filePaths. */
  filePaths?: Transport['filePaths'];
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

declare global {
  interface Window {
    sanxian?: SanxianBridge;
  }
}

const EVENT_NAMES = Object.keys(events) as EventName[];

export function clientFromTransport(transport: Transport): WorkbenchClient {
  const api = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const method of Object.keys(methods) as MethodName[]) {
    api[method] = async (input: unknown) => parseOutput(method, await transport.call(method, input ?? {}));
  }

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let unsubscribeTransport: (() => void) | undefined;

  const dispatch = (event: string, raw: unknown) => {
    const set = listeners.get(event as EventName);
    if (!set || set.size === 0) return;
    let payload: unknown;
    try {
      payload = parseEvent(event as EventName, raw);
    } catch (e) {
      // A malformed event is a host bug; say so loudly rather than feed bad data to the UI.
      console.error(toContractError(e));
      return;
    }
    for (const l of set) l(payload);
  };

  return {
    api: api as unknown as WorkbenchApi,
    filePaths: transport.filePaths?.bind(transport),
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      // Open the transport's event stream lazily, once, for all listeners.
      unsubscribeTransport ??= transport.subscribe(dispatch);
      return () => {
        set.delete(listener as (payload: unknown) => void);
      };
    },
  };
}

/** Electron when the preload bridge is present, otherwise the browser-mode HTTP server that served this page. */
export function createClient(): WorkbenchClient {
  if (window.sanxian) return clientFromTransport(electronTransport(window.sanxian, EVENT_NAMES));
  const token = resolveToken(window.location, window.sessionStorage);
  if (token) stripTokenFromAddressBar();
  // The server mounts its API at the origin root (/api/rpc, /api/events), wherever the page itself is served from.
  return clientFromTransport(httpTransport({ baseUrl: window.location.origin, token: token ?? '' }));
}

/** The token stays in sessionStorage; keeping it out of the address bar keeps it out of screenshots and history. */
function stripTokenFromAddressBar() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.toString());
}
