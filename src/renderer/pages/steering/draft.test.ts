import { describe, expect, it } from 'vitest';
import { steeringGenerateSchema, steeringPresetConfigSchema, steeringSweepSchema } from '../../../shared/contract/steering';
import {
  coefficientRange,
  draftFromPreset,
  emptyDraft,
  generateArgs,
  generateBlocker,
  presetConfig,
  sweepArgs,
  type SteeringDraft,
} from './draft';

const withFeature = (): SteeringDraft => ({
  ...emptyDraft(),
  features: [
    { feature: 800, coefficient: 8, mode: 'clamp', label: 'ands', topTokens: ['and'], maxActivation: 3.157 },
    { feature: 12, coefficient: -1, mode: 'additive', label: null, topTokens: [], maxActivation: 2 },
  ],
});

describe('steering draft', () => {
  it('says why Generate is disabled, first reason first', () => {
    const ready = { saeReady: true, busy: false };
    expect(generateBlocker(emptyDraft(), { saeReady: false, busy: false })).toMatch(/feature pass first/);
    expect(generateBlocker(emptyDraft(), ready)).toBe('Add at least one feature to steer with');
    expect(generateBlocker({ ...withFeature(), prompt: '  ' }, ready)).toBe('Write a prompt');
    expect(generateBlocker({ ...withFeature(), sampling: { ...emptyDraft().sampling, topP: 0 } }, ready)).toBe(
      'Top-p must be above 0 and at most 1',
    );
    expect(generateBlocker({ ...withFeature(), sampling: { ...emptyDraft().sampling, seed: '' } }, ready)).toBe('Seed is empty');
    expect(generateBlocker({ ...withFeature(), sampling: { ...emptyDraft().sampling, samples: 2.5 } }, ready)).toBe(
      'Samples must be a whole number',
    );
    expect(generateBlocker(withFeature(), { saeReady: true, busy: true })).toMatch(/in progress/);
    expect(generateBlocker(withFeature(), ready)).toBeNull();
  });
  it('builds arguments the contract accepts', () => {
    const d = { ...withFeature(), hook: 'blocks.1.hook_resid_post', sampling: { ...emptyDraft().sampling, seed: '7', samples: '3' } };
    const g = steeringGenerateSchema.parse(generateArgs('sae', d));
    expect(g).toMatchObject({
      saeId: 'sae',
      hook: 'blocks.1.hook_resid_post',
      samples: 3,
      features: [
        { feature: 800, coefficient: 8, mode: 'clamp' },
        { feature: 12, coefficient: -1, mode: 'additive' },
      ],
    });
    expect(g.options.seed).toBe(7);
    const sweep = steeringSweepSchema.parse(sweepArgs('sae', d, 800, coefficientRange(-5, 5, 11)));
    expect(sweep.coefficients).toEqual([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
    expect(sweep.mode).toBe('clamp'); // the swept feature's own mode
    expect(steeringSweepSchema.parse(sweepArgs('sae', d, 12, [1])).mode).toBe('additive');
  });
  it('round-trips through a preset config with per-feature modes (labels re-read from the pass)', () => {
    const d = { ...withFeature(), positions: 'generated' as const, prompt: 'In the beginning' };
    const c = steeringPresetConfigSchema.parse(presetConfig('sae', d));
    const described = new Map(
      d.features.map(({ feature, label, topTokens, maxActivation }) => [feature, { label, topTokens, maxActivation }]),
    );
    const back = draftFromPreset(c, (f) => described.get(f)!);
    expect(back).toEqual({ ...d, sampling: { maxNewTokens: 30, temperature: 0.8, topK: 50, topP: 0.95, seed: 42, samples: 1 } });
  });
  it('spreads a sweep evenly, both ends included', () => {
    expect(coefficientRange(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(coefficientRange(0, 1, 3)).toEqual([0, 0.5, 1]);
    expect(coefficientRange(2, 9, 1)).toEqual([2]);
  });
});
