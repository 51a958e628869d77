import { describe, expect, it } from 'vitest';
import { defaultTokenizationSettings, parseTokenizationSettings, tokenizationHash } from './settings';

const base = {
  mode: 'per_sample',
  maxLength: 64,
  padding: 'none',
  truncation: 'longest_first',
  addSpecialTokens: true,
  returnAttentionMask: true,
  contextSize: 128,
  prependBos: true,
};

describe('tokenization settings', () => {
  it('fills SAELens-style defaults', () => {
    const s = parseTokenizationSettings(base);
    expect(s.sequenceSeparator).toBe('eos');
    expect(s.beginSequenceToken).toBe('none');
    expect(s.paddingBatchSize).toBe(1000);
  });

  it('names each bad field', () => {
    expect(() => parseTokenizationSettings({ ...base, maxLength: 0, padding: 'left' })).toThrow(/maxLength.*padding|padding.*maxLength/);
    expect(() => parseTokenizationSettings({ ...base, maxLength: 131073 })).toThrow(/maxLength/);
    expect(() => parseTokenizationSettings({ ...base, contextSize: 1 })).toThrow(/contextSize/);
    expect(() => parseTokenizationSettings({ ...base, extra: 1 })).toThrow(/extra|unrecognized/i);
  });

  it('hash depends only on what changes the output', () => {
    const a = parseTokenizationSettings({ ...defaultTokenizationSettings, maxLength: 10 });
    const b = parseTokenizationSettings({ ...defaultTokenizationSettings, maxLength: 999, returnAttentionMask: false });
    expect(tokenizationHash(a, 'demo')).toBe(tokenizationHash(b, 'demo'));
    expect(tokenizationHash(a, 'demo')).not.toBe(tokenizationHash({ ...a, contextSize: 64 }, 'demo'));
    expect(tokenizationHash(a, 'demo')).not.toBe(tokenizationHash(a, 'other'));
    expect(tokenizationHash(a, 'demo')).toMatch(/^[0-9a-f]{16}$/);
  });
});
