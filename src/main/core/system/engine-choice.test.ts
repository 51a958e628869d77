import { describe, expect, it } from 'vitest';
import type { ComputeProbes } from '../../../shared/types/system';
import { trainingEngineChoice } from './handlers';

const probes = (nativeLoads: boolean): ComputeProbes => ({
  tfjs: {
    selected: nativeLoads ? '@tensorflow/tfjs-node-gpu' : 'wasm',
    probes: [
      { name: '@tensorflow/tfjs-node-gpu', loaded: nativeLoads, detail: '' },
      { name: 'wasm', loaded: true, detail: '' },
    ],
  },
  onnxRuntime: { version: '1.30.0', executionProviders: [] },
});

describe('training engine choice (auto)', () => {
  it('picks tfjs only when a native tfjs backend loads, else ort, and says why', () => {
    expect(trainingEngineChoice('auto', probes(true))).toMatchObject({ selected: 'tfjs' });
    expect(trainingEngineChoice('auto', probes(false))).toMatchObject({ selected: 'ort', reason: expect.stringMatching(/no native/) });
    expect(trainingEngineChoice('tfjs', probes(false))).toMatchObject({ selected: 'tfjs', reason: 'chosen in Settings' });
  });
});
