/**
 * Test support for hook discovery: load the PyTorch-reference fixtures in fixtures/models/ (made
 * by another script) and run them in onnxruntime-node; fuse residual Add + LayerNorm pairs
 * the way ORT's transformer optimizer does, so fused graphs can be checked against the same
 * reference without Python.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { feedInputs, graphOf } from '../graph/inspect';
import { attrFloat, node } from '../graph/build';
import { decodeModel, encodeModel } from '../proto/codec';
import { repoRoot } from '../proto/test-fixtures';
import type { ModelProto, NodeProto } from '../proto/types';

export interface ReferenceTensor {
  name: string;
  offset: number;
  length_floats: number;
  shape: number[];
}

export interface Reference {
  input_ids: number[][];
  attention_mask: number[][];
  position_ids: number[][];
  hooks: string[];
  delta_hook: string;
  tensors: ReferenceTensor[];
}

export interface ModelFixture {
  dir: string;
  ref: Reference;
  bin: Buffer;
  modelBytes: Uint8Array;
}

export const modelFixtureDir = (id: string): string => join(repoRoot, 'fixtures', 'models', id);

export function loadModelFixture(id: string): ModelFixture | undefined {
  const dir = modelFixtureDir(id);
  if (!existsSync(join(dir, 'reference.json')) || !existsSync(join(dir, 'onnx', 'model.onnx'))) return undefined;
  return {
    dir,
    ref: JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as Reference,
    bin: readFileSync(join(dir, 'reference.bin')),
    modelBytes: new Uint8Array(readFileSync(join(dir, 'onnx', 'model.onnx'))),
  };
}

export function referenceTensor(f: ModelFixture, name: string): Float32Array {
  const t = f.ref.tensors.find((x) => x.name === name);
  if (!t) throw new Error(`reference has no tensor ${name}`);
  const bytes = f.bin.subarray(t.offset, t.offset + t.length_floats * 4);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

const int64 = (rows: number[][]) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0]?.length ?? 0]);

/** Feeds for a reference run: the token batch, empty past key/values, and extra float inputs. */
export function referenceFeeds(m: ModelProto, f: ModelFixture, extra: Record<string, ort.Tensor> = {}): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const batch = f.ref.input_ids.length;
  for (const v of feedInputs(graphOf(m))) {
    const name = v.name ?? '';
    if (name in extra) feeds[name] = extra[name] as ort.Tensor;
    else if (name === 'input_ids') feeds[name] = int64(f.ref.input_ids);
    else if (name === 'attention_mask') feeds[name] = int64(f.ref.attention_mask);
    else if (name === 'position_ids') feeds[name] = int64(f.ref.position_ids);
    else if (name.startsWith('past_key_values')) {
      const dims = (v.type?.tensorType?.shape?.dim ?? []).map((d) =>
        d.dimValue !== undefined ? Number(d.dimValue) : d.dimParam === 'batch_size' ? batch : 0,
      );
      feeds[name] = new ort.Tensor('float32', new Float32Array(0), dims);
    } else throw new Error(`no feed for model input ${name}`);
  }
  return feeds;
}

export async function runModel(m: ModelProto, feeds: Record<string, ort.Tensor>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(encodeModel(m), { graphOptimizationLevel: 'disabled' });
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
  } finally {
    await session.release();
  }
}

/** Largest |a - b| over positions whose attention_mask is 1 (pads are not compared). Shapes [batch, seq, width]. */
export function maxDiffUnmasked(a: Float32Array, b: Float32Array, mask: number[][]): number {
  const batch = mask.length;
  const seq = mask[0]?.length ?? 0;
  const width = a.length / (batch * seq);
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < batch; i++)
    for (let s = 0; s < seq; s++) {
      if (mask[i]?.[s] !== 1) continue;
      for (let k = 0; k < width; k++) {
        const at = (i * seq + s) * width + k;
        worst = Math.max(worst, Math.abs((a[at] as number) - (b[at] as number)));
      }
    }
  return worst;
}

/** ORT's own L1/L2 fusions (LayerNormalization, SimplifiedLayerNormalization), as a decoded model. */
export async function ortOptimized(bytes: Uint8Array, path: string): Promise<ModelProto> {
  const s = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'extended', optimizedModelFilePath: path });
  await s.release();
  return decodeModel(new Uint8Array(readFileSync(path)));
}

/**
 * Fuse Add(a, b) → LayerNormalization / SimplifiedLayerNormalization into com.microsoft
 * SkipLayerNormalization / SkipSimplifiedLayerNormalization (output 3 = the sum, kept only when
 * something else reads it), as onnxruntime's transformer optimizer does.
 */
export function fuseSkipNorms(m: ModelProto): number {
  const g = graphOf(m);
  const readers = (t: string) => g.node.filter((n) => n.input.includes(t)).length + (g.output.some((o) => o.name === t) ? 1 : 0);
  let fused = 0;
  for (const norm of [...g.node]) {
    const op =
      norm.opType === 'LayerNormalization'
        ? 'SkipLayerNormalization'
        : norm.opType === 'SimplifiedLayerNormalization'
          ? 'SkipSimplifiedLayerNormalization'
          : '';
    const sum = norm.input[0] ?? '';
    const add = g.node.find((n) => n.opType === 'Add' && n.output[0] === sum);
    if (!op || !add || add.input.some((i) => g.initializer.some((t) => t.name === i))) continue;
    const keepSum = readers(sum) > 1;
    const eps = norm.attribute.find((a) => a.name === 'epsilon')?.f ?? 1e-5;
    const skip: NodeProto = node(
      op,
      [add.input[0] ?? '', add.input[1] ?? '', ...norm.input.slice(1)],
      keepSum ? [norm.output[0] ?? '', '', '', sum] : [norm.output[0] ?? ''],
      {
        name: `${op}_${fused}`,
        domain: 'com.microsoft',
      },
    );
    skip.attribute.push(attrFloat('epsilon', eps));
    g.node[g.node.indexOf(add)] = skip;
    g.node.splice(g.node.indexOf(norm), 1);
    fused++;
  }
  if (!m.opsetImport.some((o) => o.domain === 'com.microsoft')) m.opsetImport.push({ domain: 'com.microsoft', version: 1 });
  return fused;
}
