import { describe, expect, it } from 'vitest';
import { exactAt, FakeHost, flush, lonLatAt, pointer } from '../../testing/fake-host.js';
import { MoveMode } from './move.mode.js';

function setup() {
  const host = new FakeHost();
  host.features = [
    { layerId: 1, fid: 1, parts: [[[[0, 0], [100, 0], [100, 100], [0, 100]]]] },
    { layerId: 1, fid: 2, parts: [[[[200, 0], [300, 0], [300, 100], [200, 100]]]] },
  ];
  const mode = new MoveMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

describe('move mode', () => {
  it('drags a feature, snapping the grab and drop points', async () => {
    const { host, mode } = setup();
    host.snapVertices = [[100, 100], [400, 400, 2]];
    expect(mode.onPointerDown(pointer(97, 97))).toBe(true);
    mode.onDrag(pointer(250, 250));
    await flush();
    await mode.idle();
    expect(host.lastPreview.polygons).toHaveLength(1);
    mode.onPointerUp(pointer(398, 402));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'move', fids: [1], from: exactAt(100, 100), to: exactAt(400, 400) }]);
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 1 }]);
  });

  it('does not snap the drop to the moved features themselves, only to others', async () => {
    const { host, mode } = setup();
    // Feature 1's own corner (100, 100) and feature 2's corner (200, 100).
    host.snapVertices = [[100, 100, 1], [200, 100, 2]];
    mode.onPointerDown(pointer(98, 98));
    mode.onDrag(pointer(103, 104));
    await flush();
    await mode.idle();
    // Hovering near its own old corner: no snap marker, and the query said what to leave out.
    expect(host.lastPreview.snap).toBeNull();
    // The grab may snap to the feature's own vertex; the drop is asked without the moved features.
    expect(host.snapQueries.filter((q) => q.exclude).map((q) => q.exclude)).toContainEqual({ features: [{ layerId: 1, fids: [1] }] });
    expect(host.snapQueries.filter((q) => !q.exclude)).toHaveLength(1);
    mode.onPointerUp(pointer(103, 104));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'move', fids: [1], from: exactAt(100, 100), to: lonLatAt(103, 104) }]);
    // A neighbour's vertex still snaps.
    mode.onPointerDown(pointer(50, 50));
    mode.onPointerUp(pointer(198, 101));
    await mode.idle();
    expect(host.commits[1]).toEqual({ type: 'move', fids: [1], from: lonLatAt(50, 50), to: exactAt(200, 100) });
  });

  it('takes a press over a class raster and moves the feature main names there', async () => {
    const { host, mode } = setup();
    host.rasterFids.add(2);
    // The map cannot say which feature at once: the press is taken (no pan) and the drag goes on meanwhile.
    expect(mode.onPointerDown(pointer(250, 50))).toBe(true);
    mode.onDrag(pointer(260, 60));
    mode.onPointerUp(pointer(270, 70));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'move', fids: [2], from: lonLatAt(250, 50), to: lonLatAt(270, 70) }]);
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 2 }]);
    // Main found nothing under the press after all: nothing moves.
    host.pickDrawnFeature = () => Promise.resolve(null);
    expect(mode.onPointerDown(pointer(500, 500))).toBe(true);
    mode.onPointerUp(pointer(520, 520));
    await mode.idle();
    expect(host.commits).toHaveLength(1);
    // Nothing of the edited layer drawn under the press: not taken, the map pans.
    host.pickDrawnFeature = () => null;
    expect(mode.onPointerDown(pointer(500, 500))).toBe(false);
  });

  it('moves the whole selection when the grabbed feature is in it', async () => {
    const { host, mode } = setup();
    host.selectionValue = [{ layerId: 1, fid: 1 }, { layerId: 1, fid: 2 }];
    mode.onPointerDown(pointer(250, 50));
    mode.onPointerUp(pointer(250, 80));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'move', fids: [1, 2], from: lonLatAt(250, 50), to: lonLatAt(250, 80) }]);
  });

  it('lets the map pan from empty space, and a click is no move', async () => {
    const { host, mode } = setup();
    expect(mode.onPointerDown(pointer(500, 500))).toBe(false);
    mode.onPointerDown(pointer(50, 50));
    mode.onPointerUp(pointer(51, 50));
    await mode.idle();
    expect(host.commits).toEqual([]);
  });
});
