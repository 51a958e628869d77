import type { GenerationOptions, GenerationResult } from '../../shared/types/models';
import type { ForwardResult, HookDeltas, KvCache, LanguageModel } from './language-model';
import { mulberry32, sampleToken } from './sampling';

/** A constant vector added at a hook at every position (steering), [d_model]. */
export type SteeringVectors = Record<string, Float32Array>;

/**
 * One forward of the decode loop (batch 1): token ids at positions start … start+ids.length−1
 * after `past` (absent on the first call and on full recomputes, where start = 0). Steering
 * that needs more than a constant delta (per-position deltas, SAE clamping) plugs in here.
 */
export type DecodeForward = (ids: number[], start: number, past: KvCache | undefined) => Promise<ForwardResult>;

export interface GenerationStep {
  index: number;
  tokenId: number;
  /** Token text as decoded alone. */
  text: string;
  /** Next-token logits [vocab] this token was sampled from (for KL / probability shifts). */
  logits: Float32Array;
}

export interface GenerateHooks {
  onStep?: (step: GenerationStep) => void;
  /** Checked before each step; true stops the loop (job cancel). */
  shouldStop?: () => boolean | Promise<boolean>;
}

function repeatRows(vector: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(vector.length * rows);
  for (let r = 0; r < rows; r++) out.set(vector, r * vector.length);
  return out;
}

function deltasFor(steering: SteeringVectors | undefined, positions: number): HookDeltas | undefined {
  if (!steering) return undefined;
  return Object.fromEntries(Object.entries(steering).map(([hook, v]) => [hook, repeatRows(v, positions)]));
}

/**
 * Our own decode loop (docs/models.md, "Generation"): one prompt pass, then one token per step with the
 * KV cache when the graph has past_key_values, else a full recompute. One seeded RNG,
 * so runs that share prompt, seed and settings draw the same uniforms.
 */
export async function generate(
  lm: LanguageModel,
  prompt: string | number[],
  opts: GenerationOptions,
  steering?: SteeringVectors | DecodeForward,
  hooks: GenerateHooks = {},
): Promise<GenerationResult> {
  const promptIds = typeof prompt === 'string' ? lm.tokenizer.encode(prompt) : prompt;
  if (promptIds.length === 0) throw new Error('the prompt is empty: type at least one word');
  const maxPositions = lm.architecture.maxPositions ?? Infinity;
  // A clear error rather than cutting the prompt from the left: the researcher's text is
  // what steering and features are measured on, so we never change it silently.
  if (promptIds.length >= maxPositions) {
    throw Object.assign(
      new Error(
        `The prompt is ${promptIds.length} tokens long, but this model reads at most ${maxPositions} tokens (its context window) and needs room for at least one new token; shorten the prompt by ${promptIds.length - maxPositions + 1} tokens or more.`,
      ),
      { code: 'PROMPT_TOO_LONG' },
    );
  }
  const random = mulberry32(opts.seed);
  const eos = opts.stopAtEos === false ? null : lm.tokenizer.eosTokenId;
  const generated: number[] = [];
  const started = performance.now();
  let stoppedBy: GenerationResult['stoppedBy'] = 'maxTokens';
  const run: DecodeForward =
    typeof steering === 'function'
      ? steering
      : (ids, _start, past) => lm.forward({ inputIds: [ids] }, { ...(past ? { past } : {}), deltas: deltasFor(steering, ids.length) });
  let out = await run(promptIds, 0, undefined);
  let last = lastRow(out.logits, promptIds.length, out.vocab);
  for (let i = 0; i < opts.maxNewTokens; i++) {
    if (await hooks.shouldStop?.()) {
      stoppedBy = 'cancelled';
      break;
    }
    const tokenId = sampleToken(last, opts, random);
    generated.push(tokenId);
    hooks.onStep?.({ index: i, tokenId, text: lm.tokenizer.tokenTexts([tokenId])[0] ?? '', logits: last });
    if (tokenId === eos) {
      stoppedBy = 'eos';
      break;
    }
    const length = promptIds.length + generated.length;
    if (i === opts.maxNewTokens - 1) break;
    if (length >= maxPositions) {
      stoppedBy = 'contextWindow'; // the window is full: said, not silently cut short
      break;
    }
    if (lm.architecture.kvCache && out.cache) {
      out = await run([tokenId], length - 1, out.cache);
      last = lastRow(out.logits, 1, out.vocab);
    } else {
      const all = [...promptIds, ...generated];
      out = await run(all, 0, undefined);
      last = lastRow(out.logits, all.length, out.vocab);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    prompt: typeof prompt === 'string' ? prompt : lm.tokenizer.decode(promptIds),
    promptTokenIds: promptIds,
    tokenIds: generated,
    // transformers.js refuses to decode an empty list (a cancel before the first token).
    text: generated.length ? lm.tokenizer.decode(generated, { skipSpecialTokens: true }) : '',
    stoppedBy,
    tokensPerSecond: seconds > 0 ? generated.length / seconds : 0,
  };
}

/** The logits of the last of `positions` positions (batch 1): [vocab]. */
function lastRow(logits: Float32Array, positions: number, vocab: number): Float32Array {
  return logits.slice((positions - 1) * vocab, positions * vocab);
}
