/**
 * Errors cross the IPC/WebSocket boundary inside an envelope and are rebuilt on the
 * client as `ApiError`, so the renderer can branch on `code`.
 */
import { CodedError } from '../coded-error';

export const ERROR_CODES = [
  'VALIDATION', // arguments failed the zod schema
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'CONFLICT', // e.g. cancelling a job that already ended
  'INVALID_STATE',
  'UNAUTHORIZED',
  'IO',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ErrorBody };

export class ApiError extends CodedError<ErrorCode> {
  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
