/** Which hook kinds the extraction panel offers (TransformerLens names). */
export type HookType = 'hook_resid_pre' | 'hook_resid_mid' | 'hook_resid_post' | 'hook_attn_out' | 'hook_mlp_out';

export interface ActivationSetRecord {
  id: string;
  name: string;
  modelId: string | null;
  modelName: string | null;
  datasetId: string | null;
  datasetName: string | null;
  hooks: string[];
  dtype: 'float32' | 'float16';
  dModel: number;
  /** Activation rows per hook (= real tokens). */
  tokenCount: number;
  sizeBytes: number;
  status: 'extracting' | 'ready' | 'failed' | 'interrupted';
  config: {
    batchSize: number;
    maxTokens: number | null;
    contextSize: number | null;
    layers: number[];
    hookTypes: HookType[];
    heldOutSplits?: string[];
  };
  error: string | null;
  jobId: string | null;
  /** Tokens/s the extraction ran at. */
  tokensPerSecond: number | null;
  createdAt: number;
  updatedAt: number;
}

export type TemplateKind = 'training' | 'extraction';

export interface TemplateRecord {
  id: string;
  kind: TemplateKind;
  name: string;
  description: string | null;
  isFavorite: boolean;
  config: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}
