import * as ort from 'onnxruntime-node';
import { DataType, encodeModel, model, tensorValueInfo } from '../onnx';
import type { LoadedSae } from '../sae/saelens-reader';
import { gatedActivation } from '../sae/ort/gated-graph';
import { Ops } from '../sae/ort/ops';
import { openSession } from '../sae/ort/providers';
import { CodedError } from '../../shared/coded-error';

/** The SAE encoder the feature pass and the probe run: sparse rows for TopK, dense otherwise. */
export type EncodedBatch =
  | { kind: 'dense'; f: Float32Array } // [n, d_sae]
  | { kind: 'sparse'; k: number; values: Float32Array; indices: Int32Array }; // [n, k] each

export class FeatureEncodingError extends CodedError<'SAE_UNSUPPORTED'> {
  constructor(message: string) {
    super('SAE_UNSUPPORTED', message);
  }
}

/**
 * Encode graph (SAELens semantics, apply_b_dec_to_input; src/compute/sae/math.ts is the float64
 * reference): pre = (x − b_dec) W_enc + b_enc  [n, d_sae], then
 *   standard: f = ReLU(pre)                              → dense f [n, d_sae]
 *   jumprelu: f = ReLU(pre) · [pre > threshold]          → dense f [n, d_sae] (SAELens: ReLU first,
 *             so a negative threshold still gives no negative activation)
 *   topk:     TopK(pre, k) then ReLU on the kept values  → values, indices [n, k] (sorted, largest first)
 *   gated:    f = [pre > 0] · ReLU(P ⊙ exp(r_mag) + b_mag), P = (x − b_dec) W_enc, b_enc = b_gate → dense
 * Weights are graph inputs fed as ort tensors over the loaded arrays (no copies per batch).
 */
function buildGraph(sae: LoadedSae): Uint8Array {
  const o = new Ops('gemm');
  const xc = o.sub('x', 'b_dec');
  const pre = o.mm(xc, 'W_enc', { c: 'b_enc' });
  const f32 = (name: string, shape: (number | string)[]) => tensorValueInfo(name, DataType.FLOAT, shape);
  const inputs = [f32('x', ['n', sae.dIn]), f32('W_enc', [sae.dIn, sae.dSae]), f32('b_enc', [sae.dSae]), f32('b_dec', [sae.dIn])];
  let outputs;
  if (sae.architecture === 'topk') {
    const [vals, idx] = o.opN('TopK', [pre, o.int64s([sae.k ?? 0])], 2, { axis: -1, largest: 1, sorted: 1 }, ['pre_top', 'indices']);
    if (!vals || !idx) throw new Error('unreachable: TopK has two outputs');
    o.op('Relu', [vals], {}, 'values');
    outputs = [f32('values', ['n', sae.k ?? 0]), tensorValueInfo('indices', DataType.INT64, ['n', sae.k ?? 0])];
  } else if (sae.architecture === 'gated') {
    inputs.push(f32('r_mag', [sae.dSae]), f32('b_mag', [sae.dSae]));
    o.op('Identity', [gatedActivation(o, xc)], {}, 'f');
    outputs = [f32('f', ['n', sae.dSae])];
  } else if (sae.architecture === 'jumprelu') {
    inputs.push(f32('threshold', [sae.dSae]));
    const open = o.op('Cast', [o.op('Greater', [pre, 'threshold'])], { to: DataType.FLOAT });
    o.mul(o.op('Relu', [pre]), open, 'f');
    outputs = [f32('f', ['n', sae.dSae])];
  } else {
    o.op('Relu', [pre], {}, 'f');
    outputs = [f32('f', ['n', sae.dSae])];
  }
  return encodeModel(model({ name: 'sae_feature_encode', opset: 17, nodes: o.nodes, initializers: o.initializers, inputs, outputs }));
}

export class SaeEncoder {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly feeds: Record<string, ort.Tensor>,
    readonly sae: LoadedSae,
    readonly provider: string,
  ) {}

  static async open(sae: LoadedSae, provider?: string): Promise<SaeEncoder> {
    if (!['standard', 'topk', 'jumprelu', 'gated'].includes(sae.architecture)) {
      throw new FeatureEncodingError(
        `SAE architecture "${sae.architecture}" is not supported by the feature pass (standard, topk, jumprelu, gated are)`,
      );
    }
    if (sae.architecture === 'jumprelu' && !sae.threshold) throw new FeatureEncodingError('JumpReLU SAE without a threshold tensor');
    const { session, provider: got } = await openSession(buildGraph(sae), provider && provider !== 'auto' ? { forced: provider } : {});
    const w = sae.weights;
    const feeds: Record<string, ort.Tensor> = {
      W_enc: new ort.Tensor('float32', w.W_enc, [sae.dIn, sae.dSae]),
      b_enc: new ort.Tensor('float32', w.b_enc, [sae.dSae]),
      b_dec: new ort.Tensor('float32', w.b_dec, [sae.dIn]),
    };
    if (sae.threshold) feeds.threshold = new ort.Tensor('float32', sae.threshold, [sae.dSae]);
    if (sae.architecture === 'gated') {
      if (!w.r_mag || !w.b_mag) throw new FeatureEncodingError('Gated SAE without r_mag / b_mag tensors');
      feeds.r_mag = new ort.Tensor('float32', w.r_mag, [sae.dSae]);
      feeds.b_mag = new ort.Tensor('float32', w.b_mag, [sae.dSae]);
    }
    return new SaeEncoder(session, feeds, sae, got);
  }

  /** x: [n, d_in] raw hook activations. */
  async encode(x: Float32Array, n: number): Promise<EncodedBatch> {
    if (x.length !== n * this.sae.dIn) throw new Error(`encode: ${x.length} values, expected ${n} × d_in ${this.sae.dIn}`);
    const out = await this.session.run({ ...this.feeds, x: new ort.Tensor('float32', x, [n, this.sae.dIn]) });
    if (this.sae.architecture === 'topk') {
      const k = this.sae.k ?? 0;
      const idx = out.indices?.data as BigInt64Array;
      const indices = new Int32Array(idx.length);
      for (let i = 0; i < idx.length; i++) indices[i] = Number(idx[i]);
      return { kind: 'sparse', k, values: out.values?.data as Float32Array, indices };
    }
    return { kind: 'dense', f: out.f?.data as Float32Array };
  }

  private released = false;

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
