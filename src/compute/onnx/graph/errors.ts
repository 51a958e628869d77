/** Errors from ONNX graph work, with a code a caller can branch on and a message a researcher can act on. */
import { CodedError } from '../../../shared/coded-error';
export type OnnxErrorCode =
  | 'ONNX_NO_GRAPH' // the model has no graph
  | 'ONNX_TENSOR_NOT_FOUND' // a named tensor/initializer is not in the graph
  | 'ONNX_UNSUPPORTED_DTYPE' // an initializer's element type cannot be read as float32 (or needs a scale)
  | 'ONNX_EXTERNAL_DATA' // external data missing, unreadable, or no folder given
  | 'ONNX_NAME_TAKEN' // a name to be added already exists
  | 'ONNX_HOOKS_NOT_FOUND'; // hook discovery recognised no transformer blocks

export class OnnxError extends CodedError<OnnxErrorCode> {}
