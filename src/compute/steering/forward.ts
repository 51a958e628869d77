/**
 * Steered forwards for the decode loop (docs/steering.md, "Clamping with a KV cache").
 *
 * Additive (no feature clamped): one pass; the delta of each position is known beforehand.
 * With clamped features (alone or mixed with additive ones, each feature has its own mode):
 * Clamp: the delta at position t depends on the hook's own value x_t there, which the
 * KV-cache step computes. Two ways, both over the step's inputs and the steered past:
 * - in-graph (standard / JumpReLU SAEs on plain-Add graphs; clamp-graph.ts): the clamped
 *   features' encoder and decoder slices are inserted at the hook, so δ_t is computed from
 *   x_t inside the one forward;
 * - two passes (TopK, fused graphs): (1) run with nothing added, reading x at the hook;
 *   (2) compute δ_t = Σ_f (a_f′ − a_f(x_t)) W_dec[f] in JS and run again with δ — its
 *   logits and present key/values are the step's; pass 1's presents are dropped (the past is
 *   an input; ORT never changes it in place). Pass 2 sees the same x_t: a hook's value never
 *   depends on deltas at that same hook (they only reach later layers). Two forwards per step:
 *   ORT computes the whole graph whatever outputs are fetched (measured).
 * Past positions carry their own steered keys/values from earlier steps, so the cache stays
 * the steered model's. The steered and the unsteered run use the same hooked session
 * (unsteered = nothing added), so a zero intervention reproduces the unsteered logits bit for bit.
 */
import type * as ort from 'onnxruntime-node';
import type { DecodeForward } from '../model/generate';
import type { ForwardOptions, ForwardResult, KvCache, LanguageModel } from '../model/language-model';
import { clampEdit, clampMaskFeed, clampsInGraph, clampWeightFeeds } from './clamp-graph';
import { additiveFeatures, clampedFeatures, interventionDeltas, positionSteered, steeringVector, type SteeringSpec } from './intervention';
import type { SteeringSae } from './sae';

export interface SteeringSetup {
  lm: LanguageModel;
  sae: SteeringSae;
  hook: string;
  spec: SteeringSpec;
}

/** How a setup's forwards run: additive only, with clamps in-graph (one pass), or with clamps in two passes. */
type Strategy = 'additive' | 'clamp-in-graph' | 'clamp-two-pass';

/**
 * In-graph clamping needs an SAE whose a_f reads one encoder column (standard, JumpReLU) and
 * a plain Add at the hook (not an ORT-fused Skip*LayerNormalization graph).
 */
export function clampStrategy(s: SteeringSetup): Strategy {
  if (clampedFeatures(s.spec.features).length === 0) return 'additive';
  return clampsInGraph(s.sae) && !s.lm.architecture.fusedGraph ? 'clamp-in-graph' : 'clamp-two-pass';
}

const weightFeeds = new WeakMap<SteeringSetup, Record<string, ort.Tensor>>();

/** Forward options of the setup's session: the same for its steered and unsteered runs. */
function sessionOptions(s: SteeringSetup, steeredAt: readonly boolean[]): ForwardOptions {
  const strategy = clampStrategy(s);
  if (strategy === 'additive') return { writable: [s.hook] };
  if (strategy === 'clamp-two-pass') return { read: [s.hook], writable: [s.hook] };
  let w = weightFeeds.get(s);
  if (!w) {
    w = clampWeightFeeds(s.sae, s.hook, clampedFeatures(s.spec.features));
    weightFeeds.set(s, w);
  }
  return { writable: [s.hook], edits: [clampEdit(s.hook, s.lm.architecture.dModel)], feeds: { ...w, ...clampMaskFeed(s.hook, steeredAt) } };
}

/**
 * One forward of the setup's session. `steeredAt` marks where the in-graph clamp acts (all
 * false = nothing clamped); `delta` is added at the hook (additive, two-pass clamp).
 */
function call(
  s: SteeringSetup,
  ids: number[],
  past: KvCache | undefined,
  steeredAt: readonly boolean[],
  delta?: Float32Array,
): Promise<ForwardResult> {
  return s.lm.forward(
    { inputIds: [ids] },
    { ...sessionOptions(s, steeredAt), ...(past ? { past } : {}), ...(delta ? { deltas: { [s.hook]: delta } } : {}) },
  );
}

const none = (n: number) => new Array<boolean>(n).fill(false);

/**
 * In-graph clamp with additive features too: their vector at the steered positions, fed as
 * the hook's delta (the clamp's reconstruction is added to it in the graph); none → undefined.
 */
function additiveDelta(s: SteeringSetup, steeredAt: readonly boolean[]): Float32Array | undefined {
  const added = additiveFeatures(s.spec.features);
  if (added.length === 0) return undefined;
  const v = steeringVector(s.sae, added);
  const d = s.sae.dIn;
  const out = new Float32Array(steeredAt.length * d);
  steeredAt.forEach((on, r) => on && out.set(v, r * d));
  return out;
}

/** The unsteered model, through the same hooked session as the steered one (nothing added). */
export function unsteeredForward(s: SteeringSetup): DecodeForward {
  return (ids, _start, past) => call(s, ids, past, none(ids.length));
}

/** The steered model for a prompt of `promptLength` tokens. */
export function steeredForward(s: SteeringSetup, promptLength: number): DecodeForward {
  return async (ids, start, past) => {
    const steeredAt = ids.map((_, i) => positionSteered(s.spec.positions, start + i, promptLength));
    if (!steeredAt.some(Boolean)) return call(s, ids, past, steeredAt);
    const strategy = clampStrategy(s);
    if (strategy === 'additive') return call(s, ids, past, steeredAt, interventionDeltas(s.sae, s.spec, start, ids.length, promptLength));
    if (strategy === 'clamp-in-graph') return call(s, ids, past, steeredAt, additiveDelta(s, steeredAt));
    const read = await call(s, ids, past, steeredAt); // pass 1: x at the hook, nothing added
    const x = read.activations[s.hook];
    if (!x) throw new Error(`the hooked session returned no value for ${s.hook}`);
    return call(s, ids, past, steeredAt, interventionDeltas(s.sae, s.spec, start, ids.length, promptLength, x)); // pass 2
  };
}

/**
 * Teacher-forced scoring: logits [n, vocab] of the distributions that predicted the n
 * continuation tokens after the prompt (rows P−1 … P+n−2 of one forward over prompt +
 * continuation), under `forward`.
 */
export async function scoreContinuation(
  forward: DecodeForward,
  promptIds: readonly number[],
  continuation: readonly number[],
): Promise<{ logits: Float32Array; vocab: number }> {
  if (continuation.length === 0) return { logits: new Float32Array(0), vocab: 0 };
  const ids = [...promptIds, ...continuation];
  const out = await forward(ids, 0, undefined);
  const P = promptIds.length;
  return { logits: out.logits.slice((P - 1) * out.vocab, (P - 1 + continuation.length) * out.vocab), vocab: out.vocab };
}
