import { describe, expect, it } from 'vitest';
import { FakeHost, flush, key, lonLatAt, pointer } from '../../testing/fake-host.js';
import { AddPartMode } from './add-part.mode.js';

describe('add-part mode', () => {
  it('adds the drawn ring as a part of the selected feature, validated without its own area', async () => {
    const host = new FakeHost();
    host.features = [{ layerId: 1, fid: 9, parts: [[[[0, 0], [50, 0], [50, 50], [0, 50]]]] }];
    host.selectionValue = [{ layerId: 1, fid: 9 }];
    const mode = new AddPartMode();
    mode.register(host);
    mode.start();
    for (const [x, y] of [[100, 0], [200, 0], [200, 100]] as const) mode.onClick(pointer(x, y));
    await mode.idle();
    await flush();
    expect(host.validations).toHaveLength(1);
    mode.onKeyDown(key('Enter'));
    await mode.idle();
    expect(host.commits).toEqual([{ type: 'addPart', fid: 9, rings: [[lonLatAt(100, 0), lonLatAt(200, 0), lonLatAt(200, 100)]] }]);
  });

  it('needs a feature first', async () => {
    const host = new FakeHost();
    const mode = new AddPartMode();
    mode.register(host);
    mode.start();
    mode.onClick(pointer(100, 0));
    await mode.idle();
    expect(host.notices).toEqual([{ tone: 'warning', key: 'editing.notice.pickFeature' }]);
    expect(host.commits).toEqual([]);
  });
});
