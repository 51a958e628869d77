/** The ort SAE training engine (DESIGN §5.2, issue 6). */
export { OrtEngine, type OrtEngineOptions } from './engine';
export { OrtEngineError, type OrtEngineErrorCode } from './errors';
export { candidateProviders } from './providers';
export type { MatmulForm } from './ops';
