import { promises as fs } from 'node:fs';
import path from 'node:path';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import type { F32Tensor } from './safetensors';
import { EXTRA_PARAMS, paramShapeOf } from './architectures';
import type { TrainedParam } from './architectures';
import type { SaeWeights, TrainerState } from './types';

/** Our own trainer-state files, kept beside the SAELens files in a checkpoint folder. */
export const TRAINER_STATE_JSON = 'trainer_state.json';
export const TRAINER_STATE_TENSORS = 'trainer_state.safetensors';

const PARAMS = ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const;
/** Moments of parameters only some architectures train (JumpReLU, Gated), saved when present. */
const OPTIONAL: readonly TrainedParam[] = EXTRA_PARAMS;

interface TrainerStateJson {
  format: 'miStudio-trainer-state/1';
  step: number;
  rngState: number;
  inputScale: number;
  dataCursor: { shard: number; row: number };
  hasMoments: boolean;
  /** BatchTopK's global threshold (float64; JSON keeps it exactly). */
  topkThreshold?: number;
}

/** Files for a checkpoint folder: {name: bytes}, to pass to writeSaeLensFolder's extraFiles. */
export function encodeTrainerState(state: TrainerState, dIn: number, dSae: number): Record<string, Uint8Array | string> {
  const shapes: Record<(typeof PARAMS)[number], number[]> = { W_enc: [dIn, dSae], b_enc: [dSae], W_dec: [dSae, dIn], b_dec: [dIn] };
  const tensors: Record<string, F32Tensor> = { tokensSinceFired: { shape: [dSae], data: state.tokensSinceFired } };
  if (state.moments) {
    for (const p of PARAMS) {
      tensors[`m.${p}`] = { shape: shapes[p], data: state.moments.m[p] };
      tensors[`v.${p}`] = { shape: shapes[p], data: state.moments.v[p] };
    }
    for (const p of OPTIONAL) {
      const [m, v] = [state.moments.m[p], state.moments.v[p]];
      if (m && v) {
        tensors[`m.${p}`] = { shape: paramShapeOf(p, dIn, dSae), data: m };
        tensors[`v.${p}`] = { shape: paramShapeOf(p, dIn, dSae), data: v };
      }
    }
  }
  const json: TrainerStateJson = {
    format: 'miStudio-trainer-state/1',
    step: state.step,
    rngState: state.rngState >>> 0,
    // JSON keeps every float64 bit of a finite number, so the scale survives exactly.
    inputScale: state.inputScale,
    dataCursor: state.dataCursor,
    hasMoments: state.moments !== null,
    ...(state.topkThreshold !== undefined ? { topkThreshold: state.topkThreshold } : {}),
  };
  return { [TRAINER_STATE_TENSORS]: encodeSafetensors(tensors), [TRAINER_STATE_JSON]: JSON.stringify(json, null, 2) };
}

export async function readTrainerState(dir: string): Promise<TrainerState> {
  const jsonPath = path.join(dir, TRAINER_STATE_JSON);
  const text = await fs.readFile(jsonPath, 'utf8').catch(() => {
    throw new Error(`${TRAINER_STATE_JSON} not found in ${dir}; this checkpoint cannot resume training (weights-only SAE folder?)`);
  });
  const json = JSON.parse(text) as TrainerStateJson;
  if (json.format !== 'miStudio-trainer-state/1') throw new Error(`${jsonPath}: unknown trainer-state format "${String(json.format)}"`);
  const tPath = path.join(dir, TRAINER_STATE_TENSORS);
  const bytes = await fs.readFile(tPath);
  const { tensors } = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), tPath);
  const get = (name: string): Float32Array => {
    const t = tensors.get(name);
    if (!t) throw new Error(`${tPath}: tensor "${name}" missing`);
    return t.data;
  };
  const weightsAt = (prefix: 'm' | 'v'): SaeWeights => {
    const w: SaeWeights = {
      W_enc: get(`${prefix}.W_enc`),
      b_enc: get(`${prefix}.b_enc`),
      W_dec: get(`${prefix}.W_dec`),
      b_dec: get(`${prefix}.b_dec`),
    };
    for (const p of OPTIONAL) if (tensors.has(`${prefix}.${p}`)) w[p] = get(`${prefix}.${p}`);
    return w;
  };
  const moments = json.hasMoments ? { m: weightsAt('m'), v: weightsAt('v') } : null;
  return {
    step: json.step,
    moments,
    tokensSinceFired: get('tokensSinceFired'),
    inputScale: json.inputScale,
    rngState: json.rngState,
    dataCursor: json.dataCursor,
    ...(typeof json.topkThreshold === 'number' ? { topkThreshold: json.topkThreshold } : {}),
  };
}

/** A fresh state for step 0. */
export function initialTrainerState(dSae: number, rngState: number, inputScale = 1): TrainerState {
  return { step: 0, moments: null, tokensSinceFired: new Float32Array(dSae), inputScale, rngState, dataCursor: { shard: 0, row: 0 } };
}
