import { ZodError } from 'zod';
import { ApiError, contract, isMethodName, type Envelope, type MethodName, type ParsedArgsOf, type ResultOf } from '../../shared/contract';
import type { Logger } from './util/logger';

/** One handler per contract method; args arrive validated (zod output types). */
export type Handlers = {
  [M in MethodName]: (args: ParsedArgsOf<M>) => Promise<ResultOf<M>> | ResultOf<M>;
};

export type Dispatch = (method: string, args: unknown) => Promise<Envelope<unknown>>;

/**
 * The single entry both transports call: unknown method, bad args and thrown errors
 * all come back as an error envelope — never an exception across the boundary.
 */
export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (method, args) => {
    try {
      if (typeof method !== 'string' || !isMethodName(method)) {
        throw new ApiError('UNKNOWN_METHOD', `Unknown method "${String(method)}"`);
      }
      const parsed = contract[method].args.safeParse(args ?? {});
      if (!parsed.success) {
        throw new ApiError('VALIDATION', `Invalid arguments for ${method}: ${summarize(parsed.error)}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        });
      }
      const handler = handlers[method] as (a: unknown) => unknown;
      const result = await handler(parsed.data);
      return { ok: true, result: result ?? null };
    } catch (err) {
      return { ok: false, error: toErrorBody(err, method, log) };
    }
  };
}

function summarize(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : '(args)'}: ${i.message}`)
    .join('; ');
}

function toErrorBody(err: unknown, method: string, log: Logger) {
  if (err instanceof ApiError) return err.toBody();
  if (err instanceof ZodError) return { code: 'VALIDATION' as const, message: summarize(err) };
  const message = err instanceof Error ? err.message : String(err);
  log.error(`${method} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
  return { code: 'INTERNAL' as const, message };
}
