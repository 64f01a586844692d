import { describe, expect, it } from 'vitest';
import { exactAt, FakeHost, flush, lonLatAt, pointer } from '../testing/fake-host.js';
import { SnappingBehavior } from './snapping.behavior.js';

describe('SnappingBehavior', () => {
  it('converts the pixel tolerance to metres and answers with main\'s exact position', async () => {
    const host = new FakeHost();
    host.settingsValue.snap.tolerancePx = 10;
    host.snapVertices = [[100, 100]];
    const snapping = new SnappingBehavior(host);
    const hit = await snapping.resolve(pointer(104, 103));
    expect(host.snapQueries[0]!.toleranceM).toBe(10);
    expect(hit).toMatchObject({ kind: 'vertex', position: exactAt(100, 100) });
    expect(await snapping.resolve(pointer(130, 100))).toBeNull();
  });

  it('does nothing when off or without layers', async () => {
    const host = new FakeHost();
    host.snapVertices = [[100, 100]];
    host.settingsValue.snap.enabled = false;
    const snapping = new SnappingBehavior(host);
    expect(await snapping.resolve(pointer(101, 100))).toBeNull();
    host.settingsValue.snap = { ...host.settingsValue.snap, enabled: true, layerIds: [] };
    expect(await snapping.resolve(pointer(101, 100))).toBeNull();
    expect(host.snapQueries).toHaveLength(0);
  });

  it('snaps to the sketch\'s own vertices first, without asking main', async () => {
    const host = new FakeHost();
    const snapping = new SnappingBehavior(host);
    const sketch = [lonLatAt(0, 0), lonLatAt(50, 0)];
    const hit = await snapping.resolve(pointer(52, 3), sketch);
    expect(hit).toEqual({ position: sketch[1], kind: 'sketch', target: null });
    expect(host.snapQueries).toHaveLength(0);
  });

  it('reuses the hover answer for a click on the same spot', async () => {
    const host = new FakeHost();
    host.snapVertices = [[100, 100]];
    const snapping = new SnappingBehavior(host);
    const shown: unknown[] = [];
    snapping.onMove(pointer(103, 100), [], (h) => shown.push(h));
    await flush();
    expect(shown).toHaveLength(1);
    const hit = await snapping.resolve(pointer(103, 100));
    expect(hit?.position).toEqual(exactAt(100, 100));
    expect(host.snapQueries).toHaveLength(1);
    // A click elsewhere asks again.
    await snapping.positionFor(pointer(200, 200));
    expect(host.snapQueries).toHaveLength(2);
  });

  it('falls back to the pointer position when nothing is near', async () => {
    const host = new FakeHost();
    const snapping = new SnappingBehavior(host);
    const { position, hit } = await snapping.positionFor(pointer(10, 20));
    expect(hit).toBeNull();
    expect(position).toEqual(lonLatAt(10, 20));
  });
});
