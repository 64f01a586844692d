import { unwrapEnvelope } from './envelope.js';
import type { Transport } from './transport.js';

/** What the preload script exposes as window.sanxian. */
export interface SanxianBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
  pathForFile?(file: File): string;
}

export function electronTransport(bridge: SanxianBridge, eventNames: readonly string[]): Transport {
  return {
    async call(method, input) {
      return unwrapEnvelope(method, await bridge.invoke(method, input));
    },
    subscribe(listener) {
      // The preload bridge subscribes per event name; fan all of them into one listener.
      const offs = eventNames.map((name) => bridge.on(name, (payload) => listener(name, payload)));
      return () => offs.forEach((off) => off());
    },
    async filePaths(files) {
      if (!bridge.pathForFile) throw new Error('this window cannot read file paths');
      return files.map((f) => bridge.pathForFile!(f));
    },
  };
}
