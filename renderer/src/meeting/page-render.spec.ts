import { describe, expect, it } from 'vitest';
import { containRect, mapFrame, niceScale, PAGE_HEIGHT_PX, PAGE_WIDTH_PX } from './page-render.js';

describe('page layout', () => {
  it('keeps the map frame inside the page, beside the legend column', () => {
    const f = mapFrame();
    expect(f.x).toBeGreaterThan(0);
    expect(f.y + f.h).toBeLessThan(PAGE_HEIGHT_PX);
    expect(f.x + f.w).toBeLessThan(PAGE_WIDTH_PX - 300);
  });

  it('fits a map into the frame without cropping, centred', () => {
    const frame = { x: 10, y: 20, w: 1000, h: 500 };
    const wide = containRect(2000, 500, frame);
    expect(wide).toMatchObject({ x: 10, w: 1000, h: 250, scale: 0.5 });
    expect(wide.y).toBe(20 + 125);
    const tall = containRect(400, 1000, frame);
    expect(tall).toMatchObject({ y: 20, h: 500, w: 200, scale: 0.5 });
    expect(tall.x).toBe(10 + 400);
  });
});

describe('niceScale', () => {
  it('picks the longest 1-2-5 length that fits', () => {
    expect(niceScale(10, 300)).toMatchObject({ meters: 2000, px: 200, label: '2 km' });
    expect(niceScale(1, 300)).toMatchObject({ meters: 200, px: 200, label: '200 m' });
    expect(niceScale(3, 300)).toMatchObject({ meters: 500, label: '500 m' });
    expect(niceScale(3, 300).px).toBeCloseTo(500 / 3, 9);
  });
});
