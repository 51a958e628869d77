import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ApiError } from '../../../shared/contract/errors';
import type { JobKind, JobParams, JobReport, JobResult } from '../../../shared/jobs/kinds';
import { FINISHED_JOB_STATUSES, type JobLogLine, type JobRecord, type JobStatus } from '../../../shared/types/jobs';
import type { WorkerMessage, WorkerTask } from '../../../compute/runtime/protocol';
import type { TaskOutcome } from '../../../compute/runtime/harness';
import type { EventBus } from '../events';
import type { Logger } from '../util/logger';
import { newId } from '../util/ids';
import { FifoGate } from './fifo-gate';
import type { Pools } from './pools';
import type { JobKindRegistry } from './registry';
import { JobStore } from './store';

/** How long a running job gets to stop at a step boundary before its thread is terminated. */
const CANCEL_GRACE_MS = 3000;

interface ActiveJob {
  port: MessagePort;
  controller: AbortController;
  cancelTimer: NodeJS.Timeout | null;
  /** Settles when the pool's task ends (any outcome). */
  done: Promise<void>;
}

/** How long shutdown waits for running tasks to stop at a step boundary (a training writes a checkpoint then). */
const SHUTDOWN_GRACE_MS = 15_000;

/** Called with each report a running job of kind K posts (ctx.report). */
export type ReportListener<K extends JobKind> = (job: JobRecord<K>, report: JobReport<K>) => void;
/** Called once when a job of kind K ends (completed, failed, cancelled, interrupted). */
export type SettledListener<K extends JobKind> = (job: JobRecord<K>) => void;
export type LogListener<K extends JobKind> = (job: JobRecord<K>, line: JobLogLine) => void;

/**
 * Listeners by kind, stored untyped: a listener is only ever registered under its own kind (the
 * typed on… methods) and only ever called with a job of that kind (its row says which), with
 * what that kind's worker posted — typed at the task by TaskFn<K>.
 */
type AnyListener = (job: JobRecord, data: unknown) => void;
function untyped<K extends JobKind>(listener: (job: JobRecord<K>, data: never) => void): AnyListener {
  return listener as AnyListener;
}

/**
 * Durable jobs (docs/architecture.md): a row per job, a piscina task per run. Workers report
 * over a MessagePort; we persist and re-emit as `job.updated` / `job.log`.
 */
export class JobService {
  readonly store: JobStore;
  private active = new Map<string, ActiveJob>();
  private reportListeners = new Map<JobKind, AnyListener>();
  private settledListeners = new Map<JobKind, AnyListener>();
  private logListeners = new Map<JobKind, AnyListener>();
  private closing = false;
  /** One per pool: tasks reach piscina in the order they were queued (src/main/core/jobs/fifo-gate.ts). */
  private readonly gates: Record<keyof Pools, FifoGate>;

  constructor(
    db: ConstructorParameters<typeof JobStore>[0],
    private readonly events: EventBus,
    private readonly pools: Pools,
    private readonly kinds: JobKindRegistry,
    private readonly dataDir: string,
    private readonly log: Logger,
  ) {
    this.store = new JobStore(db);
    this.gates = {
      gpu: new FifoGate(pools.gpu.maxThreads),
      io: new FifoGate(pools.io.maxThreads),
      cpu: new FifoGate(pools.cpu.maxThreads),
    };
  }

  /** At start-up: whatever a previous process left running is `interrupted`. */
  reconcileAfterRestart(): number {
    const n = this.store.interruptLeftovers(Date.now());
    if (n > 0) this.log.warn(`${n} job(s) were running when miStudio last stopped; marked interrupted`);
    return n;
  }

  /** Domains subscribe to the reports their job kind streams (e.g. training curves). */
  onReport<K extends JobKind>(kind: K, listener: ReportListener<K>): void {
    this.reportListeners.set(kind, untyped<K>(listener));
  }

  /** Domains that keep their own log (e.g. training_logs) subscribe to their kind's lines. */
  onLog<K extends JobKind>(kind: K, listener: LogListener<K>): void {
    this.logListeners.set(
      kind,
      untyped<K>((job, line: JobLogLine) => listener(job, line)),
    );
  }

  /** Domains keep their own rows in step with their jobs' ends (e.g. a model import). */
  onSettled<K extends JobKind>(kind: K, listener: SettledListener<K>): void {
    this.settledListeners.set(
      kind,
      untyped<K>((job) => listener(job)),
    );
  }

  get(id: string): JobRecord {
    const job = this.store.get(id);
    if (!job) throw new ApiError('NOT_FOUND', `No job with id ${id}`);
    return job;
  }

  /** `secrets` reach the worker for this run only: they are not stored with the job. */
  start<K extends JobKind>(kind: K, params: JobParams<K>, secrets?: Record<string, string>): JobRecord {
    const spec = this.kinds[kind];
    if (!spec) throw new ApiError('VALIDATION', `Unknown job kind "${kind}"`);
    const now = Date.now();
    const job = this.store.insert({
      id: newId('job'),
      kind,
      title: spec.title(params),
      pool: spec.pool,
      params: params ?? null,
      status: 'queued',
      progress: 0,
      createdAt: now,
      updatedAt: now,
    });
    this.events.emit('job.updated', job);
    this.dispatch(job, secrets);
    return job;
  }

  private dispatch(job: JobRecord, secrets?: Record<string, string>): void {
    const { port1, port2 } = new MessageChannel();
    const controller = new AbortController();
    port1.on('message', (msg: WorkerMessage) => this.onWorkerMessage(job.id, msg));
    const task: WorkerTask = {
      jobId: job.id,
      kind: job.kind,
      params: job.params,
      dataDir: this.dataDir,
      port: port2,
      ...(secrets ? { secrets } : {}),
    };
    const run = this.gates[job.pool].run(controller.signal, () =>
      this.pools[job.pool].run(task, { transferList: [port2], signal: controller.signal }),
    );
    const active: ActiveJob = {
      port: port1,
      controller,
      cancelTimer: null,
      done: run.then(
        () => undefined,
        () => undefined,
      ),
    };
    this.active.set(job.id, active);
    run
      .then((outcome: TaskOutcome) => this.finish(job.id, outcome))
      .catch((err: unknown) => {
        if (active.controller.signal.aborted) this.finish(job.id, { status: 'cancelled' });
        else this.finishInterrupted(job.id, err);
      });
  }

  private onWorkerMessage(id: string, msg: WorkerMessage): void {
    // While shutting down, what a stopping task still reports (its last checkpoint, logs) is kept; status changes are not.
    if (this.closing && msg.type !== 'report' && msg.type !== 'log') return;
    const now = Date.now();
    switch (msg.type) {
      case 'started':
        this.emitUpdate(id, { status: 'running', startedAt: now });
        break;
      case 'progress':
        this.emitUpdate(id, { progress: msg.progress, ...(msg.message !== undefined ? { message: msg.message } : {}) });
        break;
      case 'log': {
        const line = { jobId: id, level: msg.level, message: msg.message, at: now };
        this.store.addLog(line);
        this.events.emit('job.log', line);
        const job = this.store.get(id);
        if (job) this.logListeners.get(job.kind)?.(job, line);
        break;
      }
      case 'report': {
        const job = this.store.get(id);
        if (job) this.reportListeners.get(job.kind)?.(job, msg.data);
        break;
      }
      case 'paused':
        this.emitUpdate(id, { status: 'paused', message: 'Paused' });
        break;
      case 'resumed':
        this.emitUpdate(id, { status: 'running', message: 'Resumed' });
        break;
    }
  }

  private emitUpdate(id: string, patch: Parameters<JobStore['update']>[1]): JobRecord | null {
    const job = this.store.update(id, patch);
    if (!job) return null;
    if (FINISHED_JOB_STATUSES.includes(job.status)) {
      try {
        this.settledListeners.get(job.kind)?.(job, null);
      } catch (err) {
        this.log.error(`settle hook for ${job.kind} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.events.emit('job.updated', job);
    return job;
  }

  private release(id: string): void {
    const a = this.active.get(id);
    if (!a) return;
    if (a.cancelTimer) clearTimeout(a.cancelTimer);
    // The task's result travels on piscina's port, its reports on ours: no ordering between
    // them. Handle what the task posted before it returned (a final checkpoint, the last metrics).
    for (let m = receiveMessageOnPort(a.port); m; m = receiveMessageOnPort(a.port)) this.onWorkerMessage(id, m.message as WorkerMessage);
    a.port.close();
    this.active.delete(id);
  }

  private finish(id: string, outcome: TaskOutcome): void {
    this.release(id);
    if (this.closing) return;
    const now = Date.now();
    if (outcome.status === 'completed')
      this.emitUpdate(id, { status: 'completed', progress: 1, result: outcome.result ?? null, finishedAt: now, message: 'Completed' });
    else if (outcome.status === 'cancelled') this.emitUpdate(id, { status: 'cancelled', finishedAt: now, message: 'Cancelled' });
    else {
      this.log.error(`job ${id} failed: ${outcome.error.code}: ${outcome.error.message}`);
      this.emitUpdate(id, { status: 'failed', error: outcome.error, finishedAt: now, message: outcome.error.message });
    }
  }

  /** The worker thread died under the job (killed, crashed, out of memory). */
  private finishInterrupted(id: string, err: unknown): void {
    this.release(id);
    if (this.closing) return;
    const reason = err instanceof Error ? err.message : String(err);
    this.log.error(`job ${id}: worker stopped unexpectedly: ${reason}`);
    this.emitUpdate(id, {
      status: 'interrupted',
      finishedAt: Date.now(),
      message: `Worker stopped unexpectedly: ${reason}`,
      error: { code: 'WORKER_EXITED', message: `Worker stopped unexpectedly: ${reason}` },
    });
  }

  private requireActive(id: string, allowed: JobStatus[], verb: string): ActiveJob {
    const job = this.get(id);
    const active = this.active.get(id);
    if (!active || !allowed.includes(job.status)) {
      throw new ApiError('CONFLICT', `Cannot ${verb} job "${job.title}": it is ${job.status}`);
    }
    return active;
  }

  cancel(id: string): JobRecord {
    const job = this.get(id);
    if (FINISHED_JOB_STATUSES.includes(job.status)) throw new ApiError('CONFLICT', `Job "${job.title}" already ${job.status}`);
    const active = this.requireActive(id, ['queued', 'running', 'paused'], 'cancel');
    if (job.status === 'queued') {
      active.controller.abort(); // piscina drops it from the queue
    } else {
      active.port.postMessage({ type: 'cancel' });
      if (!this.kinds[job.kind]?.cooperativeCancel) active.cancelTimer = setTimeout(() => active.controller.abort(), CANCEL_GRACE_MS);
    }
    return this.emitUpdate(id, { message: 'Cancelling…' }) ?? job;
  }

  pause(id: string): JobRecord {
    const active = this.requireActive(id, ['running'], 'pause');
    active.port.postMessage({ type: 'pause' });
    return this.emitUpdate(id, { message: 'Pausing at the next step…' }) ?? this.get(id);
  }

  resume(id: string): JobRecord {
    const active = this.requireActive(id, ['paused'], 'resume');
    active.port.postMessage({ type: 'resume' });
    return this.get(id);
  }

  /** A task-defined request to a running job (e.g. training's "save a checkpoint now"). */
  request(id: string, name: string): JobRecord {
    const active = this.requireActive(id, ['running'], name);
    active.port.postMessage({ type: 'request', name });
    return this.get(id);
  }

  /** Whether a job still has a live task (queued, running or paused in this process). */
  isActive(id: string): boolean {
    return this.active.has(id);
  }

  /** Runs a task with no job row (quick probes); still off the main thread. */
  async runEphemeral<K extends JobKind>(kind: K, params: JobParams<K>): Promise<JobResult<K>> {
    const { port1, port2 } = new MessageChannel();
    const task: WorkerTask = { jobId: 'ephemeral', kind, params, dataDir: this.dataDir, port: port2 };
    try {
      const outcome: TaskOutcome<JobResult<K>> = await this.pools[this.kinds[kind].pool].run(task, { transferList: [port2] });
      if (outcome.status === 'completed') return outcome.result;
      throw new ApiError('INTERNAL', outcome.status === 'failed' ? outcome.error.message : 'cancelled');
    } finally {
      port1.close();
    }
  }

  /**
   * Shutdown: what is still queued or running is marked interrupted (it will not finish here;
   * a training resumes from its last checkpoint), running tasks are asked to stop at their next
   * step boundary — a training writes a checkpoint there — and we wait for them (bounded) so no
   * thread is terminated inside native code.
   */
  async close(graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    const now = Date.now();
    const stopping: Promise<void>[] = [];
    for (const [id, a] of this.active) {
      const queued = this.store.get(id)?.status === 'queued';
      this.emitUpdate(id, {
        status: 'interrupted',
        finishedAt: now,
        message: 'miStudio closed while this job was running',
        error: { code: 'INTERRUPTED', message: 'miStudio closed while this job was running' },
      });
      if (a.cancelTimer) clearTimeout(a.cancelTimer);
      if (queued)
        a.controller.abort(); // never started: it leaves the gate's queue (or piscina's)
      else a.port.postMessage({ type: 'cancel' });
      stopping.push(a.done);
    }
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(stopping), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const id of [...this.active.keys()]) this.release(id);
  }
}
