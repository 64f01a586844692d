import { describe, expect, it } from 'vitest';
import { FakeHost, lonLatAt } from '../testing/fake-host.js';
import { ClosingBehavior } from './closing.behavior.js';
import { PixelDistanceBehavior, pixelDistance } from './pixel-distance.behavior.js';

describe('ClosingBehavior and PixelDistanceBehavior', () => {
  const pixels = new PixelDistanceBehavior(new FakeHost());
  const closing = new ClosingBehavior(pixels);
  const ring = [lonLatAt(0, 0), lonLatAt(100, 0), lonLatAt(100, 100)];

  it('measures pixels between a map position and a screen point', () => {
    expect(pixelDistance({ x: 0, y: 0 }, { x: 3, y: 4 })).toBe(5);
    expect(pixels.measure(lonLatAt(10, 10), { x: 13, y: 14 })).toBeCloseTo(5, 6);
    expect(pixels.nearest(ring, { x: 98, y: 3 }, 10)).toBe(1);
    expect(pixels.nearest(ring, { x: 50, y: 50 }, 10)).toBe(-1);
  });

  it('closes on the first vertex once there are three', () => {
    expect(closing.closes(ring, { x: 3, y: 2 })).toBe(true);
    expect(closing.closes(ring.slice(0, 2), { x: 3, y: 2 })).toBe(false);
    expect(closing.closes(ring, { x: 30, y: 2 })).toBe(false);
  });

  it('treats a click on the last vertex as a repeat', () => {
    expect(closing.repeats(ring, { x: 101, y: 101 })).toBe(true);
    expect(closing.repeats(ring, { x: 110, y: 100 })).toBe(false);
    expect(closing.repeats([], { x: 0, y: 0 })).toBe(false);
  });
});
