/**
 * Clamping computed inside the model graph, one pass per step (docs/steering.md, "Clamping
 * with a KV cache"), for standard and JumpReLU SAEs, whose a_f depends only on feature f's
 * encoder column. At the hook's write `x′ = x + delta` the delta becomes
 *   delta + on · (target − a(x)) W_dec[F]
 *   a(x) = pre · [pre > threshold],  pre = (x − b_dec) W_enc[:, F] + b_enc[F]     // [b, s, |F|]
 * (standard: threshold 0, so a = ReLU(pre)). The SAE slices are graph inputs, fed per call,
 * so one session serves every SAE, feature set and target of that hook; `on` [b, s, 1] is 1
 * at steered positions and 0 elsewhere (0 everywhere = the unsteered model, exactly).
 * TopK needs every pre-activation per position and fused Skip*LayerNorm hooks have no plain
 * `x` to read: those clamp in two passes (forward.ts).
 */
import * as ort from 'onnxruntime-node';
import type { GraphEdit } from '../model/language-model';
import { node, tensorValueInfo } from '../onnx/graph/build';
import { freshName, graphOf } from '../onnx/graph/inspect';
import { DataType } from '../onnx/proto/constants';
import type { SteeringFeature } from './intervention';
import type { SteeringSae } from './sae';

const INPUTS = ['w_enc', 'b_enc', 'threshold', 'w_dec', 'b_dec', 'target', 'on'] as const;
type ClampInput = (typeof INPUTS)[number];

const inputName = (hook: string, what: ClampInput) => `${hook}.clamp.${what}`;

/** The edit that puts the clamp at `hook` (the hook must also be a write hook of the session). */
export function clampEdit(hook: string, dModel: number): GraphEdit {
  return {
    key: `clamp:${hook}`,
    apply(model, found, deltaInputs) {
      const graph = graphOf(model);
      const delta = deltaInputs.get(hook);
      if (!delta) throw new Error(`in-graph clamp at ${hook} needs a write hook there`);
      const at = graph.node.findIndex((n) => n.opType === 'Add' && n.input[1] === delta);
      const add = graph.node[at];
      // A plain write hook is Add(x, delta) with x the hook's tensor; a fused one adds delta to
      // the skip input of a Skip*LayerNormalization, whose sum x is not available before it.
      const x = found.hooks.find((h) => h.name === hook)?.tensor;
      if (!add || !x || add.input[0] !== x)
        throw new Error(`in-graph clamp: ${hook} is not a plain Add write hook (fused graph); clamp in two passes`);
      const t = (base: string) => freshName(graph, `${hook}.clamp.${base}`);
      const [centred, proj, pre, gate, gateF, act, diff, diffOn, recon, total] = [
        'centred',
        'proj',
        'pre',
        'gate',
        'gate_f',
        'a',
        'diff',
        'diff_on',
        'recon',
        'total',
      ].map(t) as [string, string, string, string, string, string, string, string, string, string];
      const i = (what: ClampInput) => inputName(hook, what);
      const nodes = [
        node('Sub', [x, i('b_dec')], [centred]), // [b, s, d]
        node('MatMul', [centred, i('w_enc')], [proj]), // [b, s, F]
        node('Add', [proj, i('b_enc')], [pre]),
        node('Greater', [pre, i('threshold')], [gate]),
        node('Cast', [gate], [gateF], { attrs: { to: DataType.FLOAT } }),
        node('Mul', [pre, gateF], [act]), // a_F(x)
        node('Sub', [i('target'), act], [diff]),
        node('Mul', [diff, i('on')], [diffOn]),
        node('MatMul', [diffOn, i('w_dec')], [recon]), // [b, s, d]
        node('Add', [delta, recon], [total]),
      ];
      nodes.forEach((n, k) => (n.name = freshName(graph, `${hook}.clamp_node_${k}`)));
      graph.node.splice(at, 0, ...nodes);
      add.input[1] = total;
      const F = 'clamp_features';
      const shapes: Record<ClampInput, (number | string)[]> = {
        w_enc: [dModel, F],
        b_enc: [F],
        threshold: [F],
        w_dec: [F, dModel],
        b_dec: [dModel],
        target: [F],
        on: ['batch', 'seq', 1],
      };
      for (const what of INPUTS) graph.input.push(tensorValueInfo(i(what), DataType.FLOAT, shapes[what]));
    },
  };
}

/** True when this SAE's clamp can run in-graph (its a_f reads only feature f's encoder column). */
export function clampsInGraph(sae: SteeringSae): boolean {
  return sae.architecture === 'standard' || sae.architecture === 'jumprelu';
}

/** The SAE slices for the clamped features (fixed per run): every input but `on`. */
export function clampWeightFeeds(sae: SteeringSae, hook: string, features: readonly SteeringFeature[]): Record<string, ort.Tensor> {
  const { dIn, dSae } = sae;
  const F = features.length;
  const wEnc = new Float32Array(dIn * F);
  const wDec = new Float32Array(F * dIn);
  features.forEach(({ feature }, k) => {
    for (let c = 0; c < dIn; c++) wEnc[c * F + k] = sae.W_enc[c * dSae + feature]!;
    wDec.set(sae.W_dec.subarray(feature * dIn, (feature + 1) * dIn), k * dIn);
  });
  const tensor = (data: Float32Array, dims: number[]) => new ort.Tensor('float32', data, dims);
  return {
    [inputName(hook, 'w_enc')]: tensor(wEnc, [dIn, F]),
    [inputName(hook, 'b_enc')]: tensor(
      Float32Array.from(features, (f) => sae.b_enc[f.feature]!),
      [F],
    ),
    // ReLU(pre)·[pre > θ] = pre·[pre > max(θ, 0)] (SAELens JumpReLU applies ReLU first).
    [inputName(hook, 'threshold')]: tensor(
      Float32Array.from(features, (f) => Math.max(0, sae.threshold ? sae.threshold[f.feature]! : 0)),
      [F],
    ),
    [inputName(hook, 'w_dec')]: tensor(wDec, [F, dIn]),
    [inputName(hook, 'b_dec')]: tensor(sae.applyBDecToInput ? Float32Array.from(sae.b_dec) : new Float32Array(dIn), [dIn]),
    [inputName(hook, 'target')]: tensor(
      Float32Array.from(features, (f) => f.coefficient * f.scale),
      [F],
    ),
  };
}

/** The `on` mask [1, n, 1] for positions start … start+n−1. */
export function clampMaskFeed(hook: string, on: readonly boolean[]): Record<string, ort.Tensor> {
  return {
    [inputName(hook, 'on')]: new ort.Tensor(
      'float32',
      Float32Array.from(on, (b) => (b ? 1 : 0)),
      [1, on.length, 1],
    ),
  };
}
