import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaeEncoder } from '../features/encoder';
import { TaskCancelledError } from '../runtime/protocol';
import { trainedParams } from '../sae/architectures';
import { readSaeLensFolder } from '../sae/saelens-reader';
import { loadCheckpoint } from './checkpoint';
import { trainSaeTask } from './task';
import { buildActivationSet, recordingContext, trainParams } from './test-support';

/**
 * The training task with the new architectures (ort engine, demo model blocks.2.hook_resid_post):
 * they train, their exports load in the feature pass, and a paused run resumes bit for bit.
 */
let set: Awaited<ReturnType<typeof buildActivationSet>>;
beforeAll(async () => {
  set = await buildActivationSet();
});
afterAll(() => set.cleanup());

const cases = [
  { arch: 'jumprelu' as const, over: { l0Coefficient: 0.1, jumpReluBandwidth: 0.1, jumpReluInitThreshold: 0.3 } },
  { arch: 'batchtopk' as const, over: { k: 24 } },
  { arch: 'gated' as const, over: { l1Coefficient: 6 } },
  { arch: 'matryoshka' as const, over: { k: 24, matryoshkaWidths: [0.125, 0.25, 0.5] } },
];

describe.each(cases)('trainSaeTask: $arch (ort)', ({ arch, over }) => {
  it('trains to explained variance > 0.6 with a sparse code; the export loads in the feature pass', async () => {
    const ctx = recordingContext();
    const r = await trainSaeTask(
      trainParams(
        set.activationsDir,
        path.join(set.dir, `sae-${arch}`),
        { architecture: arch, learningRate: 2e-3, ...over },
        { engine: 'ort' },
      ),
      ctx,
    );
    const last = ctx.metricsSeen.at(-1)!;
    console.info(`${arch}: after ${r.finalStep} steps`, { ev: last.explainedVariance, l0: last.l0, loss: last.loss });
    expect(last.explainedVariance).toBeGreaterThan(0.6);
    expect(last.l0).toBeGreaterThan(1);
    expect(last.l0).toBeLessThan(arch === 'batchtopk' || arch === 'matryoshka' ? 24.001 : 200);
    // Matryoshka's loss adds its inner prefix levels' mse to the full SAE's.
    if (arch === 'matryoshka') expect(last.loss).toBeGreaterThan(last.mse);
    const loaded = await readSaeLensFolder(r.checkpoints.at(-1)!.path);
    expect(loaded).toMatchObject({
      architecture: arch === 'gated' ? 'gated' : 'jumprelu',
      trainedArchitecture: arch,
      dIn: 256,
      dSae: 1024,
    });
    const enc = await SaeEncoder.open(loaded, 'cpu');
    await enc.release();
  }, 120_000);

  it('N steps straight ≡ pause at k, resume from that checkpoint, continue to N (bit-identical)', async () => {
    const N = 12;
    const hp = {
      architecture: arch,
      totalSteps: N,
      batchSize: 32,
      expansionFactor: 1,
      resampleEvery: 5,
      deadWindowTokens: 32,
      lrWarmupSteps: 3,
      l1WarmupSteps: 4,
      ...over,
      k: 8,
    };
    const straight = await trainSaeTask(
      trainParams(set.activationsDir, path.join(set.dir, `${arch}-straight`), hp, { engine: 'ort', checkpointEvery: 0 }),
      recordingContext(),
    );
    const pausedOut = path.join(set.dir, `${arch}-paused`);
    await expect(
      trainSaeTask(trainParams(set.activationsDir, pausedOut, hp, { engine: 'ort', checkpointEvery: 0 }), recordingContext(8)),
    ).rejects.toBeInstanceOf(TaskCancelledError);
    const resumed = await trainSaeTask(
      trainParams(set.activationsDir, pausedOut, hp, {
        engine: 'ort',
        checkpointEvery: 0,
        resumeFrom: path.join(pausedOut, 'checkpoints', 'step-7'),
      }),
      recordingContext(),
    );
    const a = await loadCheckpoint(straight.checkpoints.at(-1)!.path);
    const b = await loadCheckpoint(resumed.checkpoints.at(-1)!.path);
    for (const p of trainedParams(arch)) {
      const [x, y] = [a.weights[p], b.weights[p]];
      expect(x && y && Buffer.from(x.buffer).equals(Buffer.from(y.buffer)), p).toBe(true);
    }
    expect(b.state.topkThreshold).toBe(a.state.topkThreshold);
    if (arch === 'batchtopk' || arch === 'matryoshka') expect(a.state.topkThreshold ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
