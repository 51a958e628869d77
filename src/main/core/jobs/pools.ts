import os from 'node:os';
import { Piscina } from 'piscina';
import type { PoolName } from '../../../shared/types/jobs';

/**
 * The three worker pools (docs/architecture.md, "Durable jobs"): gpu runs one job at a time (training,
 * extraction, feature pass), io two (downloads), cpu N (tokenizing, stats).
 * Threads are started on demand and exit when idle.
 */
export type Pools = Record<PoolName, Piscina>;

export function createPools(workerFile: string): Pools {
  const cpuThreads = Math.max(1, os.availableParallelism() - 1);
  const make = (maxThreads: number) =>
    new Piscina({ filename: workerFile, minThreads: 0, maxThreads, idleTimeout: 30_000, concurrentTasksPerWorker: 1 });
  return { gpu: make(1), io: make(2), cpu: make(cpuThreads) };
}

export async function destroyPools(pools: Pools): Promise<void> {
  await Promise.all(Object.values(pools).map((p) => p.destroy()));
}
