import { describe, expect, it } from 'vitest';
import { DENSITY_THRESHOLDS, densityBucketOf } from '../../../shared/types/features';
import { densityRule } from './FeatureStatCards';

describe('density bucket rules in words', () => {
  it('say the thresholds the pass uses (0.01 % and 10 %)', () => {
    expect(densityRule('dead')).toBe('fired on no token of the pass');
    expect(densityRule('ultra-low')).toBe('fires on fewer than 0.01% of tokens');
    expect(densityRule('dense')).toBe('fires on more than 10.00% of tokens');
    expect(densityRule('normal')).toBe('fires on 0.01%–10.00% of tokens');
  });

  it('agree with the bucket a frequency falls in', () => {
    expect(densityBucketOf(DENSITY_THRESHOLDS.ultraLowBelow / 2)).toBe('ultra-low');
    expect(densityBucketOf(DENSITY_THRESHOLDS.denseAbove * 2)).toBe('dense');
    expect(densityBucketOf((DENSITY_THRESHOLDS.ultraLowBelow + DENSITY_THRESHOLDS.denseAbove) / 2)).toBe('normal');
    expect(densityBucketOf(0)).toBe('dead');
  });
});
