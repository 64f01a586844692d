import { describe, expect, it } from 'vitest';
import { showThreshold, showValue, thresholdFromInput, thresholdToInput } from './format.js';

describe('indicator values', () => {
  it('reads areas in 公顷 with 亩, ratios in %, and the special cases', () => {
    expect(showValue('m2', 10_000, 'zh')).toEqual({ main: '1.0000', mu: '15.00' });
    expect(showValue('m2', 666.67, 'en')).toEqual({ main: '0.0667', mu: '1.00' });
    expect(showValue('ratio', 0.2105263, 'zh').main).toBe('21.05%');
    expect(showValue('count', 4, 'zh').main).toBe('4');
    expect(showValue('grade', -1, 'zh').main).toBe('-1.00');
    expect(showValue('ratio', null, 'zh').main).toBe('—');
    expect(showValue('ratio', null, 'zh', true).main).toBe('∞');
  });
  it('edits ratio thresholds in percent and keeps other units as they are', () => {
    expect(showThreshold('ratio', 0.05, 'zh')).toBe('5%');
    expect(showThreshold('m2', 1, 'zh')).toBe('1 m²');
    expect(thresholdToInput('ratio', 0.05)).toBe('5');
    expect(thresholdFromInput('ratio', '7.5')).toBeCloseTo(0.075, 12);
    expect(thresholdFromInput('ratio', '7.5%')).toBeCloseTo(0.075, 12);
    expect(thresholdFromInput('m2', '2')).toBe(2);
    expect(thresholdFromInput('m2', 'x')).toBeNull();
    expect(thresholdFromInput('m2', '')).toBeNull();
  });
});
