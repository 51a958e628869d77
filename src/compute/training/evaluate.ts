import { cachedModel } from '../model/model-cache';
import type { LanguageModel } from '../model/language-model';
import { evalWindows } from './eval-tokens';
import { spliceEval, type Reconstruct, type SpliceEvalResult } from './splice-eval';
import type { SpliceEvalParams } from './types';

/**
 * Periodic splice evaluation during training: the held-out windows are tokenized once, then
 * each `run` splices the current SAE into the model at the trained hook (docs/training.md).
 */
export class SpliceEvaluator {
  private constructor(
    private readonly lm: LanguageModel,
    private readonly hook: string,
    private readonly windows: number[][],
    readonly split: string,
  ) {}

  static async open(p: SpliceEvalParams, hook: string): Promise<SpliceEvaluator> {
    const lm = cachedModel(p.modelDir, p.provider ?? 'cpu');
    lm.hook(hook);
    const { windows, split } = evalWindows(p.text, lm.tokenizer, p.contextSize, p.tokens);
    if (windows.length === 0) throw new Error(`no held-out text for the splice evaluation in dataset ${p.text.datasetId}`);
    return new SpliceEvaluator(lm, hook, windows, split);
  }

  /** `meanActivation` [d_in], raw units: the mean-ablation baseline (docs/training.md). */
  run(reconstruct: Reconstruct, meanActivation?: Float32Array): Promise<SpliceEvalResult> {
    // Three [rows, seq, vocab] float32 logits tensors live at once per mini-batch: keep them ≲ 256 MB.
    const seq = Math.max(1, ...this.windows.map((w) => w.length));
    const batchRows = Math.max(1, Math.min(8, Math.floor(256e6 / (3 * 4 * seq * Math.max(1, this.lm.architecture.vocabSize)))));
    return spliceEval(this.lm, this.hook, this.windows, reconstruct, {
      batchRows,
      padTokenId: this.lm.tokenizer.padTokenId ?? this.lm.tokenizer.eosTokenId ?? 0,
      ...(meanActivation ? { meanActivation } : {}),
    });
  }
}
