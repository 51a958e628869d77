/** The ort SAE training engine (docs/training.md, "Two engines"; README.md here). */
export { OrtEngine, type OrtEngineOptions } from './engine';
export { OrtEngineError, type OrtEngineErrorCode } from './errors';
export { candidateProviders } from './providers';
export type { MatmulForm } from './ops';
