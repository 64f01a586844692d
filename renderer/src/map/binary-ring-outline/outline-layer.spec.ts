import { describe, expect, it } from 'vitest';
import { outlineLayerData } from './outline-layer.js';

describe('outline mesh', () => {
  // Two closed rings: a triangle (3 segments) and a square (4 segments).
  const positions = new Float64Array([
    120, 31, 120.01, 31, 120, 31.01, 120, 31,
    120.1, 31.1, 120.2, 31.1, 120.2, 31.2, 120.1, 31.2, 120.1, 31.1,
  ]);
  const ringStarts = new Uint32Array([0, 4, 9]);
  const mesh = outlineLayerData({ positions, ringStarts });

  it('has one quad (two triangles) and one line per segment, none joining two rings', () => {
    expect(mesh.segments).toBe(7);
    expect(mesh.indices.length).toBe(42);
    expect(mesh.lineIndices.length).toBe(14);
    const lineStarts = [...mesh.lineIndices].filter((_, i) => i % 2 === 0).map((v) => v / 4);
    expect(lineStarts).toEqual([0, 1, 2, 4, 5, 6, 7]);
  });

  it('reads each segment end 4 vertices (32 bytes) after its start, at the next ring vertex', () => {
    for (const k of [0, 2, 4, 7]) {
      const start = [mesh.quads[8 * k]! + mesh.origin[0], mesh.quads[8 * k + 1]! + mesh.origin[1]];
      const end = [mesh.quads[8 * (k + 1)]! + mesh.origin[0], mesh.quads[8 * (k + 1) + 1]! + mesh.origin[1]];
      expect(start[0]).toBeCloseTo(positions[2 * k]!, 6);
      expect(start[1]).toBeCloseTo(positions[2 * k + 1]!, 6);
      expect(end[0]).toBeCloseTo(positions[2 * k + 2]!, 6);
      expect(end[1]).toBeCloseTo(positions[2 * k + 3]!, 6);
    }
    // The buffer holds 4 copies more than the vertices, so the last segment's end read stays inside it.
    expect(mesh.quads.length).toBe((9 + 1) * 8);
  });

  it('keeps positions within a few millimetres as float32 offsets from the middle of the data', () => {
    const metresPerDegree = 111_320;
    for (let i = 0; i < 9; i++) {
      const dx = (mesh.quads[8 * i]! + mesh.origin[0] - positions[2 * i]!) * metresPerDegree;
      expect(Math.abs(dx)).toBeLessThan(0.003);
    }
  });
});
