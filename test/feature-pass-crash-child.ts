/**
 * Run by a test as a separate process: opens a core on the given data dir (demo model), starts
 * a feature pass with the given params, and either
 * - `streaming`: prints "STREAMING <pass id>" once the pass has reported progress, then waits to
 *   be SIGKILLed mid-stream, or
 * - `loading`: SIGKILLs itself from inside the results transaction, after `<n>` features were
 *   written — the moment a crash would leave half-written results if the load were not atomic.
 */
import path from 'node:path';
import { appRoot } from '../src/main/core/paths';
import type { FeaturePassRecord } from '../src/shared/types/features';
import { createTestCore } from './core-helpers';

const [dir, paramsJson, mode, nArg] = process.argv.slice(2);
if (!dir || !paramsJson || (mode !== 'streaming' && mode !== 'loading'))
  throw new Error('usage: feature-pass-crash-child.ts <data dir> <pass params json> streaming|loading [n]');
const core = await createTestCore(dir, { demoModelDir: path.join(appRoot(), 'resources', 'demo-model') });
if (mode === 'loading') {
  const loader = core.features.loader;
  const write = loader.writeFeature.bind(loader);
  let written = 0;
  loader.writeFeature = (...a) => {
    write(...a);
    if (++written === Number(nArg ?? 10)) process.kill(process.pid, 'SIGKILL');
  };
}
const env = await core.dispatch('features.startPass', JSON.parse(paramsJson) as never);
if (!env.ok) throw new Error(env.error.message);
const pass = env.result as FeaturePassRecord;
core.events.onAny((event, payload) => {
  if (
    mode === 'streaming' &&
    event === 'features.passProgress' &&
    (payload as { progress: { tokensDone: number } }).progress.tokensDone > 0
  ) {
    process.stdout.write(`STREAMING ${pass.id}\n`);
  }
});
setInterval(() => undefined, 1000);
