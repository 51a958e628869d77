import { DataType, encodeModel, model, tensorValueInfo } from '../../onnx';
import type { ValueInfoProto } from '../../onnx';
import { isBatchTopKFamily, jumpReluBandwidth, matryoshkaWidthsOf, paramShapeOf, trainedParams } from '../architectures';
import type { TrainedParam } from '../architectures';
import type { SaeArchitecture, SaeHyperparameters } from '../types';
import { buildGatedLossAndGradients } from './gated-graph';
import { buildLossAndGradients } from './loss-graph';
import { Ops } from './ops';
import type { MatmulForm } from './ops';
import { addBiasCorrection, addOptimizerUpdate, momentNames, nextName } from './optimizer-graph';
import type { OptimizerConfig } from './optimizer-graph';
import { sparseDecodePays } from './topk-sparse-graph';

/**
 * The whole training step as one ONNX model: forward, loss, metrics, backward, optimizer.
 * Everything that changes between steps is a graph INPUT (onnxruntime-node feeds only
 * session.inputNames; an input that is also an initializer would be silently ignored):
 *   x [B, d_in], lr [], l1_coefficient [] (standard only), t [] (1-based step), W_enc [d_in, d_sae],
 *   b_enc [d_sae], W_dec [d_sae, d_in], b_dec [d_in], Adam moments m_<p>, v_<p> (same shapes),
 *   AuxK only: dead_mask [d_sae] bool, k_aux [1] int64, aux_scale [];
 *   JumpReLU: log_threshold [d_sae] (a parameter, with moments), l0_coefficient [];
 *   BatchTopK and Matryoshka: k_batch [1] int64 (⌊k·B⌋); Gated: r_mag, b_mag [d_sae] (parameters, with moments).
 * Outputs: <p>_next, m_<p>_next, v_<p>_next, loss, mse, l1, l0, explained_variance,
 *   fire_counts [d_sae], aux_loss (AuxK only), min_positive [] (BatchTopK, Matryoshka).
 */
export type ParamName = TrainedParam;

export interface StepGraphConfig extends OptimizerConfig {
  architecture: SaeArchitecture;
  dIn: number;
  dSae: number;
  k: number;
  withAux: boolean;
  matmulForm: MatmulForm;
  /** JumpReLU STE bandwidth ε (a graph constant: a hyperparameter, not scheduled). */
  bandwidth: number;
  /** TopK: decode through the kept latents' rows (topk-sparse-graph.ts); the engine decides (sparseDecodePays). */
  sparseDecode?: boolean;
  /** Matryoshka prefix widths in features (graph constants), increasing, the last = d_sae. */
  matryoshkaWidths?: readonly number[];
}

/**
 * The step graph's configuration for a run (what OrtEngine.init builds; bench/sae-step-profile.ts
 * profiles the same graph). topkDecode 'auto' = sparse decode where it pays (topk-sparse-graph.ts).
 */
export function stepGraphConfigOf(
  hp: SaeHyperparameters,
  opts: { matmulForm?: MatmulForm; topkDecode?: 'auto' | 'sparse' | 'dense' } = {},
): StepGraphConfig {
  const dSae = hp.expansionFactor * hp.dIn;
  const decode = opts.topkDecode ?? 'auto';
  return {
    architecture: hp.architecture,
    dIn: hp.dIn,
    dSae,
    k: hp.k,
    withAux: false,
    matmulForm: opts.matmulForm ?? 'gemm',
    optimizer: hp.optimizer,
    beta1: hp.adamBeta1,
    beta2: hp.adamBeta2,
    epsilon: hp.adamEpsilon,
    weightDecay: hp.weightDecay,
    bandwidth: jumpReluBandwidth(hp),
    sparseDecode: hp.architecture === 'topk' && (decode === 'auto' ? sparseDecodePays(hp.k, dSae) : decode === 'sparse'),
    ...(hp.architecture === 'matryoshka' ? { matryoshkaWidths: matryoshkaWidthsOf(hp, dSae) } : {}),
  };
}

export const METRIC_OUTPUTS = ['loss', 'mse', 'l1', 'l0', 'explained_variance', 'fire_counts'] as const;

export const paramShape = paramShapeOf;

export function stateInputNames(cfg: Pick<StepGraphConfig, 'optimizer' | 'architecture'>): string[] {
  const params = trainedParams(cfg.architecture);
  const moments = cfg.optimizer === 'sgd' ? [] : params.flatMap((p) => [momentNames(p).m, momentNames(p).v]);
  return [...params, ...moments];
}

export function buildStepModel(cfg: StepGraphConfig): Uint8Array {
  const o = new Ops(cfg.matmulForm);
  const { grads, metrics } =
    cfg.architecture === 'gated'
      ? buildGatedLossAndGradients(o)
      : buildLossAndGradients(o, {
          architecture: cfg.architecture,
          k: cfg.k,
          withAux: cfg.withAux,
          bandwidth: cfg.bandwidth,
          sparseDecode: cfg.sparseDecode ?? false,
          ...(cfg.matryoshkaWidths ? { matryoshkaWidths: cfg.matryoshkaWidths } : {}),
        });
  const bc = addBiasCorrection(o, cfg);
  for (const p of trainedParams(cfg.architecture)) {
    const g = grads[p];
    if (!g) throw new Error(`unreachable: no gradient for ${p}`);
    addOptimizerUpdate(o, cfg, p, g, bc);
  }

  const f = (name: string, shape: (number | string)[]): ValueInfoProto => tensorValueInfo(name, DataType.FLOAT, shape);
  const stateInfos = stateInputNames(cfg).map((n) => f(n, paramShape(baseParam(n), cfg.dIn, cfg.dSae)));
  // TopK has no L1 term, so no l1_coefficient input (the engine feeds only session.inputNames).
  const l1 =
    cfg.architecture === 'standard' || cfg.architecture === 'gated'
      ? [f('l1_coefficient', [])]
      : cfg.architecture === 'jumprelu'
        ? [f('l0_coefficient', [])]
        : [];
  const inputs = [f('x', ['batch', cfg.dIn]), f('lr', []), ...l1, f('t', []), ...stateInfos];
  if (isBatchTopKFamily(cfg.architecture)) inputs.push(tensorValueInfo('k_batch', DataType.INT64, [1]));
  if (cfg.withAux) {
    inputs.push(tensorValueInfo('dead_mask', DataType.BOOL, [cfg.dSae]), tensorValueInfo('k_aux', DataType.INT64, [1]), f('aux_scale', []));
  }
  const outputs = [
    ...stateInfos.map((vi) => f(nextName(vi.name ?? ''), paramShape(baseParam(vi.name ?? ''), cfg.dIn, cfg.dSae))),
    ...METRIC_OUTPUTS.map((m) => f(metrics[m], m === 'fire_counts' ? [cfg.dSae] : [])),
    ...(metrics.aux_loss ? [f(metrics.aux_loss, [])] : []),
    ...(metrics.min_positive ? [f(metrics.min_positive, [])] : []),
  ];
  return encodeModel(model({ name: 'sae_train_step', opset: 17, nodes: o.nodes, initializers: o.initializers, inputs, outputs }));
}

function baseParam(stateName: string): ParamName {
  const base = stateName.replace(/^[mv]_/, '');
  const p = [...trainedParams('jumprelu'), ...trainedParams('gated')].find((q) => q === base);
  if (!p) throw new Error(`not a parameter or moment: ${stateName}`);
  return p;
}
