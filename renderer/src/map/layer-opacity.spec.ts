import { describe, expect, it } from 'vitest';
import { deckOpacity } from './layer-opacity.js';

describe('deckOpacity', () => {
  it('cancels deck.gl’s 1/2.2 gamma so the painted alpha is the style’s alpha', () => {
    for (const alpha of [0, 0.14, 0.35, 0.85, 1]) expect(deckOpacity(alpha) ** (1 / 2.2)).toBeCloseTo(alpha, 12);
    expect(deckOpacity(1.5)).toBe(1);
  });
});
