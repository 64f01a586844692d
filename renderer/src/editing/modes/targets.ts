// Which features a tool acts on: the selection of the edited layer, or the feature under a click.
import type { SnapExclude } from '../../../../shared/contract/editing.js';
import type { EditingHost } from '../host.js';
import type { FeatureRef, ScreenPoint } from '../types.js';

/** Selected features of the edited layer. */
export function selectedInEditLayer(host: EditingHost): FeatureRef[] {
  const layerId = host.settings().layerId;
  return host.selection().filter((r) => r.layerId === layerId);
}

/** The one selected feature of the edited layer, or null (none, or several). */
export function singleTarget(host: EditingHost): FeatureRef | null {
  const s = selectedInEditLayer(host);
  return s.length === 1 ? s[0]! : null;
}

/** The single target, else the feature of the edited layer under the point (which becomes the selection). */
export async function targetAt(host: EditingHost, point: ScreenPoint): Promise<FeatureRef | null> {
  const picked = await host.pickFeature(point, 'edit');
  if (picked) host.setSelection([picked]);
  return picked;
}

export const sameRef = (a: FeatureRef, b: FeatureRef) => a.layerId === b.layerId && a.fid === b.fid;

export function toggleRef(list: readonly FeatureRef[], ref: FeatureRef): FeatureRef[] {
  return list.some((r) => sameRef(r, ref)) ? list.filter((r) => !sameRef(r, ref)) : [...list, ref];
}

/** Features an edit created or changed in the edited layer, to select afterwards. */
export function resultRefs(result: { changes: { layerId: number; created: number[]; updated: number[] }[] }, layerId: number | null): FeatureRef[] {
  const out: FeatureRef[] = [];
  for (const c of result.changes) {
    if (c.layerId !== layerId) continue;
    for (const fid of [...c.updated, ...c.created]) out.push({ layerId: c.layerId, fid });
  }
  return out;
}

/** Features as a snap exclusion (snap.query's `exclude`), grouped by layer. */
export function excludeFeatures(refs: readonly FeatureRef[]): SnapExclude {
  const byLayer = new Map<number, number[]>();
  for (const r of refs) {
    const fids = byLayer.get(r.layerId) ?? [];
    fids.push(r.fid);
    byLayer.set(r.layerId, fids);
  }
  return { features: [...byLayer].map(([layerId, fids]) => ({ layerId, fids })) };
}
