import { describe, expect, it } from 'vitest';
import { FakeHost, key, lonLatAt, pointer } from '../../testing/fake-host.js';
import { ClipMode } from './clip.mode.js';

function setup(source: 'feature' | 'draw', mode: 'keepInside' | 'removeInside') {
  const host = new FakeHost();
  host.settingsValue = { ...host.settingsValue, clipSource: source, clipMode: mode };
  host.features = [{ layerId: 1, fid: 2, parts: [[[[0, 0], [100, 0], [100, 100], [0, 100]]]] }];
  host.otherFeatures = [{ layerId: 6, fid: 11, parts: [[[[50, 50], [150, 50], [150, 150], [50, 150]]]] }];
  const clip = new ClipMode();
  clip.register(host);
  clip.start();
  return { host, clip };
}

describe('clip mode', () => {
  it('cuts the selection by a clicked feature of another layer', async () => {
    const { host, clip } = setup('feature', 'removeInside');
    host.selectionValue = [{ layerId: 1, fid: 2 }];
    clip.onClick(pointer(120, 120));
    await clip.idle();
    expect(host.commits).toEqual([{ type: 'clip', fids: [2], mode: 'removeInside', by: { layerId: 6, fid: 11 } }]);
  });

  it('picks the feature to clip first when nothing is selected', async () => {
    const { host, clip } = setup('feature', 'keepInside');
    clip.onClick(pointer(20, 20));
    await clip.idle();
    expect(host.selectionValue).toEqual([{ layerId: 1, fid: 2 }]);
    expect(host.commits).toEqual([]);
    clip.onClick(pointer(500, 500));
    await clip.idle();
    expect(host.notices).toContainEqual({ tone: 'warning', key: 'editing.notice.pickOther' });
  });

  it('clips by a drawn polygon', async () => {
    const { host, clip } = setup('draw', 'keepInside');
    host.selectionValue = [{ layerId: 1, fid: 2 }];
    for (const [x, y] of [[10, 10], [90, 10], [90, 90]] as const) clip.onClick(pointer(x, y));
    clip.onKeyDown(key('Enter'));
    await clip.idle();
    expect(host.commits).toEqual([{
      type: 'clip', fids: [2], mode: 'keepInside',
      by: { geometry: { type: 'Polygon', coordinates: [[lonLatAt(10, 10), lonLatAt(90, 10), lonLatAt(90, 90)]] } },
    }]);
  });
});
