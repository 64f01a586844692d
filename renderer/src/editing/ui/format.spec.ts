import { describe, expect, it } from 'vitest';
import { formatAreaM2, formatLength, roundM2 } from './format.js';

describe('editing figures', () => {
  it('prints lengths in metres, long ones in kilometres', () => {
    expect(formatLength(123.456, 'zh')).toBe('123.46 米');
    expect(formatLength(12_345.6, 'en')).toBe('12.346 km');
  });

  it('prints areas in m² with 公顷 and 亩 (1 公顷 = 15 亩)', () => {
    expect(formatAreaM2(10_000, 'zh')).toBe('10,000.0 平方米 · 1.0000 公顷（15.00 亩）');
    expect(formatAreaM2(666.67, 'en')).toBe('666.7 m² · 0.0667 ha (1.00 mu)');
  });

  it('rounds m² for sentences', () => {
    expect(roundM2(1234.56)).toBe('1235');
    expect(roundM2(1.234)).toBe('1.23');
  });
});
