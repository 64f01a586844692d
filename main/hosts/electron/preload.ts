// Exposes exactly the contract to the renderer: invoke(method, input) and on(event, listener).
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('sanxian', {
  invoke: (method: string, input: unknown) => ipcRenderer.invoke('sanxian:invoke', method, input),
  on: (event: string, listener: (payload: unknown) => void) => {
    const handler = (_e: unknown, msg: { event: string; payload: unknown }) => {
      if (msg.event === event) listener(msg.payload);
    };
    ipcRenderer.on('sanxian:event', handler);
    return () => ipcRenderer.removeListener('sanxian:event', handler);
  },
});
