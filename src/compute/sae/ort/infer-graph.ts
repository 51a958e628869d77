import { DataType, encodeModel, model, tensorValueInfo } from '../../onnx';
import { isBatchTopKFamily } from '../architectures';
import type { SaeArchitecture } from '../types';
import { gatedActivation } from './gated-graph';
import { activation } from './loss-graph';
import { Ops } from './ops';
import type { MatmulForm } from './ops';

/**
 * Small inference graphs for evals and the feature pass; weights are inputs (fed the
 * engine's current tensors, no copies):
 *   encode: x [n, d_in], W_enc, b_enc, b_dec → f [n, d_sae]   (f = act((x − b_dec) W_enc + b_enc))
 *           (+ log_threshold [d_sae] for JumpReLU, topk_threshold [] for BatchTopK and Matryoshka)
 *   decode: f [n, d_sae], W_dec, b_dec → x_hat [n, d_in]       (x̂ = f W_dec + b_dec)
 */
export function encodeInputNames(architecture: SaeArchitecture): string[] {
  const extra =
    architecture === 'jumprelu'
      ? ['log_threshold']
      : isBatchTopKFamily(architecture)
        ? ['topk_threshold']
        : architecture === 'gated'
          ? ['r_mag', 'b_mag']
          : [];
  return ['W_enc', 'b_enc', 'b_dec', ...extra];
}

export function buildEncodeModel(cfg: {
  architecture: SaeArchitecture;
  dIn: number;
  dSae: number;
  k: number;
  matmulForm: MatmulForm;
}): Uint8Array {
  const o = new Ops(cfg.matmulForm);
  const xc = o.sub('x', 'b_dec');
  const acts = cfg.architecture === 'gated' ? gatedActivation(o, xc) : activation(o, o.mm(xc, 'W_enc', { c: 'b_enc' }), cfg); // [n, d_sae]
  o.op('Identity', [acts], {}, 'f');
  const f = (name: string, shape: (number | string)[]) => tensorValueInfo(name, DataType.FLOAT, shape);
  return encodeModel(
    model({
      name: 'sae_encode',
      opset: 17,
      nodes: o.nodes,
      initializers: o.initializers,
      inputs: [
        f('x', ['n', cfg.dIn]),
        f('W_enc', [cfg.dIn, cfg.dSae]),
        f('b_enc', [cfg.dSae]),
        f('b_dec', [cfg.dIn]),
        ...(cfg.architecture === 'jumprelu' ? [f('log_threshold', [cfg.dSae])] : []),
        ...(isBatchTopKFamily(cfg.architecture) ? [f('topk_threshold', [])] : []),
        ...(cfg.architecture === 'gated' ? [f('r_mag', [cfg.dSae]), f('b_mag', [cfg.dSae])] : []),
      ],
      outputs: [f('f', ['n', cfg.dSae])],
    }),
  );
}

export function buildDecodeModel(cfg: { dIn: number; dSae: number; matmulForm: MatmulForm }): Uint8Array {
  const o = new Ops(cfg.matmulForm);
  o.mm('f', 'W_dec', { c: 'b_dec', out: 'x_hat' });
  const f = (name: string, shape: (number | string)[]) => tensorValueInfo(name, DataType.FLOAT, shape);
  return encodeModel(
    model({
      name: 'sae_decode',
      opset: 17,
      nodes: o.nodes,
      initializers: o.initializers,
      inputs: [f('f', ['n', cfg.dSae]), f('W_dec', [cfg.dSae, cfg.dIn]), f('b_dec', [cfg.dIn])],
      outputs: [f('x_hat', ['n', cfg.dIn])],
    }),
  );
}
