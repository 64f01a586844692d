// Browser mode: the same core served on 127.0.0.1 to the same renderer. Requests carry a per-run token (the URL
// printed at start), so other local users and web pages cannot drive the workbench.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeMessage } from '../../../shared/contract/codec.js';
import type { Workbench } from '../../core/service.js';
import { dispatch } from '../dispatch.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};
const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** A file to import, uploaded by the page (browser mode has no paths): shapefile parts can be large. */
const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;

export interface BrowserServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export async function startBrowserServer(workbench: Workbench, opts: { rendererDir: string; port?: number; token?: string }): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(18).toString('base64url');
  const tokenOk = (t: string | null | undefined) => {
    if (!t) return false;
    const a = Buffer.from(t), b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  // Files dropped on or chosen in the page are uploaded here, one folder per batch (a shapefile's .shp, .shx, .dbf,
  // .prj and .cpg land together), and imported from their path on this machine. Removed when the server closes.
  let uploads: string | null = null;
  const upload = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const batch = url.searchParams.get('batch') ?? '';
    const name = path.basename(url.searchParams.get('name') ?? '');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(batch) || !name || name.startsWith('.') || /[\x00-\x1f/\\]/.test(name)) {
      res.writeHead(400).end('bad upload name');
      return;
    }
    uploads ??= mkdtempSync(path.join(os.tmpdir(), 'sanxian-upload-'));
    const dir = path.join(uploads, batch);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    const out = createWriteStream(file);
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_UPLOAD_BYTES) { req.destroy(); out.destroy(); rmSync(file, { force: true }); }
    });
    req.pipe(out);
    out.on('finish', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: file })));
    out.on('error', (e) => res.writeHead(500).end(String(e)));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/upload') {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      if (!tokenOk(req.headers['x-sanxian-token'] as string | undefined)) return void res.writeHead(403).end('bad token');
      upload(req, res, url);
      return;
    }
    if (url.pathname.startsWith('/api/rpc/')) {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      if (!tokenOk(req.headers['x-sanxian-token'] as string | undefined)) return void res.writeHead(403).end('bad token');
      const method = decodeURIComponent(url.pathname.slice('/api/rpc/'.length));
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) req.destroy();
        else chunks.push(c);
      });
      req.on('end', async () => {
        let input: unknown;
        try {
          input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        } catch {
          return void res.writeHead(400).end('request body is not JSON');
        }
        const reply = await dispatch(workbench.api, method, input);
        const body = encodeMessage(reply);
        res.writeHead(200, { 'content-type': 'application/x-sanxian-frame', 'content-length': body.byteLength, 'cache-control': 'no-store' });
        res.end(body);
      });
      return;
    }
    serveStatic(opts.rendererDir, url.pathname, res);
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api/events' || !tokenOk(url.searchParams.get('token'))) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const unsubscribe = workbench.on((event, payload) => {
    const text = JSON.stringify({ event, payload });
    wss.clients.forEach((c: WebSocket) => c.readyState === c.OPEN && c.send(text));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    close: async () => {
      unsubscribe();
      wss.clients.forEach((c) => c.terminate());
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
      if (uploads) rmSync(uploads, { recursive: true, force: true });
    },
  };
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(root, rel);
  if (!file.startsWith(path.resolve(root) + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(existsSync(root) ? 'not found' : `renderer not built (${root}): run npm run build`);
    return;
  }
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}
