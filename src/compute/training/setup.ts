import path from 'node:path';
import { readActivationManifest } from '../activations/reader';
import { readTokenManifest } from '../datasets/tokenize';
import { dSaeOf, initSaeWeights } from '../sae/init';
import { matryoshkaWidthsOf } from '../sae/architectures';
import { estimateInputScale } from '../sae/normalize';
import { buildSaeLensCfg, type SaeLensCfg, type SaeProvenance } from '../sae/saelens-format';
import { initialTrainerState } from '../sae/trainer-state';
import { OrtEngine } from '../sae/ort';
import { TfjsEngine } from '../sae/tfjs/engine';
import { loadTfjs } from '../tfjs/backend';
import type { SaeWeights, TrainerState, TrainingEngine } from '../sae/types';
import { loadCheckpoint } from './checkpoint';
import { cachedModel } from '../model/model-cache';
import { ActivationStream, type DataCursor } from './data-stream';
import { ModelActivationStream } from './model-stream';
import type { ActivationSource } from './source';
import { TrainingError, type TrainSaeParams } from './types';

export function validateParams(p: TrainSaeParams): void {
  const hp = p.hyperparameters;
  const bad = (msg: string) => new TrainingError('BAD_PARAMS', msg);
  if (!(hp.batchSize > 0 && Number.isInteger(hp.batchSize))) throw bad(`batch size must be a positive integer (got ${hp.batchSize})`);
  if (!(hp.totalSteps > 0 && Number.isInteger(hp.totalSteps)))
    throw bad(`training steps must be a positive integer (got ${hp.totalSteps})`);
  if (!(hp.learningRate > 0)) throw bad(`learning rate must be > 0 (got ${hp.learningRate})`);
  if (!(p.metricsEvery > 0)) throw bad(`metricsEvery must be > 0 (got ${p.metricsEvery})`);
  if (!(p.checkpointEvery >= 0)) throw bad(`checkpointEvery must be ≥ 0 (got ${p.checkpointEvery})`);
  if (!['tfjs', 'ort', 'auto'].includes(p.engine)) throw bad(`engine must be tfjs, ort or auto (got "${String(p.engine)}")`);
}

/** The model and token folders behind a run's batches, and the activation width. */
async function sourceInfo(p: TrainSaeParams): Promise<{ modelDir: string; tokensDir: string; dModel: number; where: string }> {
  if (p.source.kind === 'activations') {
    const m = await readActivationManifest(p.source.activationsDir);
    return { modelDir: m.modelDir, tokensDir: m.tokensDir, dModel: m.dModel, where: `the activation set ${p.source.activationsDir}` };
  }
  const lm = cachedModel(p.source.modelDir, p.source.provider ?? 'cpu');
  lm.hook(p.hook);
  return {
    modelDir: p.source.modelDir,
    tokensDir: p.source.tokensDir,
    dModel: lm.architecture.dModel,
    where: `the model ${p.source.modelDir}`,
  };
}

/** The batch source: the activation set's shards, or the model run live over the token windows. */
export async function openSource(p: TrainSaeParams, seed: number, cursor?: DataCursor): Promise<ActivationSource> {
  if (p.source.kind === 'activations') return ActivationStream.open(p.source.activationsDir, p.hook, seed, cursor);
  const s = p.source;
  return ModelActivationStream.open({
    modelDir: s.modelDir,
    tokensDir: s.tokensDir,
    hook: p.hook,
    seed,
    ...(cursor ? { cursor } : {}),
    ...(s.bufferRows ? { bufferRows: s.bufferRows } : {}),
    ...(s.provider ? { provider: s.provider } : {}),
    ...(s.holdOut ? { holdOut: s.holdOut } : {}),
  });
}

/** cfg.json for this run: provenance from the params, else from the activation set (and its token set). */
export async function runCfg(p: TrainSaeParams): Promise<SaeLensCfg> {
  const m = await sourceInfo(p);
  const hp = p.hyperparameters;
  if (m.dModel !== hp.dIn) throw new TrainingError('BAD_PARAMS', `d_in ${hp.dIn} does not match the width ${m.dModel} of ${m.where}`);
  const tokens = await readTokenManifest(m.tokensDir).catch(() => null);
  const prov: SaeProvenance = {
    modelName: path.basename(m.modelDir),
    hookName: p.hook,
    hookLayer: Number(/^blocks\.(\d+)\./.exec(p.hook)?.[1] ?? 0),
    contextSize: tokens?.contextSize ?? 0,
    prependBos: tokens?.settings.prependBos ?? true,
    ...p.provenance,
  };
  const widths = hp.architecture === 'matryoshka' ? matryoshkaWidthsOf(hp, dSaeOf(hp)) : undefined;
  return buildSaeLensCfg(hp.architecture, hp.dIn, dSaeOf(hp), prov, hp.k, widths);
}

/**
 * The engine to train with, and why (logged, shown in the UI): `auto` takes tfjs only when
 * a native tfjs backend (tfjs-node-gpu / tfjs-node) loads — on wasm/cpu the ONNX Runtime
 * engine is 5× faster — and ort otherwise. Ghost gradients exist only in the tfjs engine.
 */
export async function createEngine(p: TrainSaeParams): Promise<{ engine: TrainingEngine; reason: string }> {
  const tfjs = async (reason: string) => ({ engine: await TfjsEngine.create(p.tfjsBackend ? { prefer: p.tfjsBackend } : {}), reason });
  if (p.engine === 'tfjs') return tfjs('chosen in Settings');
  if (p.engine === 'ort') return { engine: new OrtEngine({}), reason: 'chosen in Settings' };
  if (p.hyperparameters.ghostGradients) return tfjs('ghost gradients run only on the tfjs engine');
  const native = (await loadTfjs()).native;
  return native
    ? tfjs('a native tfjs backend loaded')
    : { engine: new OrtEngine({}), reason: 'no native tfjs backend loaded (tfjs-node/-gpu absent); ONNX Runtime trains faster here' };
}

export interface StartState {
  weights: SaeWeights;
  state: TrainerState;
  cursor: DataCursor;
  resumed: boolean;
  /** The first training batches (raw units) when this start read them (input-scale estimate), else null. */
  sample: Float32Array[] | null;
}

/**
 * The first `normalizationBatches` (default 10) batches of the run's data in its seeded order,
 * raw units, from a separate stream (so reading them consumes no training data): what the input
 * scale and the mean-ablation baseline are estimated on. Deterministic, so a resume reads the same.
 */
export async function sampleBatches(p: TrainSaeParams): Promise<Float32Array[]> {
  const hp = p.hyperparameters;
  const s = await openSource(p, hp.seed);
  const nBatches = Math.max(1, Math.min(p.normalizationBatches ?? 10, Math.ceil(s.totalRows / hp.batchSize)));
  const batches: Float32Array[] = [];
  for (let i = 0; i < nBatches; i++) batches.push(await s.next(hp.batchSize));
  return batches;
}

/** Fresh weights + state (input scale estimated from the first batches), or a checkpoint's. */
export async function startState(p: TrainSaeParams, cfg: SaeLensCfg): Promise<StartState> {
  const hp = p.hyperparameters;
  if (p.resumeFrom) {
    const c = await loadCheckpoint(p.resumeFrom);
    if (c.weights.b_enc.length !== cfg.d_sae || c.weights.b_dec.length !== cfg.d_in) {
      throw new TrainingError(
        'CHECKPOINT_MISMATCH',
        `checkpoint ${p.resumeFrom} is ${c.weights.b_dec.length}×${c.weights.b_enc.length}, this run is ${cfg.d_in}×${cfg.d_sae}`,
      );
    }
    return { ...c, resumed: true, sample: null };
  }
  const { weights, rngState } = initSaeWeights(hp);
  const sample = hp.normalizeInputs || p.evaluation ? await sampleBatches(p) : null;
  const inputScale = hp.normalizeInputs && sample ? estimateInputScale(sample, hp.dIn) : 1;
  return {
    weights,
    state: initialTrainerState(cfg.d_sae, rngState, inputScale),
    cursor: { shard: 0, row: 0, epoch: 0 },
    resumed: false,
    sample,
  };
}
