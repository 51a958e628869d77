import { promises as fs } from 'node:fs';
import path from 'node:path';
import { halvesToFloat32 } from '../onnx/graph/float16';
import { ACTIVATION_MANIFEST, REF_RECORD_I32, type ActivationManifest } from './manifest';

export async function readActivationManifest(dir: string): Promise<ActivationManifest> {
  const m = JSON.parse(await fs.readFile(path.join(dir, ACTIVATION_MANIFEST), 'utf8')) as ActivationManifest;
  if (m.kind !== 'mistudio.activations') throw new Error(`${dir} is not an activation set (manifest kind ${String(m.kind)})`);
  return m;
}

async function readAligned(file: string): Promise<ArrayBuffer> {
  const buf = await fs.readFile(file);
  const out = new Uint8Array(buf.byteLength);
  out.set(buf);
  return out.buffer;
}

/** One shard at a time: rows [n, d_model] as float32 for one hook, with their refs [n, 3]. */
export async function* readActivationShards(
  dir: string,
  hook: string,
): AsyncGenerator<{ rows: Float32Array; refs: Int32Array; n: number }> {
  const m = await readActivationManifest(dir);
  if (!m.hooks.includes(hook)) throw new Error(`activation set ${dir} has no ${hook} (it has ${m.hooks.join(', ')})`);
  for (const shard of m.shards) {
    const raw = await readAligned(path.join(dir, shard.files[hook]!));
    const rows = m.dtype === 'float32' ? new Float32Array(raw) : halvesToFloat32(new Uint16Array(raw));
    if (rows.length !== shard.rows * m.dModel)
      throw new Error(`${shard.files[hook]}: ${rows.length} values, manifest says ${shard.rows}×${m.dModel}`);
    const refs = new Int32Array(await readAligned(path.join(dir, shard.refsFile)));
    if (refs.length !== shard.rows * REF_RECORD_I32) throw new Error(`${shard.refsFile}: wrong length`);
    yield { rows, refs, n: shard.rows };
  }
}
