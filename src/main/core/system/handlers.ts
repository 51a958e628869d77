import type { Handlers } from '../dispatch';
import type { JobService } from '../jobs/service';
import type { ComputeProbes, DoctorReport } from '../../../shared/types/system';
import { readGpus } from './gpu';
import { systemInfo, type InfoContext } from './info';

export interface DoctorContext extends InfoContext {
  database: DoctorReport['database'];
  trainingEngineSetting: () => DoctorReport['trainingEngine']['setting'];
}

/** Same rule as the training task's `auto`: tfjs only on a native tfjs backend, else ONNX Runtime. */
export function trainingEngineChoice(
  setting: DoctorReport['trainingEngine']['setting'],
  probes: ComputeProbes,
): DoctorReport['trainingEngine'] {
  const native = probes.tfjs.probes.some((p) => p.loaded && p.name.startsWith('@tensorflow/tfjs-node'));
  if (setting !== 'auto') return { setting, selected: setting, reason: 'chosen in Settings' };
  return native
    ? { setting, selected: 'tfjs', reason: `native TensorFlow.js backend ${probes.tfjs.selected ?? ''} loaded` }
    : {
        setting,
        selected: 'ort',
        reason: `no native TensorFlow.js backend (tfjs-node/-gpu) loaded, so ONNX Runtime trains ~5× faster than tfjs-${probes.tfjs.selected ?? 'wasm'}; ghost gradients still use tfjs`,
      };
}

/** The doctor report; compute probes come from a worker (tfjs/ORT never load on main). */
export async function doctorReport(ctx: DoctorContext, probes: ComputeProbes): Promise<DoctorReport> {
  return {
    versions: { app: ctx.appVersion, node: process.versions.node, electron: ctx.electronVersion, v8: process.versions.v8 },
    platform: `${process.platform}-${process.arch}`,
    ...probes,
    gpu: await readGpus(),
    trainingEngine: trainingEngineChoice(ctx.trainingEngineSetting(), probes),
    dataDir: ctx.dataDir,
    database: ctx.database,
  };
}

export function systemHandlers(ctx: DoctorContext, jobs: JobService): Pick<Handlers, `system.${string}` & keyof Handlers> {
  return {
    'system.info': () => systemInfo(ctx),
    'system.doctor': async () => doctorReport(ctx, await jobs.runEphemeral('system.probes', null)),
    'system.runSelfTest': () => jobs.start('system.selftest', {}),
  };
}
