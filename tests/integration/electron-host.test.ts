// The Electron host cannot start here (no Electron binary), so it runs against a stand-in 'electron' module:
// this proves the wiring (preload exposes only the contract; IPC goes through the shared dispatch) with the real core.
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';

const nodeRequire = createRequire(import.meta.url);
const dist = path.resolve(__dirname, '../../dist/main');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

function withFakeElectron<T>(fake: unknown, load: () => T): T {
  const original = (Module as unknown as { _load: (r: string, ...a: unknown[]) => unknown })._load;
  (Module as unknown as { _load: unknown })._load = function (request: string, ...rest: unknown[]) {
    if (request === 'electron') return fake;
    return original.call(this, request, ...rest);
  };
  try {
    return load();
  } finally {
    (Module as unknown as { _load: unknown })._load = original;
  }
}

describe('Electron host wiring', () => {
  it('preload exposes exactly invoke, on and pathForFile, and on() only delivers its own event', () => {
    let exposed: Record<string, (...a: unknown[]) => unknown> = {};
    const listeners: ((e: unknown, m: unknown) => void)[] = [];
    const fake = {
      contextBridge: { exposeInMainWorld: (name: string, api: typeof exposed) => { expect(name).toBe('sanxian'); exposed = api; } },
      ipcRenderer: {
        invoke: (channel: string, method: string, input: unknown) => Promise.resolve({ channel, method, input }),
        on: (_c: string, l: (e: unknown, m: unknown) => void) => listeners.push(l),
        removeListener: (_c: string, l: (e: unknown, m: unknown) => void) => listeners.splice(listeners.indexOf(l), 1),
      },
      // Dropped or chosen files: Electron's File has no path any more; webUtils gives it (import, docs/import-export.md).
      webUtils: { getPathForFile: (f: { name: string }) => `/home/user/${f.name}` },
    };
    withFakeElectron(fake, () => nodeRequire(path.join(dist, 'preload.cjs')));
    expect(Object.keys(exposed).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(exposed.pathForFile!({ name: 'DLTB.shp' })).toBe('/home/user/DLTB.shp');
    const got: unknown[] = [];
    const off = exposed.on!('job.progress', (p: unknown) => got.push(p)) as () => void;
    listeners.forEach((l) => l(null, { event: 'workspace.changed', payload: 1 }));
    listeners.forEach((l) => l(null, { event: 'job.progress', payload: 2 }));
    off();
    listeners.forEach((l) => l(null, { event: 'job.progress', payload: 3 }));
    expect(got).toEqual([2]);
  });

  it('main registers one IPC handler that serves the contract with the real core', async () => {
    const handlers = new Map<string, (...a: unknown[]) => Promise<unknown>>();
    let loaded = '';
    class BrowserWindow {
      webContents = { send: () => undefined };
      constructor(readonly opts: { webPreferences: { preload: string; contextIsolation: boolean; sandbox: boolean; nodeIntegration: boolean } }) {
        expect(opts.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      }
      loadFile(f: string) { loaded = f; return Promise.resolve(); }
    }
    const fake = {
      app: { whenReady: () => Promise.resolve(), getPath: () => tmp.file('userData'), on: () => undefined, quit: () => undefined, exit: () => undefined },
      BrowserWindow,
      dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }), showErrorBox: (t: string, m: string) => { throw new Error(`${t}: ${m}`); } },
      ipcMain: { handle: (channel: string, fn: (...a: unknown[]) => Promise<unknown>) => handlers.set(channel, fn) },
      Menu: { setApplicationMenu: () => undefined, buildFromTemplate: (t: unknown) => t },
    };
    withFakeElectron(fake, () => nodeRequire(path.join(dist, 'electron.cjs')));
    await new Promise((r) => setTimeout(r, 200));
    expect([...handlers.keys()]).toEqual(['sanxian:invoke']);
    const invoke = handlers.get('sanxian:invoke')!;
    const info = (await invoke(null, 'app.info', {})) as { ok: boolean; result: { host: string; canPickFiles: boolean } };
    expect(info).toMatchObject({ ok: true, result: { host: 'electron', canPickFiles: true } });
    const bad = (await invoke(null, 'workspace.open', { path: tmp.file('missing.sqlite') })) as { ok: boolean; error: { code: string } };
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await invoke(null, 'workspace.pickPath', { mode: 'open' })) as object).toEqual({ ok: true, result: null });
    expect(loaded).toMatch(/dist[\\/]renderer[\\/]index\.html$/);
  });
});
