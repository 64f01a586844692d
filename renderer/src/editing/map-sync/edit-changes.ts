// Between an edit and the map: what each edit step changed per layer and revision, so the geometry cache can patch
// the layer it already holds (its revision before the step + the step's changes = the new revision) instead of refetching it. Main's
// `workspace.changed` event may arrive before the edit's own answer; the cache therefore waits for edits in flight
// before deciding between a patch and a full fetch.
import type { EditResult } from '../../../../shared/contract/editing.js';
import type { LayerGeometry, LayerInfo } from '../../../../shared/contract/schemas.js';
import type { WorkbenchClient } from '../../api/client.js';
import { patchLayerGeometry, type LayerChangeSet } from './patch-geometry.js';

/** Edit calls on their way, with when each was sent. */
const inFlight = new Map<Promise<unknown>, number>();
/** What a step changed, and the revision it started from (revisions come from one workspace-wide sequence). */
const changes = new Map<string, RecordedChange>();

/** What a step changed in a layer: fids (for whole layers), boxes (for tiled ones), and the revision it started from. */
export type RecordedChange = LayerChangeSet & { fromRevision: number | undefined; boxes?: [number, number, number, number][] };
const keyOf = (workspaceKey: string | null, layerId: number, revision: number) => `${workspaceKey}|${layerId}|${revision}`;

/** How layer geometry was brought up to date (read by the e2e tests through the editing test hook). */
export const geometryLoadStats = { full: 0, patched: 0 };

/** Registers an edit call; the geometry cache waits for it before fetching a layer whose revision moved. */
export function trackEdit<T>(call: Promise<T>): Promise<T> {
  inFlight.set(call, performance.now());
  const done = () => inFlight.delete(call);
  call.then(done, done);
  return call;
}

export async function settleEdits(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight.keys()]);
}

/** How long the oldest edit on its way has been (0: none). */
export function editPendingMs(): number {
  let oldest = Infinity;
  for (const sent of inFlight.values()) oldest = Math.min(oldest, sent);
  return oldest === Infinity ? 0 : performance.now() - oldest;
}

/**
 * Remembers what an edit step changed, under each changed layer's new revision, with the revision each layer had
 * before the step (`before`: the layers as the map saw them when the step was sent). Revisions are unique across
 * the workspace's tables and schemes, so the previous revision is not simply one less.
 */
export function recordChanges(workspaceKey: string | null, result: EditResult, before?: ReadonlyMap<number, number>): void {
  for (const change of result.changes) {
    const layer = result.layers.find((l) => l.id === change.layerId);
    if (!layer) continue;
    changes.set(keyOf(workspaceKey, change.layerId, layer.revision), {
      // Main says which revision the step started from; the map's own record is the fallback.
      fromRevision: change.fromRevision ?? before?.get(change.layerId),
      removed: [...change.updated, ...change.deleted],
      upserted: [...change.created, ...change.updated],
      ...(change.boxes ? { boxes: change.boxes } : {}),
    });
  }
  // Keep the map small: a change is only useful until its revision has been loaded.
  while (changes.size > 200) changes.delete(changes.keys().next().value!);
}

/** The change that led to this revision, left in place (a tiled layer's tiles, in every map that shows the layer). */
export function peekChange(workspaceKey: string | null, layerId: number, revision: number): RecordedChange | undefined {
  return changes.get(keyOf(workspaceKey, layerId, revision));
}

export function takeChange(workspaceKey: string | null, layerId: number, revision: number): RecordedChange | undefined {
  const key = keyOf(workspaceKey, layerId, revision);
  const change = changes.get(key);
  changes.delete(key);
  return change;
}

/**
 * The layer's geometry at its current revision: the previous revision's geometry patched with the step's changes
 * when both are known, else the whole layer from main.
 */
export async function loadLayerGeometry(
  client: WorkbenchClient,
  workspaceKey: string | null,
  layer: Pick<LayerInfo, 'id' | 'revision'>,
  previous: (revision: number) => Promise<LayerGeometry> | undefined,
): Promise<LayerGeometry> {
  await settleEdits();
  const change = takeChange(workspaceKey, layer.id, layer.revision);
  const base = change?.fromRevision !== undefined ? previous(change.fromRevision) : undefined;
  if (change && base) {
    try {
      const [geometry, added] = await Promise.all([
        base,
        change.upserted.length ? client.api['layers.featuresGeometry']({ layerId: layer.id, fids: change.upserted }) : Promise.resolve(null),
      ]);
      const patched = patchLayerGeometry(geometry, new Set(change.removed), added);
      geometryLoadStats.patched++;
      return patched;
    } catch (e) {
      console.warn(`layer ${layer.id}: patching after an edit failed, fetching the whole layer`, e);
    }
  }
  geometryLoadStats.full++;
  return client.api['layers.geometry']({ layerId: layer.id });
}
