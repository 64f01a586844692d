import { describe, expect, it } from 'vitest';
import { exactAt, FakeHost, lonLatAt } from '../testing/fake-host.js';
import { measure } from './measure.behavior.js';

describe('measure', () => {
  const host = new FakeHost();
  const planar = (v: Parameters<FakeHost['planar']>[0]) => host.planar(v);

  it('measures a line', () => {
    const m = measure([lonLatAt(0, 0), lonLatAt(30, 40)], false, planar);
    expect(m.lengthM).toBeCloseTo(50, 6);
    expect(m.areaM2).toBeNull();
  });

  it('measures a ring: perimeter with the closing edge, and area', () => {
    const m = measure([exactAt(0, 0), lonLatAt(100, 0), lonLatAt(100, 50), exactAt(0, 50)], true, planar);
    expect(m.lengthM).toBeCloseTo(300, 6);
    expect(m.areaM2).toBeCloseTo(5000, 6);
  });

  it('has nothing to say without vertices or without a projection', () => {
    expect(measure([], true, planar)).toEqual({ lengthM: null, areaM2: null });
    expect(measure([lonLatAt(0, 0), lonLatAt(1, 1)], true, () => null)).toEqual({ lengthM: null, areaM2: null });
  });
});
