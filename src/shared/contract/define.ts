import type { z } from 'zod';

/**
 * One callable method of the contract: a zod schema for its arguments (validated in
 * main, whichever transport carried the call) and a phantom for its result type.
 */
export interface MethodSpec<Args extends z.ZodType, Result> {
  readonly args: Args;
  /** Never read at run time: it only carries the result type. */
  readonly result?: Result;
}

/** `method<Result>()(argsSchema)`: curried so the result type is given and args inferred. */
export function method<Result>() {
  return <Args extends z.ZodType>(args: Args): MethodSpec<Args, Result> => ({ args });
}

export type AnyMethodSpec = MethodSpec<z.ZodType, unknown>;
