/**
 * Steered forwards for the decode loop (docs/steering.md, "Clamping with a KV cache").
 *
 * Additive: one pass; the delta of each position is known beforehand.
 * Clamp: the delta at position t depends on the hook's own value x_t there, which the
 * KV-cache step computes. Two passes over the same inputs and the same past:
 *   1. run with a zero delta at the new positions, reading x at the hook;
 *   2. compute δ_t = Σ_f (a_f′ − a_f(x_t)) W_dec[f] and run again with δ — its logits and
 *      present key/values are the step's. Pass 1's presents are dropped (ORT returns new
 *      tensors; the past is an input and is never modified in place).
 * Pass 2 sees the same x_t as pass 1: a hook's value never depends on deltas at that same
 * hook (they only reach later layers), and everything before the hook is identical. Past
 * positions carry their own steered keys/values from earlier steps, so the cache stays the
 * steered model's. Cost: two forwards per clamped step (ORT computes the whole graph for
 * any output subset; measured here), none extra where no position is steered.
 * Both the steered and the unsteered run use the same hooked session (unsteered = zero
 * deltas), so a zero intervention reproduces the unsteered logits bit for bit.
 */
import type { DecodeForward } from '../model/generate';
import type { ForwardResult, KvCache, LanguageModel } from '../model/language-model';
import { interventionDeltas, positionSteered, type SteeringSpec } from './intervention';
import type { SteeringSae } from './sae';

export interface SteeringSetup {
  lm: LanguageModel;
  sae: SteeringSae;
  hook: string;
  spec: SteeringSpec;
}

/** The hooks both runs' session has: a write at the hook, plus a read of it for clamp. */
function sessionHooks(s: SteeringSetup): { read: string[]; writable: string[] } {
  return { read: s.spec.mode === 'clamp' ? [s.hook] : [], writable: [s.hook] };
}

function call(s: SteeringSetup, ids: number[], past: KvCache | undefined, delta?: Float32Array): Promise<ForwardResult> {
  return s.lm.forward({ inputIds: [ids] }, { ...sessionHooks(s), ...(past ? { past } : {}), ...(delta ? { deltas: { [s.hook]: delta } } : {}) });
}

/** The unsteered model, through the same hooked session as the steered one (zero deltas). */
export function unsteeredForward(s: SteeringSetup): DecodeForward {
  return (ids, _start, past) => call(s, ids, past);
}

/** The steered model for a prompt of `promptLength` tokens. */
export function steeredForward(s: SteeringSetup, promptLength: number): DecodeForward {
  return async (ids, start, past) => {
    const steered = ids.some((_, i) => positionSteered(s.spec.positions, start + i, promptLength));
    if (!steered) return call(s, ids, past);
    if (s.spec.mode === 'additive') return call(s, ids, past, interventionDeltas(s.sae, s.spec, start, ids.length, promptLength));
    const read = await call(s, ids, past); // pass 1: x at the hook, no delta
    const x = read.activations[s.hook];
    if (!x) throw new Error(`the hooked session returned no value for ${s.hook}`);
    return call(s, ids, past, interventionDeltas(s.sae, s.spec, start, ids.length, promptLength, x)); // pass 2
  };
}

/**
 * Teacher-forced scoring: logits [n, vocab] of the distributions that predicted the n
 * continuation tokens after the prompt (rows P−1 … P+n−2 of one forward over prompt +
 * continuation), under `forward`.
 */
export async function scoreContinuation(forward: DecodeForward, promptIds: readonly number[], continuation: readonly number[]): Promise<{ logits: Float32Array; vocab: number }> {
  if (continuation.length === 0) return { logits: new Float32Array(0), vocab: 0 };
  const ids = [...promptIds, ...continuation];
  const out = await forward(ids, 0, undefined);
  const P = promptIds.length;
  return { logits: out.logits.slice((P - 1) * out.vocab, (P - 1 + continuation.length) * out.vocab), vocab: out.vocab };
}
