import { describe, expect, it } from 'vitest';
import { KIND_COLORS, ringsBbox, vertexColorsByFeature } from './project-overlay.js';

describe('project overlay', () => {
  it('colours every vertex of every part by its feature', () => {
    // Feature fid 7 has parts 0 and 2, fid 9 part 1.
    const g = { positions: new Float64Array(9 * 2), partStarts: new Uint32Array([0, 3, 6, 9]), partFeature: new Uint32Array([0, 1, 0]), fids: new Float64Array([7, 9]) };
    const out = vertexColorsByFeature(g, (fid) => (fid === 7 ? KIND_COLORS.demolish! : KIND_COLORS.new_build!));
    const at = (v: number) => Array.from(out.subarray(v * 4, v * 4 + 4));
    for (const v of [0, 1, 2, 6, 7, 8]) expect(at(v)).toEqual([...KIND_COLORS.demolish!, 255]);
    for (const v of [3, 4, 5]) expect(at(v)).toEqual([...KIND_COLORS.new_build!, 255]);
  });
  it('bounds rings', () => {
    expect(ringsBbox([new Float64Array([1, 2, 3, 0, 2, 5, 1, 2])])).toEqual([1, 0, 3, 5]);
    expect(ringsBbox([])).toBeNull();
  });
});
