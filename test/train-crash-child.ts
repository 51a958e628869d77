/**
 * Run by a test as a separate process: opens a core on the given data dir (demo model),
 * creates the training given as JSON, prints "CHECKPOINT <training id>" once its first
 * checkpoint at or after `step` is on disk — and keeps training until it is SIGKILLed,
 * as a crash in native code (ONNX Runtime) or the OOM killer would end it.
 */
import path from 'node:path';
import { appRoot } from '../src/main/core/paths';
import type { TrainingRecord } from '../src/shared/types/training';
import { createTestCore } from './core-helpers';

const [dir, configJson, stepArg] = process.argv.slice(2);
if (!dir || !configJson || !stepArg) throw new Error('usage: train-crash-child.ts <data dir> <config json> <checkpoint step>');
const core = await createTestCore(dir, { demoModelDir: path.join(appRoot(), 'resources', 'demo-model') });
const env = await core.dispatch('training.create', { config: JSON.parse(configJson) as never });
if (!env.ok) throw new Error(env.error.message);
const t = env.result as TrainingRecord;
const step = Number(stepArg);
const timer = setInterval(() => {
  if (core.training.store.checkpoints(t.id).some((c) => c.step >= step)) {
    process.stdout.write(`CHECKPOINT ${t.id}\n`);
    clearInterval(timer);
    setInterval(() => undefined, 1000);
  }
}, 20);
