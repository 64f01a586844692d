import { describe, expect, it } from 'vitest';
import type { LayerGeometry } from '../../../../shared/contract/schemas.js';
import { patchLayerGeometry } from './patch-geometry.js';

/** A layer of unit squares (one part, one ring, two triangles each) at x = fid, optionally a two-part feature. */
function layer(features: { fid: number; parts: number; style: string; label: string }[]): LayerGeometry {
  const positions: number[] = [];
  const partStarts: number[] = [];
  const partFeature: number[] = [];
  const ringStarts: number[] = [];
  const triangles: number[] = [];
  const styleKeys: string[] = [];
  const featureStyle: number[] = [];
  features.forEach((f, i) => {
    for (let p = 0; p < f.parts; p++) {
      const base = positions.length / 2;
      partStarts.push(base);
      partFeature.push(i);
      ringStarts.push(base);
      const x = f.fid * 10 + p * 3;
      positions.push(x, 0, x + 1, 0, x + 1, 1, x, 1, x, 0);
      triangles.push(base, base + 1, base + 2, base, base + 2, base + 3);
    }
    let s = styleKeys.indexOf(f.style);
    if (s < 0) s = styleKeys.push(f.style) - 1;
    featureStyle.push(s);
  });
  partStarts.push(positions.length / 2);
  ringStarts.push(positions.length / 2);
  return {
    layerId: 1,
    featureCount: features.length,
    fids: Float64Array.from(features.map((f) => f.fid)),
    positions: Float64Array.from(positions),
    partStarts: Uint32Array.from(partStarts),
    partFeature: Uint32Array.from(partFeature),
    ringStarts: Uint32Array.from(ringStarts),
    triangles: Uint32Array.from(triangles),
    styleKeys,
    featureStyle: Uint16Array.from(featureStyle),
    labelPositions: Float64Array.from(features.flatMap((f) => [f.fid, 0])),
    labels: features.map((f) => f.label),
  };
}

/** Feature fid → its rings as arrays and its triangles as coordinate triples, independent of the layout. */
function byFeature(g: LayerGeometry) {
  const out = new Map<number, { rings: number[][]; tris: number[][]; style: string; label: string | undefined }>();
  g.fids.forEach((fid, i) => out.set(fid, { rings: [], tris: [], style: g.styleKeys[g.featureStyle[i]!]!, label: g.labels[i] }));
  for (let p = 0; p < g.partFeature.length; p++) {
    const entry = out.get(g.fids[g.partFeature[p]!]!)!;
    for (let r = 0; r < g.ringStarts.length - 1; r++) {
      if (g.ringStarts[r]! >= g.partStarts[p]! && g.ringStarts[r]! < g.partStarts[p + 1]!) {
        entry.rings.push(Array.from(g.positions.subarray(g.ringStarts[r]! * 2, g.ringStarts[r + 1]! * 2)));
      }
    }
  }
  for (let t = 0; t < g.triangles.length; t += 3) {
    const v = g.triangles[t]!;
    const p = g.partStarts.findIndex((s, i) => i < g.partStarts.length - 1 && v >= s && v < g.partStarts[i + 1]!);
    const entry = out.get(g.fids[g.partFeature[p]!]!)!;
    entry.tris.push([0, 1, 2].flatMap((k) => [g.positions[g.triangles[t + k]! * 2]!, g.positions[g.triangles[t + k]! * 2 + 1]!]));
  }
  return out;
}

describe('patchLayerGeometry', () => {
  const base = layer([
    { fid: 1, parts: 1, style: '0101', label: 'a' },
    { fid: 2, parts: 2, style: '0201', label: 'b' },
    { fid: 3, parts: 1, style: '0101', label: 'c' },
  ]);

  it('removes features and appends new ones, keeping every other feature as it was', () => {
    const added = layer([{ fid: 2, parts: 1, style: '0702', label: 'b2' }, { fid: 9, parts: 1, style: '0101', label: 'n' }]);
    const patched = patchLayerGeometry(base, new Set([2]), added);
    expect(Array.from(patched.fids)).toEqual([1, 3, 2, 9]);
    expect(patched.featureCount).toBe(4);
    const before = byFeature(base);
    const after = byFeature(patched);
    expect(after.get(1)).toEqual(before.get(1));
    expect(after.get(3)).toEqual(before.get(3));
    expect(after.get(2)).toEqual(byFeature(added).get(2));
    expect(after.get(9)!.style).toBe('0101');
    expect(patched.styleKeys).toEqual(['0101', '0201', '0702']);
    expect(patched.partStarts[patched.partStarts.length - 1]).toBe(patched.positions.length / 2);
    expect(patched.ringStarts[patched.ringStarts.length - 1]).toBe(patched.positions.length / 2);
    expect(Array.from(patched.labelPositions)).toEqual([1, 0, 3, 0, 2, 0, 9, 0]);
  });

  it('deletes without adding, and equals the original when nothing changes', () => {
    const patched = patchLayerGeometry(base, new Set([1, 3]), null);
    expect(Array.from(patched.fids)).toEqual([2]);
    expect(byFeature(patched).get(2)).toEqual(byFeature(base).get(2));
    expect(patchLayerGeometry(base, new Set(), null)).toEqual(base);
  });
});
