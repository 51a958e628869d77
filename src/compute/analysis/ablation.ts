import type { AblationMode } from '../../shared/types/analysis';
import type { SpliceModel } from '../training/splice-eval';
import type { AblationStats } from './ablation-stats';
import { activationOf, decodeSparse, type SparseCodes } from './sparse-codes';
import { positionLosses, tokenCe } from './token-loss';

/** SAE encode of raw hook activations x [n, d_in] → sparse codes (the task uses the ORT encoder). */
export type EncodeCodes = (x: Float32Array, n: number) => Promise<SparseCodes>;

export interface AblationSetup {
  lm: SpliceModel;
  hook: string;
  encode: EncodeCodes;
  W_dec: Float32Array; // [d_sae, d_in]
  b_dec: Float32Array; // [d_in]
  feature: number;
  mode: AblationMode;
}

export interface AblationWindow {
  index: number;
  tokens: ArrayLike<number>;
}

/**
 * One batch of windows (docs/analysis.md): a clean forward reads x at the hook; the SAE gives
 * x̂ and a_f; then
 *   mode 'sae':             baseline splices x̂, ablated splices x̂ − a_f·W_dec[f]
 *   mode 'error-preserved': baseline is the clean run, ablated splices x − a_f·W_dec[f]
 * (splicing v = adding the delta v − x at the hook's write point). Windows where f never fires
 * have ablated = baseline exactly, so only the others go through the ablated forward.
 * Returns the number of model forwards run.
 */
export async function ablateBatch(s: AblationSetup, windows: readonly AblationWindow[], stats: AblationStats): Promise<number> {
  const { lm, hook } = s;
  const d = lm.architecture.dModel;
  const rows = windows.filter((w) => w.tokens.length >= 2);
  if (rows.length === 0) return 0;
  const seq = Math.max(...rows.map((r) => r.tokens.length));
  const batchOf = (rs: readonly AblationWindow[]) => ({
    inputIds: rs.map((r) => Array.from({ length: seq }, (_, j) => (j < r.tokens.length ? r.tokens[j]! : 0))),
    attentionMask: rs.map((r) => Array.from({ length: seq }, (_, j) => (j < r.tokens.length ? 1 : 0))),
  });
  const clean = await lm.forward(batchOf(rows), { read: [hook] });
  const x = clean.activations[hook]; // [b, seq, d]
  if (!x) throw new Error(`the model returned no activations for ${hook}`);
  let forwards = 1;

  // Real positions gathered into [n, d_in] in (row, position) order.
  const offsets = [0];
  for (const r of rows) offsets.push(offsets[offsets.length - 1]! + r.tokens.length);
  const n = offsets[rows.length]!;
  const xReal = new Float32Array(n * d);
  rows.forEach((r, b) => xReal.set(x.subarray(b * seq * d, (b * seq + r.tokens.length) * d), offsets[b]! * d));
  const codes = await s.encode(xReal, n);
  const aF = activationOf(codes, s.feature); // [n]
  const wf = s.W_dec.subarray(s.feature * d, (s.feature + 1) * d);

  let baseLogits = clean.logits;
  let baseDelta: Float32Array | null = null; // 'sae': x̂ − x at real positions, [b, seq, d]
  if (s.mode === 'sae') {
    const xHat = decodeSparse(codes, s.W_dec, s.b_dec, d);
    const delta = new Float32Array(rows.length * seq * d);
    rows.forEach((r, b) => {
      for (let i = 0; i < r.tokens.length * d; i++) delta[b * seq * d + i] = xHat[offsets[b]! * d + i]! - x[b * seq * d + i]!;
    });
    baseLogits = (await lm.forward(batchOf(rows), { deltas: { [hook]: delta } })).logits;
    forwards++;
    baseDelta = delta; // the ablated delta is this minus a_f·W_dec[f]
  }

  const firing = rows.map((r, b) => aF.subarray(offsets[b]!, offsets[b + 1]!).some((a) => a > 0));
  const ablRows = rows.filter((_, b) => firing[b]);
  const ablIndex = new Map<number, number>(); // row b → row in the ablated batch
  rows.forEach((_, b) => firing[b] && ablIndex.set(b, ablIndex.size));
  let ablLogits: Float32Array | null = null;
  if (ablRows.length > 0) {
    const base = baseDelta;
    const delta = new Float32Array(ablRows.length * seq * d);
    for (const [b, k] of ablIndex) {
      const r = rows[b]!;
      for (let p = 0; p < r.tokens.length; p++) {
        const a = aF[offsets[b]! + p]!;
        for (let c = 0; c < d; c++) delta[(k * seq + p) * d + c] = (base ? base[(b * seq + p) * d + c]! : 0) - a * wf[c]!;
      }
    }
    ablLogits = (await lm.forward(batchOf(ablRows), { deltas: { [hook]: delta } })).logits;
    forwards++;
  }

  const v = clean.vocab;
  const scratch = new Float64Array(v);
  rows.forEach((r, b) => {
    const m = r.tokens.length - 1;
    const ceB = new Float64Array(m);
    const ceA = new Float64Array(m);
    const kl = new Float64Array(m);
    const k = ablIndex.get(b);
    for (let p = 0; p < m; p++) {
      const target = r.tokens[p + 1]!;
      if (k === undefined || !ablLogits) {
        ceB[p] = tokenCe(baseLogits, (b * seq + p) * v, v, target);
        ceA[p] = ceB[p]!; // f never fired in this window: the ablated run equals the baseline
      } else {
        const l = positionLosses(baseLogits, (b * seq + p) * v, ablLogits, (k * seq + p) * v, v, target, scratch);
        ceB[p] = l.ceBaseline;
        ceA[p] = l.ceAblated;
        kl[p] = l.kl;
      }
    }
    stats.addWindow(r.index, r.tokens, ceB, ceA, kl, aF.subarray(offsets[b]!, offsets[b]! + m));
  });
  return forwards;
}
