// Exposes exactly the contract to the renderer: invoke(method, input) and on(event, listener).
import { contextBridge, ipcRenderer, webUtils } from 'electron';

contextBridge.exposeInMainWorld('sanxian', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke('sanxian:invoke', method, input),
  on: (event: string, listener: (payload: unknown) => void) => {
    const handler = (_e: unknown, msg: { event: string; payload: unknown }) => {
      if (msg.event === event) listener(msg.payload);
    };
    ipcRenderer.on('sanxian:event', handler);
    return () => ipcRenderer.removeListener('sanxian:event', handler);
  },
  /** The path of a file dropped on or chosen in the window, to import it (Electron's File has no path any more). */
  pathForFile: (file: File) => webUtils.getPathForFile(file),
});
