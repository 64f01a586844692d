// The maps mounted now, by name ('main', or the two of a compare view): what the meeting-room export captures and
// what the e2e tests probe (window.__sanxianMaps).
import type { SanxianTestHook } from './MapView.js';

export interface MapHandle {
  hook: SanxianTestHook;
  container(): HTMLElement | null;
  /** Puts the camera exactly there, at once (the meeting-room export puts it back after its pages). */
  setCamera(view: { longitude: number; latitude: number; zoom: number }): void;
}

const maps = new Map<string, MapHandle>();

export function registerMap(name: string, handle: MapHandle): () => void {
  maps.set(name, handle);
  const hooks = (window.__sanxianMaps ??= {});
  hooks[name] = handle.hook;
  return () => {
    if (maps.get(name) !== handle) return;
    maps.delete(name);
    if (hooks[name] === handle.hook) delete hooks[name];
  };
}

export function mountedMap(name: string): MapHandle | undefined {
  return maps.get(name);
}
