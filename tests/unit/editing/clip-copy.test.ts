// Clip/cut leave dust along shared boundaries that must go (dropSlivers); copy maps fields by name and kind rules.
import { describe, expect, it } from 'vitest';
import { mapAttributes } from '../../../main/core/editing/copy.js';
import { closeRing, dropSlivers, meanWidth } from '../../../main/core/editing/geometry.js';

describe('sliver removal after clipping', () => {
  it('drops parts narrower than the grid and keeps everything a planner could draw', () => {
    const real = [closeRing([[0, 0], [10, 0], [10, 0.01], [0, 0.01]])]; // 1 cm × 10 m: thin, but real
    const dust = [closeRing([[0, 0], [100, 0], [100, 0.0000004], [0, 0.0000004]])];
    expect(meanWidth(real)).toBeGreaterThan(0.001);
    const r = dropSlivers([real, dust], 0.001);
    expect(r.kept).toEqual([real]);
    expect(r.dropped).toBe(1);
    expect(r.droppedArea).toBeCloseTo(0.00004, 9);
  });
});

describe('copy between layers: field mapping', () => {
  const source = { BSM: 'S1', YSDM: '2001010100', TBBH: '17', DLBM: '0101', DLMC: '水田', TBMJ: 523.4, ZLDWDM: '320413104201' };
  const farmland = ['BSM', 'YSDM', 'JBNTTBBH', 'TBBH', 'ZLDWDM', 'ZLDWMC', 'DLBM', 'DLMC', 'GDLX', 'GDDB', 'TBMJ', 'JBNTMJ', 'BZ'];

  it('copies same-named fields, leaves the source identifiers behind, fills area fields from the source area', () => {
    const a = mapAttributes(farmland, source, { sameLayer: false });
    expect(a).toMatchObject({ TBBH: '17', DLBM: '0101', DLMC: '水田', TBMJ: 523.4, JBNTMJ: 523.4, ZLDWDM: '320413104201', BSM: null, YSDM: null, JBNTTBBH: null });
    expect(mapAttributes(farmland, source, { sameLayer: true }).BSM).toBe('S1');
  });

  it('applies explicit mappings and constants first', () => {
    const a = mapAttributes(farmland, source, { sameLayer: false, fieldMap: { JBNTTBBH: 'TBBH', TBMJ: null }, constants: { GDLX: 'TT', BZ: '划入' } });
    expect(a).toMatchObject({ JBNTTBBH: '17', TBMJ: null, GDLX: 'TT', BZ: '划入' });
  });
});
