/**
 * Admits at most `slots` tasks at a time, strictly in the order they arrived (docs/architecture.md,
 * "Durable jobs"). The job service hands a pool's tasks to piscina through one, so piscina never
 * holds more than it can run: its own queue moves a task it could not hand out behind the later
 * ones (three queued trainings ran 1, 2, 4, 3), and a sweep's runs must train in point order.
 */
export class FifoGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly slots: number) {}

  /** Runs `task` once a slot is free; aborted while it waits, it never runs and rejects with the signal's reason. */
  async run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    await this.admit(signal);
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Tasks waiting for a slot (not counting those running). */
  get queued(): number {
    return this.waiting.length;
  }

  private admit(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    if (this.running < this.slots && this.waiting.length === 0) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = () => {
        signal.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('The task was cancelled before it started');
}
