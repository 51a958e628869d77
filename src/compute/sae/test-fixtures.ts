import type { SaeHyperparameters } from './types';

/** Hyperparameters for small, fast tests (override what a test varies). */
export function testHyperparameters(over: Partial<SaeHyperparameters> = {}): SaeHyperparameters {
  return {
    architecture: 'standard',
    dIn: 8,
    expansionFactor: 4,
    // TopK fields as the tfjs engine defaulted them before the schema's defaults reached it (k ?? 100, auxK ?? 0).
    k: 100,
    auxKCoefficient: 0,
    // JumpReLU / BatchTopK fields at the schema's defaults (ignored by the other architectures).
    l0Coefficient: 1,
    jumpReluBandwidth: 0.001,
    jumpReluInitThreshold: 0.001,
    topkThresholdLr: 0.01,
    learningRate: 1e-3,
    batchSize: 16,
    totalSteps: 100,
    optimizer: 'adam',
    adamBeta1: 0.9,
    adamBeta2: 0.999,
    adamEpsilon: 1e-8,
    weightDecay: 0,
    lrSchedule: 'constant',
    lrWarmupSteps: 0,
    l1Coefficient: 0.5,
    l1WarmupSteps: 0,
    normalizeInputs: false,
    ghostGradients: false,
    resampleEvery: 0,
    deadWindowTokens: 1000,
    denseThreshold: 0.01,
    seed: 1234,
    ...over,
  };
}
