import { describe, expect, it } from 'vitest';
import { tabFromHash } from '../../app/tabs';
import { featuresHash, parseFeaturesHash } from './route';

describe('features route in the hash', () => {
  it('round-trips SAE, feature and view', () => {
    const h = featuresHash({ saeId: 'sae-1', featureIndex: 42, view: 'probe' });
    expect(h).toBe('#/features?sae=sae-1&feature=42&view=probe');
    expect(parseFeaturesHash(h)).toEqual({ saeId: 'sae-1', featureIndex: 42, view: 'probe' });
    expect(tabFromHash(h)).toBe('features');
  });

  it('falls back to browsing nothing on a bare or malformed hash', () => {
    expect(parseFeaturesHash('#/features')).toEqual({ saeId: null, featureIndex: null, view: 'browse' });
    expect(parseFeaturesHash('#/features?feature=-3&view=nope')).toEqual({ saeId: null, featureIndex: null, view: 'browse' });
    expect(featuresHash({})).toBe('#/features');
  });
});
