/**
 * The one base of the app's errors: a stable `code` a caller (or the renderer, after the envelope)
 * can branch on, a sentence a researcher understands as the message, optional details. The worker
 * harness (src/compute/runtime/harness.ts) sends `code` and `message` across the thread boundary.
 */
export class CodedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
