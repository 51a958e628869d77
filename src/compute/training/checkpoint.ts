import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EXTRA_PARAMS } from '../sae/architectures';
import { foldInputScale } from '../sae/normalize';
import { writeSaeLensFolder, type SaeLensCfg } from '../sae/saelens-format';
import { decodeSafetensors, encodeSafetensors } from '../sae/safetensors';
import { encodeTrainerState, readTrainerState } from '../sae/trainer-state';
import type { SaeWeights, TrainerState } from '../sae/types';
import type { DataCursor } from './data-stream';
import type { CheckpointRecord } from './types';

/** Raw (scaled-space) weights the engine trains, kept so resume is bit-exact (folding the scale is not invertible in float32). */
export const TRAINING_WEIGHTS = 'training_weights.safetensors';
/** Our run progress: the full data cursor (with epoch), last loss, training id. */
export const TRAINING_PROGRESS = 'training_progress.json';
const PARAMS = ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const;
/** Trained by some architectures only (JumpReLU, Gated): saved and loaded when present. */
const OPTIONAL = EXTRA_PARAMS;

interface ProgressJson {
  format: 'miStudio-training-progress/1';
  trainingId: string;
  step: number;
  cursor: DataCursor;
  loss: number | null;
  savedAt: string;
}

export function checkpointDir(outDir: string, step: number): string {
  return path.join(outDir, 'checkpoints', `step-${step}`);
}

export function allFinite(w: SaeWeights): boolean {
  for (const p of [...PARAMS, ...OPTIONAL]) for (const v of w[p] ?? []) if (!Number.isFinite(v)) return false;
  return true;
}

export interface CheckpointData {
  weights: SaeWeights; // scaled space, as the engine trains
  state: TrainerState;
  cursor: DataCursor;
}

/**
 * Write outDir/checkpoints/step-<n>/ atomically: the SAELens folder (cfg.json + weights with
 * the input scale folded in, so it takes raw activations) + trainer state + raw weights + cursor.
 */
export async function saveCheckpoint(
  outDir: string,
  trainingId: string,
  cfg: SaeLensCfg,
  data: CheckpointData,
  loss: number,
): Promise<CheckpointRecord> {
  const { weights, state, cursor } = data;
  const dir = checkpointDir(outDir, state.step);
  const tensors = Object.fromEntries(
    PARAMS.map((p) => [
      p,
      { shape: p === 'W_enc' ? [cfg.d_in, cfg.d_sae] : p === 'W_dec' ? [cfg.d_sae, cfg.d_in] : [weights[p].length], data: weights[p] },
    ]),
  );
  for (const p of OPTIONAL) {
    const v = weights[p];
    if (v) tensors[p] = { shape: [v.length], data: v };
  }
  const progress: ProgressJson = {
    format: 'miStudio-training-progress/1',
    trainingId,
    step: state.step,
    cursor,
    loss: Number.isFinite(loss) ? loss : null,
    savedAt: new Date().toISOString(),
  };
  const inference = state.topkThreshold !== undefined ? { topkThreshold: state.topkThreshold } : {};
  await writeSaeLensFolder(
    dir,
    foldInputScale(weights, state.inputScale),
    cfg,
    {
      ...encodeTrainerState({ ...state, dataCursor: { shard: cursor.shard, row: cursor.row } }, cfg.d_in, cfg.d_sae),
      [TRAINING_WEIGHTS]: encodeSafetensors(tensors),
      [TRAINING_PROGRESS]: JSON.stringify(progress, null, 2),
    },
    inference,
  );
  return { step: state.step, path: dir, loss, sizeBytes: await folderSize(dir) };
}

export async function loadCheckpoint(dir: string): Promise<CheckpointData> {
  const state = await readTrainerState(dir);
  const progress = JSON.parse(await fs.readFile(path.join(dir, TRAINING_PROGRESS), 'utf8')) as ProgressJson;
  if (progress.format !== 'miStudio-training-progress/1') throw new Error(`${dir}: unknown training-progress format`);
  const file = path.join(dir, TRAINING_WEIGHTS);
  const bytes = await fs.readFile(file);
  const { tensors } = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
  const get = (name: string): Float32Array => {
    const t = tensors.get(name);
    if (!t) throw new Error(`${file}: tensor "${name}" missing`);
    return Float32Array.from(t.data);
  };
  const weights: SaeWeights = { W_enc: get('W_enc'), b_enc: get('b_enc'), W_dec: get('W_dec'), b_dec: get('b_dec') };
  for (const p of OPTIONAL) if (tensors.has(p)) weights[p] = get(p);
  return { weights, state, cursor: progress.cursor };
}

export async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await fs.readdir(dir)) total += (await fs.stat(path.join(dir, name))).size;
  return total;
}
