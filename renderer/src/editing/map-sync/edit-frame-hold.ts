// After an edit of a big layer drawn from tiles the map draws nothing until the tiles it touched are here (at most
// EDIT_HOLD_MS, also while the edit itself is on its way): in software WebGL a frame of the old tiles holds the page
// for up to half a second, and the tile requests with it (docs/scale.md). MapView's `holdFrames`.
import { useCallback, useRef } from 'react';
import { EDIT_HOLD_MS, type TileSource } from '../../map/tiled-layer/tile-source.js';
import { editPendingMs } from './edit-changes.js';

export function useEditFrameHold(sources: ReadonlyMap<number, TileSource>, editLayerId: number | null): () => boolean {
  const latest = useRef({ sources, editLayerId });
  latest.current = { sources, editLayerId };
  return useCallback(() => {
    const { sources: held, editLayerId: layerId } = latest.current;
    const pending = editPendingMs();
    if (pending > 0 && pending < EDIT_HOLD_MS && layerId !== null && held.has(layerId)) return true;
    return [...held.values()].some((s) => s.followingEdit);
  }, []);
}
