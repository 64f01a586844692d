import { describe, expect, it } from 'vitest';
import { exactAt, FakeHost, flush, lonLatAt } from '../testing/fake-host.js';
import { TracingBehavior } from './tracing.behavior.js';

describe('TracingBehavior', () => {
  const host = () => {
    const h = new FakeHost();
    h.settingsValue.tracing = true;
    h.traceFn = () => [[0, 0], [10, 0], [10, 10]];
    return h;
  };

  it('applies only between two exact positions with tracing on', () => {
    const h = host();
    const t = new TracingBehavior(h);
    expect(t.applies(exactAt(0, 0), exactAt(10, 10))).toBe(true);
    expect(t.applies(lonLatAt(0, 0), exactAt(10, 10))).toBe(false);
    expect(t.applies(undefined, exactAt(10, 10))).toBe(false);
    expect(t.applies(exactAt(0, 0), exactAt(0, 0))).toBe(false);
    h.settingsValue.tracing = false;
    expect(t.applies(exactAt(0, 0), exactAt(10, 10))).toBe(false);
  });

  it('returns the path after the start, the boundary\'s own vertices', async () => {
    const t = new TracingBehavior(host());
    expect(await t.path(exactAt(0, 0), exactAt(10, 10))).toEqual([exactAt(10, 0), exactAt(10, 10)]);
  });

  it('keeps the edge straight when there is no path', async () => {
    const h = host();
    h.traceFn = () => null;
    const t = new TracingBehavior(h);
    expect(await t.path(exactAt(0, 0), exactAt(10, 10))).toBeNull();
    const shown: unknown[] = [];
    t.preview(exactAt(0, 0), exactAt(10, 10), (p) => shown.push(p));
    await flush();
    expect(shown).toEqual([null]);
  });
});
