/** Test helpers: a small activation set from the demo model, and training params. */
import path from 'node:path';
import { extractActivationsTask } from '../activations/task';
import { tokenizeDatasetTask } from '../datasets/tokenize';
import { createTestDataset, DEMO_MODEL_DIR, fakeContext } from '../../../test/task-support';
import type { TaskContext } from '../runtime/context';
import { TaskCancelledError } from '../runtime/protocol';
import { testHyperparameters } from '../sae/test-fixtures';
import type { SaeHyperparameters } from '../sae/types';
import type { TrainingMetrics, TrainingReport, TrainSaeParams } from './types';

export const HOOK = 'blocks.2.hook_resid_post';
const CONTEXT = 32;
const WORDS =
  'the light day night waters earth heaven firmament evening morning God said let there be and divided called was good void form deep face darkness upon midst'.split(
    ' ',
  );

/** Deterministic pseudo-text (no RNG dependency on the tokenizer): ~`samples` sentences. */
function texts(samples: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < samples; i++) {
    const words: string[] = [];
    for (let w = 0; w < 24; w++) words.push(WORDS[(i * 7 + w * ((i % 5) + 3) + w * w) % WORDS.length] ?? 'and');
    out.push(`${words.join(' ')}.`);
  }
  return out;
}

/** Tokenize + extract `HOOK` activations of the demo model (float32, several shards). */
export async function buildActivationSet(samples = 24, shardRows = 256) {
  const ds = createTestDataset(texts(samples).map((text) => ({ text })));
  const tokensDir = path.join(ds.dir, 'tokens');
  const settings = {
    mode: 'concat_chunk',
    maxLength: CONTEXT,
    padding: 'none',
    truncation: 'none',
    addSpecialTokens: false,
    returnAttentionMask: true,
    contextSize: CONTEXT,
    prependBos: true,
  } as const;
  await tokenizeDatasetTask(
    { datasetId: ds.datasetId, dbPath: ds.dbPath, modelDir: DEMO_MODEL_DIR, settings, outDir: tokensDir },
    fakeContext(),
  );
  const activationsDir = path.join(ds.dir, 'acts');
  const r = await extractActivationsTask(
    {
      modelDir: DEMO_MODEL_DIR,
      tokensDir,
      hooks: [HOOK],
      batchSize: 4,
      maxTokens: null,
      dtype: 'float32',
      outDir: activationsDir,
      shardRows,
    },
    fakeContext(),
  );
  return {
    dir: ds.dir,
    activationsDir,
    tokensDir,
    dbPath: ds.dbPath,
    datasetId: ds.datasetId,
    totalRows: r.totalRows,
    dModel: r.dModel,
    cleanup: ds.cleanup,
  };
}

export function trainParams(
  activationsDir: string,
  outDir: string,
  over: Partial<SaeHyperparameters> = {},
  extra: Partial<TrainSaeParams> = {},
): TrainSaeParams {
  return {
    trainingId: 'tr-test',
    hyperparameters: testHyperparameters({
      dIn: 256,
      expansionFactor: 4,
      batchSize: 128,
      learningRate: 1e-3,
      totalSteps: 150,
      l1Coefficient: 2,
      normalizeInputs: true,
      deadWindowTokens: 4096,
      ...over,
    }),
    source: { kind: 'activations', activationsDir },
    hook: HOOK,
    outDir,
    checkpointEvery: 50,
    metricsEvery: 10,
    engine: 'tfjs',
    tfjsBackend: 'cpu',
    ...extra,
  };
}

export interface RecordingContext extends TaskContext<TrainingReport> {
  metricsSeen: TrainingMetrics[];
  reports: TrainingReport[];
  /** Requests handed to the task at its next takeRequests() (e.g. 'save-checkpoint'). */
  pendingRequests: string[];
  logs: string[];
  checkpointCalls: number;
}

/** A context that records metrics/logs; with `pauseAt`, the pauseAt-th checkpoint() runs onPause and then cancels (pause, then the worker dies). */
export function recordingContext(pauseAt?: number): RecordingContext {
  const ctx: RecordingContext = {
    jobId: 'job-train',
    dataDir: '',
    secrets: {},
    cancelled: false,
    metricsSeen: [],
    reports: [],
    pendingRequests: [],
    logs: [],
    checkpointCalls: 0,
    progress() {},
    log(level, message) {
      ctx.logs.push(`${level}: ${message}`);
    },
    report(r) {
      ctx.reports.push(r);
      if (r.type === 'step') {
        const { type: _type, ...m } = r;
        ctx.metricsSeen.push(m);
      }
    },
    takeRequests() {
      const taken = ctx.pendingRequests;
      ctx.pendingRequests = [];
      return taken;
    },
    async checkpoint(onPause) {
      ctx.checkpointCalls += 1;
      if (pauseAt !== undefined && ctx.checkpointCalls === pauseAt) {
        await onPause?.();
        throw new TaskCancelledError();
      }
    },
  };
  return ctx;
}
