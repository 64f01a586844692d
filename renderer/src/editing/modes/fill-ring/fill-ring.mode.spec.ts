import { describe, expect, it } from 'vitest';
import { FakeHost, lonLatAt, pointer } from '../../testing/fake-host.js';
import { FillRingMode } from './fill-ring.mode.js';

describe('fill-ring mode', () => {
  it('fills the hole clicked in, with the chosen mode', async () => {
    const host = new FakeHost();
    host.holes = [{ ref: { layerId: 1, fid: 3 }, ring: [[10, 10], [20, 10], [20, 20], [10, 20]] }];
    host.settingsValue = { ...host.settingsValue, fillRingMode: 'newFeature' };
    const mode = new FillRingMode();
    mode.register(host);
    mode.start();
    mode.onClick(pointer(15, 15));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'fillRing', fid: 3, at: lonLatAt(15, 15), mode: 'newFeature' }]);
  });

  it('says so when the click is in no hole', async () => {
    const host = new FakeHost();
    const mode = new FillRingMode();
    mode.register(host);
    mode.start();
    mode.onClick(pointer(15, 15));
    await mode.idle();
    expect(host.commits).toEqual([]);
    expect(host.notices).toEqual([{ tone: 'warning', key: 'editing.notice.noHole' }]);
  });
});
