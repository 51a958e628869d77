/** What the Models tab shows of a model's architecture (from config.json and the ONNX graph). */
export interface ModelArchitecture {
  /** config.json model_type: gpt2, llama, qwen2, gpt_neox, … */
  family: string;
  nLayers: number;
  dModel: number;
  nHeads: number;
  /** Grouped-query attention: fewer key/value heads than query heads. */
  nKvHeads: number;
  headDim: number;
  /** MLP hidden width; mlpRatio = dMlp / dModel. */
  dMlp: number | null;
  vocabSize: number;
  maxPositions: number | null;
  /** fp32 | fp16 | q8 | q4 (from the ONNX file chosen). */
  dtype: ModelDtype;
  /** Sum of the ONNX initializers' element counts. */
  parameterCount: number;
  tiedEmbeddings: boolean | null;
  /** sequential (GPT-2, Llama) or parallel (NeoX, GPT-J) residual blocks. */
  residual: 'sequential' | 'parallel' | 'mixed';
  /** Residual adds fused by ORT into Skip*LayerNormalization. */
  fusedGraph: boolean;
  /** The graph has past_key_values inputs: generation uses a KV cache. */
  kvCache: boolean;
}

export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'q4';

export type HookKind = 'hook_resid_pre' | 'hook_attn_out' | 'hook_resid_mid' | 'hook_mlp_out' | 'hook_resid_post';

export interface HookPointInfo {
  /** e.g. blocks.3.hook_resid_post */
  name: string;
  layer: number;
  kind: HookKind;
  /** The ONNX tensor it reads. */
  tensor: string;
}

export interface ModelFile {
  path: string;
  bytes: number;
}

export interface ModelRecord {
  id: string;
  name: string;
  source: 'local' | 'hf' | 'bundled';
  repoId: string | null;
  revision: string | null;
  status: 'importing' | 'downloading' | 'ready' | 'failed';
  /** Folder holding config.json, tokenizer files and onnx/. */
  path: string | null;
  architecture: ModelArchitecture | null;
  hooks: HookPointInfo[];
  hookNotes: string[];
  files: ModelFile[];
  sizeBytes: number;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Sampling settings shared by "try it", steering and the CLI. */
export interface GenerationOptions {
  maxNewTokens: number;
  /** 0 = greedy. */
  temperature: number;
  /** Nucleus sampling mass, (0, 1]; 1 = off. */
  topP: number;
  /** 0 = off. */
  topK: number;
  seed: number;
  /** Stop at the model's EOS token (default true). */
  stopAtEos?: boolean;
}

export interface GenerationResult {
  prompt: string;
  promptTokenIds: number[];
  tokenIds: number[];
  text: string;
  /** contextWindow: prompt + generated tokens filled the model's context window. */
  stoppedBy: 'eos' | 'maxTokens' | 'cancelled' | 'contextWindow';
  tokensPerSecond: number;
}
