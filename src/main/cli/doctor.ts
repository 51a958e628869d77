import type { Core } from '../core';
import { isJobOf, type JobRecord } from '../../shared/types/jobs';
import type { BackendProbe, DoctorReport } from '../../shared/types/system';

function unwrap<T>(env: { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } }): T {
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`);
  return env.result as T;
}

const probeLines = (probes: BackendProbe[]) => probes.map((p) => `    ${p.loaded ? '✓' : '✗'} ${p.name.padEnd(26)} ${p.detail}`).join('\n');

export function formatDoctor(r: DoctorReport): string {
  return [
    `miStudio ${r.versions.app}  (Node ${r.versions.node}${r.versions.electron ? `, Electron ${r.versions.electron}` : ', no Electron: headless'})  ${r.platform}`,
    `  TensorFlow.js backend: ${r.tfjs.selected ?? 'none'}`,
    probeLines(r.tfjs.probes),
    `  ONNX Runtime ${r.onnxRuntime.version ?? '(not loaded)'} execution providers:`,
    probeLines(r.onnxRuntime.executionProviders),
    `  SAE training engine: ${r.trainingEngine.selected} (setting ${r.trainingEngine.setting}: ${r.trainingEngine.reason})`,
    `  GPU: ${r.gpu.note}`,
    ...r.gpu.devices.map(
      (g) =>
        `    ${g.name}: ${g.utilizationPercent ?? '?'}% util, ${g.memoryUsedMiB ?? '?'}/${g.memoryTotalMiB ?? '?'} MiB, ${g.temperatureC ?? '?'} °C`,
    ),
    `  Data dir: ${r.dataDir}`,
    `  Database: ${r.database.path} — schema ${r.database.schemaVersion ?? 'none'} (${r.database.appliedMigrations}/${r.database.shippedMigrations} migrations)`,
  ].join('\n');
}

export async function runDoctor(core: Core, opts: { json: boolean; selfTest: boolean }): Promise<number> {
  const report = unwrap<DoctorReport>(await core.dispatch('system.doctor', {}));
  let selfTest: JobRecord | null = null;
  if (opts.selfTest) {
    const started = unwrap<JobRecord>(await core.dispatch('system.runSelfTest', {}));
    selfTest = await new Promise<JobRecord>((resolve) => {
      const off = core.events.onAny((event, payload) => {
        if (
          event === 'job.updated' &&
          (payload as JobRecord).id === started.id &&
          ['completed', 'failed', 'cancelled', 'interrupted'].includes((payload as JobRecord).status)
        ) {
          off();
          resolve(payload as JobRecord);
        }
      });
    });
  }
  const result = selfTest && isJobOf(selfTest, 'system.selftest') ? (selfTest.result ?? undefined) : undefined;
  if (opts.json) {
    process.stdout.write(
      JSON.stringify(
        { report, selfTest: selfTest && { status: selfTest.status, result: selfTest.result, error: selfTest.error } },
        null,
        2,
      ) + '\n',
    );
  } else {
    process.stdout.write(formatDoctor(report) + '\n');
    if (selfTest) {
      process.stdout.write(`  Self-test job ${selfTest.id}: ${selfTest.status}\n`);
      for (const c of result?.checks ?? [])
        process.stdout.write(`    ${c.passed ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail} (${c.millis.toFixed(0)} ms)\n`);
      if (selfTest.error) process.stdout.write(`    error: ${selfTest.error.message}\n`);
    }
  }
  return selfTest && (selfTest.status !== 'completed' || !result?.passed) ? 1 : 0;
}
