export interface GpuReading {
  name: string;
  /** 0..100 */
  utilizationPercent: number | null;
  memoryUsedMiB: number | null;
  memoryTotalMiB: number | null;
  temperatureC: number | null;
}

export interface SystemInfo {
  hostname: string;
  platform: string;
  arch: string;
  cpu: { model: string; cores: number; loadAverage1m: number; usagePercent: number };
  memory: { totalBytes: number; freeBytes: number; processRssBytes: number };
  disk: { path: string; totalBytes: number; freeBytes: number } | null;
  gpu: { source: 'nvidia-smi' | 'tegrastats' | 'none'; devices: GpuReading[]; note: string };
  dataDir: string;
  versions: { app: string; node: string; electron: string | null };
  mode: 'electron' | 'serve';
}

export interface BackendProbe {
  name: string;
  loaded: boolean;
  /** Why it did not load, or what it is. */
  detail: string;
}

export interface DoctorReport {
  versions: { app: string; node: string; electron: string | null; v8: string };
  platform: string;
  tfjs: { selected: string | null; probes: BackendProbe[] };
  onnxRuntime: { version: string | null; executionProviders: BackendProbe[] };
  gpu: SystemInfo['gpu'];
  /** Which SAE training engine runs with the current setting, and why (docs/training.md, "Two engines"). */
  trainingEngine: { setting: 'auto' | 'tfjs' | 'ort'; selected: 'tfjs' | 'ort'; reason: string };
  dataDir: string;
  database: { path: string; schemaVersion: string | null; appliedMigrations: number; shippedMigrations: number };
}

/** The parts of the doctor report that must be measured inside a worker thread. */
export type ComputeProbes = Pick<DoctorReport, 'tfjs' | 'onnxRuntime'>;

/** Result of the doctor self-test job: real computations whose results were checked. */
export interface SelfTestResult extends ComputeProbes {
  checks: { name: string; passed: boolean; detail: string; millis: number }[];
  passed: boolean;
}
