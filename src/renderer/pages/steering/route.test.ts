import { describe, expect, it } from 'vitest';
import { parseSteeringHash, steeringHash } from './route';

describe('steering route', () => {
  it('round-trips an SAE and a feature', () => {
    const hash = steeringHash({ saeId: 'sae-1', featureIndex: 800 });
    expect(hash).toBe('#/steering?sae=sae-1&feature=800');
    expect(parseSteeringHash(hash)).toEqual({ saeId: 'sae-1', featureIndex: 800 });
  });
  it('reads a bare tab and ignores a malformed feature', () => {
    expect(parseSteeringHash('#/steering')).toEqual({ saeId: null, featureIndex: null });
    expect(parseSteeringHash('#/steering?sae=a&feature=-3')).toEqual({ saeId: 'a', featureIndex: null });
    expect(steeringHash({})).toBe('#/steering');
  });
});
