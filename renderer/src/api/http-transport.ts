// Browser mode: `sanxian serve` answers POST /api/rpc/<method> with a binary frame and pushes events over a WebSocket.
import { ContractError } from '../../../shared/contract/contract.js';
import { decodeMessage } from '../../../shared/contract/codec.js';
import { toContractError, unwrapEnvelope } from './envelope.js';
import type { Transport } from './transport.js';

export const FRAME_CONTENT_TYPE = 'application/x-sanxian-frame';
export const TOKEN_HEADER = 'X-Sanxian-Token';
const TOKEN_STORAGE_KEY = 'sanxian.token';

export interface HttpTransportOptions {
  /** Page origin, e.g. http://127.0.0.1:5173; RPC and event URLs are built from it. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  WebSocket?: typeof WebSocket;
}

/**
 * The serve command prints a URL with ?token=…; keep it in sessionStorage so a reload (which may drop the query once
 * we strip it from the address bar) still authenticates.
 */
export function resolveToken(location: Pick<Location, 'search'>, storage: Pick<Storage, 'getItem' | 'setItem'>): string | null {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

/** Reads an RPC response: a binary frame normally, but proxies and auth failures may answer with text or JSON. */
export async function readRpcResponse(method: string, response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes(FRAME_CONTENT_TYPE)) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return unwrapEnvelope(method, decodeMessage(bytes));
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object' && 'ok' in parsed) return unwrapEnvelope(method, parsed);
  const code = response.status === 401 || response.status === 403 ? 'UNAUTHORIZED' : `HTTP_${response.status}`;
  throw new ContractError(code, `${method}: HTTP ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 300)}` : ''}`);
}

export function eventsUrl(baseUrl: string, token: string): string {
  const url = new URL('api/events', withSlash(baseUrl));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.toString();
}

function withSlash(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

export function httpTransport(options: HttpTransportOptions): Transport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const WS = options.WebSocket ?? globalThis.WebSocket;
  const base = withSlash(options.baseUrl);

  return {
    async call(method, input) {
      let response: Response;
      try {
        response = await doFetch(new URL(`api/rpc/${method}`, base).toString(), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: options.token },
          body: JSON.stringify(input ?? {}),
        });
      } catch (e) {
        throw toContractError(e, 'NETWORK');
      }
      return readRpcResponse(method, response);
    },
    subscribe(listener) {
      return openEventSocket(WS, eventsUrl(base, options.token), listener);
    },
    async filePaths(files, onProgress) {
      const batch = `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      const total = files.reduce((s, f) => s + f.size, 0) || 1;
      let done = 0;
      const paths: string[] = [];
      for (const file of files) {
        const url = new URL('api/upload', base);
        url.searchParams.set('batch', batch);
        url.searchParams.set('name', file.name);
        let response: Response;
        try {
          response = await doFetch(url.toString(), { method: 'POST', headers: { [TOKEN_HEADER]: options.token }, body: file });
        } catch (e) {
          throw toContractError(e, 'NETWORK');
        }
        if (!response.ok) throw new ContractError(`HTTP_${response.status}`, `upload ${file.name}: HTTP ${response.status} ${await response.text()}`);
        paths.push(((await response.json()) as { path: string }).path);
        done += file.size;
        onProgress?.(done / total);
      }
      return paths;
    },
  };
}

/** One WebSocket that reconnects with back-off until unsubscribed; the server may restart or the laptop sleep. */
function openEventSocket(
  WS: typeof WebSocket,
  url: string,
  listener: (event: string, payload: unknown) => void,
): () => void {
  let socket: WebSocket | undefined;
  let closed = false;
  let retryMs = 500;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    socket = new WS(url);
    socket.onopen = () => {
      retryMs = 500;
    };
    socket.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        console.error('sanxian: ignoring a non-JSON event message');
        return;
      }
      const { event, payload } = (parsed ?? {}) as { event?: unknown; payload?: unknown };
      if (typeof event === 'string') listener(event, payload);
    };
    socket.onclose = () => {
      if (closed) return;
      timer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };
  connect();

  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    socket?.close();
  };
}
