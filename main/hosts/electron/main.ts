// Electron host: a window, a preload that exposes only the contract, and the IPC binding. This folder is the only
// place that imports 'electron' (enforced by eslint).
import { app, BrowserWindow, dialog, ipcMain, Menu } from 'electron';
import path from 'node:path';
import { Workbench } from '../../core/service.js';
import { appVersion, bundledSamplePath, rendererDir } from '../../core/paths.js';
import { dispatch } from '../dispatch.js';

let win: BrowserWindow | null = null;

async function pickPath(mode: 'open' | 'save'): Promise<string | null> {
  const filters = [{ name: 'SpatiaLite 工作空间', extensions: ['sqlite', 'db'] }];
  if (mode === 'open') {
    const r = await dialog.showOpenDialog(win!, { properties: ['openFile'], filters });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  }
  const r = await dialog.showSaveDialog(win!, { filters });
  return r.canceled ? null : (r.filePath ?? null);
}

async function main(): Promise<void> {
  await app.whenReady();
  const workbench = new Workbench({
    host: 'electron', version: appVersion(), bundledSamplePath: bundledSamplePath(),
    stateDir: app.getPath('userData'), pickPath,
  });
  ipcMain.handle('sanxian:invoke', (_e, method: string, input: unknown) => dispatch(workbench.api, method, input));
  workbench.on((event, payload) => win?.webContents.send('sanxian:event', { event, payload }));
  const argPath = process.argv.slice(1).find((a) => a.endsWith('.sqlite'));
  if (argPath) workbench.open(argPath);

  Menu.setApplicationMenu(Menu.buildFromTemplate([
    { role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' },
  ]));
  win = new BrowserWindow({
    width: 1440, height: 900, title: '三线工作台 Sanxian Workbench',
    webPreferences: { preload: path.join(__dirname, 'preload.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  await win.loadFile(path.join(rendererDir(), 'index.html'));
  app.on('window-all-closed', async () => {
    await workbench.dispose();
    app.quit();
  });
}

main().catch((e) => {
  dialog.showErrorBox('三线工作台 Sanxian Workbench', String((e as Error).stack ?? e));
  app.exit(1);
});
