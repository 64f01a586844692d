import { describe, expect, it } from 'vitest';
import { FakeHost, key, lonLatAt, pointer } from '../../testing/fake-host.js';
import { DrawHoleMode } from './draw-hole.mode.js';

const square: [number, number][] = [[0, 0], [300, 0], [300, 300], [0, 300]];

function setup(selected: boolean) {
  const host = new FakeHost();
  host.features = [{ layerId: 1, fid: 5, parts: [[square]] }];
  if (selected) host.selectionValue = [{ layerId: 1, fid: 5 }];
  const mode = new DrawHoleMode();
  mode.register(host);
  mode.start();
  return { host, mode };
}

describe('draw-hole mode', () => {
  it('adds the drawn ring as a hole of the selected feature', async () => {
    const { host, mode } = setup(true);
    for (const [x, y] of [[100, 100], [200, 100], [200, 200]] as const) mode.onClick(pointer(x, y));
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'addHole', fid: 5, ring: [lonLatAt(100, 100), lonLatAt(200, 100), lonLatAt(200, 200)] }]);
    // No overlap check against its own feature.
    expect(host.validations).toEqual([]);
  });

  it('picks the feature with the first click when none is selected', async () => {
    const { host, mode } = setup(false);
    expect(host.lastStatus.hint).toBe('editing.hint.pickTarget');
    mode.onClick(pointer(150, 150));
    await mode.idle();
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 5 }]);
    expect(host.lastPreview.highlight).toEqual([{ layerId: 1, fid: 5 }]);
    expect(host.lastStatus.vertexCount).toBe(0);
  });

  it('says so when the first click hits nothing', async () => {
    const { host, mode } = setup(false);
    mode.onClick(pointer(900, 900));
    await mode.idle();
    expect(host.notices).toEqual([{ tone: 'warning', key: 'editing.notice.pickFeature' }]);
  });
});
