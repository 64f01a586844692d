import { describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../../shared/contract/schemas.js';
import { moveWithinGroup } from './layer-order.js';

const layer = (id: number, kind: LayerInfo['kind']) => ({ id, kind }) as LayerInfo;
// top first: eco_redline(1), town(2), farmland(3), village(4)
const topFirst = [layer(1, 'eco_redline'), layer(2, 'town'), layer(3, 'permanent_farmland'), layer(4, 'village')];

describe('moveWithinGroup', () => {
  it('swaps with the neighbour of the same group, skipping other groups', () => {
    expect(moveWithinGroup(topFirst, 3, -1)).toEqual([3, 2, 1, 4]);
    expect(moveWithinGroup(topFirst, 2, 1)).toEqual([1, 4, 3, 2]);
  });

  it('returns null at the edge of the group', () => {
    expect(moveWithinGroup(topFirst, 1, -1)).toBeNull();
    expect(moveWithinGroup(topFirst, 4, 1)).toBeNull();
  });
});
