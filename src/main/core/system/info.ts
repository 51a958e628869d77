import { statfs } from 'node:fs/promises';
import os from 'node:os';
import type { SystemInfo } from '../../../shared/types/system';
import { readGpus } from './gpu';

let lastCpuTimes: { idle: number; total: number } | null = null;

function cpuTimes() {
  let idle = 0;
  let total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
  }
  return { idle, total };
}

/** CPU busy % since the previous call (first call: since boot). */
function cpuUsagePercent(): number {
  const now = cpuTimes();
  const prev = lastCpuTimes ?? { idle: 0, total: 0 };
  lastCpuTimes = now;
  const dt = now.total - prev.total;
  return dt > 0 ? Math.round(1000 * (1 - (now.idle - prev.idle) / dt)) / 10 : 0;
}

export interface InfoContext {
  dataDir: string;
  mode: 'electron' | 'serve';
  appVersion: string;
  electronVersion: string | null;
}

export async function systemInfo(ctx: InfoContext): Promise<SystemInfo> {
  const cpus = os.cpus();
  let disk: SystemInfo['disk'] = null;
  try {
    const s = await statfs(ctx.dataDir);
    disk = { path: ctx.dataDir, totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch {
    disk = null;
  }
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    cpu: { model: cpus[0]?.model ?? 'unknown', cores: cpus.length, loadAverage1m: os.loadavg()[0] ?? 0, usagePercent: cpuUsagePercent() },
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem(), processRssBytes: process.memoryUsage().rss },
    disk,
    gpu: await readGpus(),
    dataDir: ctx.dataDir,
    versions: { app: ctx.appVersion, node: process.versions.node, electron: ctx.electronVersion },
    mode: ctx.mode,
  };
}
