import type { Handlers } from '../dispatch';
import type { JobService } from '../jobs/service';
import type { ComputeProbes, DoctorReport } from '../../../shared/types/system';
import { readGpus } from './gpu';
import { systemInfo, type InfoContext } from './info';

export interface DoctorContext extends InfoContext {
  database: DoctorReport['database'];
}

/** The doctor report; compute probes come from a worker (tfjs/ORT never load on main). */
export async function doctorReport(ctx: DoctorContext, probes: ComputeProbes): Promise<DoctorReport> {
  return {
    versions: { app: ctx.appVersion, node: process.versions.node, electron: ctx.electronVersion, v8: process.versions.v8 },
    platform: `${process.platform}-${process.arch}`,
    ...probes,
    gpu: await readGpus(),
    dataDir: ctx.dataDir,
    database: ctx.database,
  };
}

export function systemHandlers(ctx: DoctorContext, jobs: JobService): Pick<Handlers, `system.${string}` & keyof Handlers> {
  return {
    'system.info': () => systemInfo(ctx),
    'system.doctor': async () => doctorReport(ctx, (await jobs.runEphemeral('system.probes', 'cpu')) as ComputeProbes),
    'system.runSelfTest': () => jobs.start('system.selftest', {}),
  };
}
