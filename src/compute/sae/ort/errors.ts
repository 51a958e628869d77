/** Errors of the ort SAE engine, with a code the UI and the training job can act on. */
import { CodedError } from '../../../shared/coded-error';
export type OrtEngineErrorCode = 'SAE_ORT_UNSUPPORTED_OPTION' | 'SAE_ORT_BAD_INPUT' | 'SAE_ORT_NOT_INITIALISED';

export class OrtEngineError extends CodedError<OrtEngineErrorCode> {}
