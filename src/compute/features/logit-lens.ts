import { readFileSync } from 'node:fs';
import { decodeModel, graphOf, initializerMap, producers, readFloat32 } from '../onnx';
import type { ModelProto, NodeProto } from '../onnx';
import type { LanguageModel } from '../model/language-model';
import { productRowExtremes, type RowExtremes } from './row-extremes';

/** γ of the final norm (LayerNorm / RMSNorm weight) that feeds the unembedding, when the graph has one. */
export interface FinalNormScale {
  /** [d_model] */
  scale: Float32Array;
  /** Initializer name, e.g. 'transformer.ln_f.weight'. */
  name: string;
}

const PASS_THROUGH = new Set(['Identity', 'Cast', 'Reshape', 'Squeeze', 'Unsqueeze']);

/**
 * Finds the final norm's per-channel scale in front of the logits MatMul: walk from `logits` back
 * to the unembedding MatMul/Gemm (through pass-through ops and a bias Add), then from its data input
 * through a bias Add (β) to either a fused norm node (LayerNormalization, SimplifiedLayerNormalization,
 * RMSNormalization: input 1; Skip*LayerNormalization: input 2) or a decomposed one, whose last step is
 * Mul by a [d_model] initializer (GPT-2 / Llama exports). null when no such scale is found.
 */
export function findFinalNormScale(m: ModelProto, logitsName: string, dModel: number): FinalNormScale | null {
  const graph = graphOf(m);
  const inits = initializerMap(graph);
  const prod = producers(graph);
  const skip = (n: NodeProto | undefined): NodeProto | undefined => {
    while (n && (PASS_THROUGH.has(n.opType ?? '') || (n.opType === 'Add' && n.input.some((i) => inits.has(i)))))
      n = prod.get(n.input.find((i) => !inits.has(i)) ?? '');
    return n;
  };
  const unembed = skip(prod.get(logitsName));
  if (!unembed || (unembed.opType !== 'MatMul' && unembed.opType !== 'Gemm')) return null;
  const norm = skip(prod.get(unembed.input[0] ?? ''));
  if (!norm) return null;
  const vector = (name: string | undefined): FinalNormScale | null => {
    const t = name ? inits.get(name) : undefined;
    if (!t || t.dims.map(Number).reduce((a, b) => a * b, 1) !== dModel) return null;
    return { scale: readFloat32(t), name: t.name ?? name ?? '' };
  };
  const op = norm.opType ?? '';
  if (op === 'LayerNormalization' || op === 'SimplifiedLayerNormalization' || op === 'RMSNormalization') return vector(norm.input[1]);
  if (op === 'SkipLayerNormalization' || op === 'SkipSimplifiedLayerNormalization') return vector(norm.input[2]);
  if (op === 'Mul') return vector(norm.input.find((i) => inits.has(i)));
  return null;
}

export interface LogitLensResult {
  positive: RowExtremes;
  negative: RowExtremes;
  finalNormScale: string | null;
  unembeddingSource: string;
  /** Vocabulary size of W_U. */
  vocab: number;
}

/**
 * Logit lens of every feature (docs/features.md): W_dec[f] · diag(γ) · W_U [vocab], where γ is the
 * final norm's scale when the model has one (the direction as the unembedding reads it after the
 * norm; the norm's centring and 1/σ are per-token and left out, as in Neuronpedia/sae_vis with
 * TransformerLens fold_ln). Top `count` positive and negative tokens per feature.
 */
export async function logitLens(
  lm: LanguageModel,
  wDec: Float32Array,
  dSae: number,
  count: number,
  opts: { between?: () => Promise<void>; provider?: string } = {},
): Promise<LogitLensResult> {
  const u = lm.unembedding(); // W_U [d_model, vocab]
  const d = u.dModel;
  if (wDec.length !== dSae * d) throw new Error(`W_dec has ${wDec.length} values; expected d_sae ${dSae} × d_model ${d}`);
  const norm = findFinalNormScale(decodeModel(new Uint8Array(readFileSync(lm.folder.onnxPath))), lm.io.logits, d);
  let a = wDec;
  if (norm) {
    a = new Float32Array(wDec.length);
    for (let r = 0; r < dSae; r++) for (let c = 0; c < d; c++) a[r * d + c] = wDec[r * d + c]! * norm.scale[c]!;
  }
  const { top, bottom } = await productRowExtremes(a, dSae, d, u.weights, u.vocab, false, { top: count, bottom: count, ...opts });
  return { positive: top, negative: bottom, finalNormScale: norm?.name ?? null, unembeddingSource: u.source, vocab: u.vocab };
}
