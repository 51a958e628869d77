import { readFileSync } from 'node:fs';
import type { InferenceSession } from 'onnxruntime-node';
import * as ort from 'onnxruntime-node';
import type { HookPointInfo, ModelArchitecture } from '../../shared/types/models';
import { graphOf } from '../onnx/graph/inspect';
import { tensorSize } from '../onnx/graph/tensor-data';
import { addHookReads, addHookWrite } from '../onnx/hooks/apply';
import { discoverHooks, type HookDiscovery } from '../onnx/hooks/discover';
import { decodeModel, encodeModel } from '../onnx/proto/codec';
import type { ModelProto } from '../onnx/proto/types';
import { architectureFromConfig, ModelFolderError } from './architecture';
import { checkConfigAgainstGraph, graphFacts } from './config-check';
import { inspectModelFolder, type ModelFolder } from './folder';
import { graphIo, type GraphIo } from './graph-io';
import { createSession, type ProviderSetting } from './providers';
import { loadTokenizer, type ModelTokenizer } from './tokenizer';
import { readUnembedding, type Unembedding } from './unembedding';

/** A batch of token rows, right-padded; mask 1 = real token, 0 = pad. */
export interface TokenBatch {
  inputIds: number[][];
  attentionMask?: number[][];
}

/** Activation added at a hook: [batch, seq, d_model] flattened row-major. */
export type HookDeltas = Record<string, Float32Array>;

/**
 * An extra edit of the hooked graph (e.g. an SAE clamp computed in-graph at a write hook),
 * applied after the read and write hooks; the inputs it declares are fed through
 * `ForwardOptions.feeds`. Sessions are cached per edit `key`.
 */
export interface GraphEdit {
  key: string;
  /** `deltaInputs`: hook name → the name of its delta graph input (the write hooks of this session). */
  apply(model: ModelProto, found: HookDiscovery, deltaInputs: ReadonlyMap<string, string>): void;
}

export interface ForwardOptions {
  /** Hook names to read, e.g. ['blocks.2.hook_resid_post']. */
  read?: string[];
  /** Deltas to add at hooks (x' = x + delta). A hook read where a delta is added reads x'. */
  deltas?: HookDeltas;
  /** Hooks that get a write input even when this call adds nothing (session reuse). */
  writable?: string[];
  /** KV cache from a previous call (decode loop); positions continue after it. */
  past?: KvCache;
  /** Graph edits for this session (see GraphEdit) and the extra inputs they declare. */
  edits?: GraphEdit[];
  feeds?: Record<string, ort.Tensor>;
}

export interface ForwardResult {
  /** [batch, seq, vocab] */
  logits: Float32Array;
  vocab: number;
  /** hook name → [batch, seq, d_model] */
  activations: Record<string, Float32Array>;
  /** present key/values for the next step (graphs with a cache). */
  cache: KvCache | null;
}

export interface KvCache {
  tensors: Record<string, ort.Tensor>;
  length: number;
}

interface HookedSession {
  session: InferenceSession;
  readOutputs: Map<string, string>;
  deltaInputs: Map<string, string>;
}

/**
 * A causal LM run by ONNX Runtime with TransformerLens-style hooks (docs/models.md). The
 * graph is edited per hook set — read hooks become outputs, write hooks become
 * `x + delta` with delta a required input — and each edited session is cached.
 */
export class LanguageModel {
  readonly hooks: HookPointInfo[];
  readonly hookNotes: string[];
  readonly architecture: ModelArchitecture;
  readonly io: GraphIo;
  private readonly sessions = new Map<string, Promise<HookedSession>>();
  provider = 'cpu';
  private cachedUnembedding: Unembedding | null = null;

  private constructor(
    readonly folder: ModelFolder,
    private readonly maybeTokenizer: ModelTokenizer | null,
    private readonly modelBytes: Uint8Array,
    discovery: HookDiscovery,
    model: ModelProto,
    private readonly providerSetting: ProviderSetting,
  ) {
    this.hooks = discovery.hooks.map(({ name, layer, kind, tensor }) => ({ name, layer, kind, tensor }));
    this.io = graphIo(model);
    // The graph is what runs: config.json is corrected (or refused) where it disagrees with it.
    const checked = checkConfigAgainstGraph(folder.config, graphFacts(model, this.io.logits), folder.onnxPath);
    this.hookNotes = [...checked.notes, ...discovery.notes];
    const parameterCount = graphOf(model).initializer.reduce((s, t) => s + tensorSize(t), 0);
    this.architecture = architectureFromConfig(checked.config, {
      dtype: folder.dtype,
      parameterCount,
      residual: discovery.residual,
      fused: discovery.fused,
      kvCache: this.io.pastInputs.length > 0,
    });
  }

  /** `tokenizer: false` loads a graph-only folder (test fixtures); text methods then fail. */
  static load(dir: string, opts: { dtype?: ModelFolder['dtype']; provider?: ProviderSetting; tokenizer?: boolean } = {}): LanguageModel {
    const folder = inspectModelFolder(dir, opts.dtype, { tokenizer: opts.tokenizer ?? true });
    const bytes = new Uint8Array(readFileSync(folder.onnxPath));
    let model: ModelProto;
    try {
      model = decodeModel(bytes);
    } catch (err) {
      throw new ModelFolderError(
        'MODEL_FILE_INVALID',
        `${folder.onnxPath} is not a complete ONNX model (${bytes.length} bytes that do not parse: ${(err as Error).message}); a copy or download was probably cut short — export or download it again`,
      );
    }
    const discovery = discoverHooks(model);
    return new LanguageModel(
      folder,
      opts.tokenizer === false ? null : loadTokenizer(dir, folder.config),
      bytes,
      discovery,
      model,
      opts.provider ?? 'auto',
    );
  }

  get tokenizer(): ModelTokenizer {
    if (!this.maybeTokenizer) throw new Error(`${this.folder.dir} was loaded without its tokenizer`);
    return this.maybeTokenizer;
  }

  hook(name: string): HookPointInfo {
    const h = this.hooks.find((x) => x.name === name);
    if (!h)
      throw new Error(
        `no hook "${name}" in this model (it has ${this.hooks.length} hooks: blocks.0…${this.architecture.nLayers - 1}.hook_*)`,
      );
    return h;
  }

  private sessionFor(read: string[], write: string[], edits: GraphEdit[] = []): Promise<HookedSession> {
    const key = `${[...read].sort().join(',')}|${[...write].sort().join(',')}|${edits.map((e) => e.key).join(',')}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = this.buildSession(read, write, edits);
      this.sessions.set(key, s);
      s.catch(() => this.sessions.delete(key));
    }
    return s;
  }

  private async buildSession(read: string[], write: string[], edits: GraphEdit[]): Promise<HookedSession> {
    // A fresh decode (zero-copy views of the file bytes) so edits never accumulate.
    const model = decodeModel(this.modelBytes);
    const found = discoverHooks(model);
    const graph = graphOf(model);
    // Reads first: a write at the same hook then renames that output to x + delta, so a
    // hook read where a delta is added reads the edited value (as in TransformerLens).
    const readTensors = addHookReads(model, found, read);
    const readIndex = read.map((h) => graph.output.findIndex((o) => o.name === readTensors[h]));
    const deltaInputs = new Map<string, string>();
    for (const name of write) {
      deltaInputs.set(
        name,
        addHookWrite(model, found, name, { shape: ['batch', 'seq', this.architecture.dModel], deltaName: `${name}.delta` }).deltaName,
      );
    }
    for (const edit of edits) edit.apply(model, found, deltaInputs);
    const readOutputs = new Map(read.map((h, i) => [h, graph.output[readIndex[i]!]!.name ?? '']));
    const edited = read.length || write.length || edits.length;
    const { session, provider } = await createSession(edited ? encodeModel(model) : this.modelBytes, this.providerSetting);
    this.provider = provider;
    return { session, readOutputs, deltaInputs };
  }

  /** One forward pass over a right-padded batch. */
  async forward(batch: TokenBatch, opts: ForwardOptions = {}): Promise<ForwardResult> {
    const read = opts.read ?? [];
    const write = [...new Set([...Object.keys(opts.deltas ?? {}), ...(opts.writable ?? [])])];
    const { session, readOutputs, deltaInputs } = await this.sessionFor(read, write, opts.edits);
    const b = batch.inputIds.length;
    const s = batch.inputIds[0]?.length ?? 0;
    const pastLen = opts.past?.length ?? 0;
    const window = this.architecture.maxPositions;
    // Past the context window the graph's position lookup fails with a raw Gather index error.
    if (window !== null && pastLen + s > window) throw contextWindowError(pastLen + s, window, this.folder.dir);
    const mask = batch.attentionMask ?? batch.inputIds.map((row) => row.map(() => 1));
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(batch.inputIds.flat(), BigInt), [b, s]),
    };
    if (this.io.hasAttentionMask) {
      const full = mask.map((row) => [...new Array<number>(pastLen).fill(1), ...row]);
      feeds.attention_mask = new ort.Tensor('int64', BigInt64Array.from(full.flat(), BigInt), [b, pastLen + s]);
    }
    if (this.io.hasPositionIds) feeds.position_ids = new ort.Tensor('int64', positionIds(mask, pastLen), [b, s]);
    const { nKvHeads, headDim, dModel } = this.architecture;
    for (const p of this.io.pastInputs) {
      for (const name of [p.key, p.value]) {
        feeds[name] = opts.past?.tensors[name] ?? new ort.Tensor('float32', new Float32Array(0), [b, nKvHeads, 0, headDim]);
      }
    }
    for (const [hook, input] of deltaInputs) {
      const delta = opts.deltas?.[hook] ?? new Float32Array(b * s * dModel);
      if (delta.length !== b * s * dModel)
        throw new Error(`delta for ${hook} has ${delta.length} values; expected batch×seq×d_model = ${b}×${s}×${dModel}`);
      feeds[input] = new ort.Tensor('float32', delta, [b, s, dModel]);
    }
    Object.assign(feeds, opts.feeds);
    const out = await session.run(feeds);
    const logits = out[this.io.logits];
    if (!logits) throw new Error('the model returned no logits');
    const activations: Record<string, Float32Array> = {};
    for (const [hook, output] of readOutputs) activations[hook] = out[output]!.data as Float32Array;
    let cache: KvCache | null = null;
    if (this.io.pastInputs.length) {
      const tensors: Record<string, ort.Tensor> = {};
      this.io.pastInputs.forEach((p, i) => {
        tensors[p.key] = out[this.io.presentOutputs[i]!.key]!;
        tensors[p.value] = out[this.io.presentOutputs[i]!.value]!;
      });
      cache = { tensors, length: pastLen + s };
    }
    return { logits: logits.data as Float32Array, vocab: logits.dims[2] ?? this.architecture.vocabSize, activations, cache };
  }

  /** W_U [d_model, vocab] for the logit lens (read once, on first use). */
  unembedding(): Unembedding {
    this.cachedUnembedding ??= readUnembedding(decodeModel(this.modelBytes), this.io.logits, this.architecture.dModel);
    return this.cachedUnembedding;
  }

  async release(): Promise<void> {
    for (const s of this.sessions.values()) await (await s.catch(() => null))?.session.release();
    this.sessions.clear();
  }
}

/** HF/transformers.js convention: cumsum(mask) − 1 after any past, pads get 1. */
export function positionIds(mask: number[][], pastLen: number): BigInt64Array {
  const out: bigint[] = [];
  for (const row of mask) {
    let seen = pastLen;
    for (const m of row) {
      out.push(m ? BigInt(seen) : 1n);
      if (m) seen++;
    }
  }
  return BigInt64Array.from(out);
}

/** An input longer than the model's context window, said in the researcher's words. */
export function contextWindowError(tokens: number, window: number, modelDir: string): Error {
  return Object.assign(
    new Error(
      `The input is ${tokens} tokens long, but the model in ${modelDir} reads at most ${window} tokens (its context window); shorten it by ${tokens - window} tokens or more.`,
    ),
    { code: 'CONTEXT_TOO_LONG' },
  );
}
