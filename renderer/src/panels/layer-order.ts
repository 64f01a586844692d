import type { LayerInfo } from '../../../shared/contract/schemas.js';
import { LAYER_KINDS, type LayerKindDef } from '../../../shared/domain/layer-kinds.js';

export type LayerGroup = LayerKindDef['group'];
export const GROUP_ORDER: readonly LayerGroup[] = ['control_lines', 'protection', 'reference', 'admin', 'consolidation', 'user'];

export const groupOf = (layer: Pick<LayerInfo, 'kind'>): LayerGroup => LAYER_KINDS[layer.kind]?.group ?? 'user';

/**
 * The panel shows layers grouped, so "up" means above the previous layer of the same group: swap the two in the
 * global top-first order and leave every other layer where it is. Returns null when there is nothing to swap with.
 */
export function moveWithinGroup(topFirst: readonly LayerInfo[], layerId: number, direction: -1 | 1): number[] | null {
  const ids = topFirst.map((l) => l.id);
  const at = ids.indexOf(layerId);
  const layer = topFirst[at];
  if (!layer) return null;
  const group = groupOf(layer);
  for (let other = at + direction; other >= 0 && other < topFirst.length; other += direction) {
    const candidate = topFirst[other]!;
    if (groupOf(candidate) !== group) continue;
    ids[at] = candidate.id;
    ids[other] = layerId;
    return ids;
  }
  return null;
}
