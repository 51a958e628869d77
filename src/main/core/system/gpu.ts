import { execFile, spawn } from 'node:child_process';
import type { GpuReading, SystemInfo } from '../../../shared/types/system';

function run(cmd: string, args: string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs }, (err, stdout) => resolve(err ? null : stdout));
  });
}

const num = (s: string | undefined): number | null => {
  const v = Number.parseFloat((s ?? '').trim());
  return Number.isFinite(v) ? v : null;
};

/** nvidia-smi, one line per GPU: name, util %, mem used MiB, mem total MiB, temperature °C. */
export function parseNvidiaSmi(csv: string): GpuReading[] {
  return csv
    .trim()
    .split('\n')
    .filter((l) => l.trim())
    .map((line) => {
      const [name, util, used, total, temp] = line.split(',').map((s) => s.trim());
      return {
        name: name ?? 'NVIDIA GPU',
        utilizationPercent: num(util),
        memoryUsedMiB: num(used),
        memoryTotalMiB: num(total),
        temperatureC: num(temp),
      };
    });
}

/** tegrastats (Jetson): "RAM 2200/7772MB … GR3D_FREQ 45% … GPU@41.5C …" — unified memory. */
export function parseTegrastats(line: string): GpuReading[] {
  const ram = /RAM (\d+)\/(\d+)MB/.exec(line);
  const util = /GR3D_FREQ (\d+)%/.exec(line);
  const temp = /GPU@([\d.]+)C/i.exec(line);
  if (!util && !ram) return [];
  return [
    {
      name: 'Jetson integrated GPU (memory shared with CPU)',
      utilizationPercent: util ? num(util[1]) : null,
      memoryUsedMiB: ram ? num(ram[1]) : null,
      memoryTotalMiB: ram ? num(ram[2]) : null,
      temperatureC: temp ? num(temp[1]) : null,
    },
  ];
}

function tegrastatsOnce(timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('tegrastats', ['--interval', '200'], { stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => {
      child.kill();
      resolve(null);
    }, timeoutMs);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.stdout.once('data', (d: Buffer) => {
      clearTimeout(timer);
      child.kill();
      resolve(d.toString());
    });
  });
}

/** GPU readings from whichever tool exists; says plainly when none does. */
export async function readGpus(): Promise<SystemInfo['gpu']> {
  const smi = await run(
    'nvidia-smi',
    ['--query-gpu=name,utilization.gpu,memory.used,memory.total,temperature.gpu', '--format=csv,noheader,nounits'],
    3000,
  );
  if (smi !== null) {
    const devices = parseNvidiaSmi(smi);
    return { source: 'nvidia-smi', devices, note: `${devices.length} NVIDIA GPU(s) via nvidia-smi` };
  }
  const teg = await tegrastatsOnce(1500);
  if (teg !== null) return { source: 'tegrastats', devices: parseTegrastats(teg), note: 'Jetson readings via tegrastats' };
  return {
    source: 'none',
    devices: [],
    note: 'No GPU monitor found (neither nvidia-smi nor tegrastats is on PATH): no NVIDIA/Jetson GPU readings on this machine.',
  };
}
