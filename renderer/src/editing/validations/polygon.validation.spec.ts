import { describe, expect, it } from 'vitest';
import { validateLine, validatePolygonRing, ValidationReasons } from './polygon.validation.js';

describe('polygon validation', () => {
  it('accepts a simple ring, either orientation', () => {
    expect(validatePolygonRing([[0, 0], [10, 0], [10, 10], [0, 10]])).toEqual({ valid: true });
    expect(validatePolygonRing([[0, 10], [10, 10], [10, 0], [0, 0]])).toEqual({ valid: true });
  });

  it('ignores repeated vertices and a closing repeat', () => {
    expect(validatePolygonRing([[0, 0], [10, 0], [10, 0], [10, 10], [0, 10], [0, 10], [0, 0]])).toEqual({ valid: true });
  });

  it('refuses fewer than three distinct vertices', () => {
    expect(validatePolygonRing([[0, 0], [1, 1]])).toMatchObject({ valid: false, reason: ValidationReasons.TooFewVertices });
    expect(validatePolygonRing([[0, 0], [1, 1], [1, 1]])).toMatchObject({ valid: false, reason: ValidationReasons.TooFewVertices });
  });

  it('finds a bow-tie and says where it crosses', () => {
    const r = validatePolygonRing([[0, 0], [10, 10], [10, 0], [0, 10]]);
    expect(r).toEqual({ valid: false, reason: ValidationReasons.SelfIntersection, position: [5, 5] });
  });

  it('finds a ring touching itself at a vertex', () => {
    const r = validatePolygonRing([[0, 0], [10, 0], [5, 5], [10, 10], [0, 10], [5, 0]]);
    expect(r).toMatchObject({ valid: false, reason: ValidationReasons.SelfIntersection });
  });

  it('refuses a ring without area', () => {
    expect(validatePolygonRing([[0, 0], [5, 0], [10, 0]])).toMatchObject({ valid: false });
  });

  it('checks lines for two distinct vertices', () => {
    expect(validateLine([[0, 0], [1, 0]])).toEqual({ valid: true });
    expect(validateLine([[0, 0], [0, 0]])).toMatchObject({ valid: false, reason: ValidationReasons.TooShort });
  });
});
