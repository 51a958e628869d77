import type { EvalTextSource } from '../../shared/jobs/training';
import { SampleReader } from '../datasets/tokenize/sample-source';
import type { ModelTokenizer } from '../model/tokenizer';

/** Where splice evaluations take their held-out text. */
export type { EvalTextSource };

/**
 * Held-out token windows for splice evaluation (docs/training.md): samples of the first split
 * present (validation, then test; else all samples), each encoded without special tokens, concatenated and cut
 * into windows of `contextSize` tokens, each starting with BOS when the model has one (as the
 * training windows do), until `maxTokens` tokens. Reads one sample at a time.
 */
export function evalWindows(
  src: EvalTextSource,
  tokenizer: ModelTokenizer,
  contextSize: number,
  maxTokens: number,
): { windows: number[][]; split: string } {
  const reader = new SampleReader(src.dbPath, src.datasetId);
  try {
    const prefer = src.splits ?? ['validation', 'test'];
    const split = prefer.find((s) => (reader.splits[s] ?? 0) > 0) ?? null;
    const bos = tokenizer.bosTokenId ?? tokenizer.eosTokenId;
    const body = bos === null ? contextSize : contextSize - 1;
    const windows: number[][] = [];
    let buf: number[] = [];
    let total = 0;
    const flush = () => {
      while (buf.length >= body && total < maxTokens) {
        const w = (bos === null ? [] : [bos]).concat(buf.splice(0, body));
        windows.push(w);
        total += w.length;
      }
    };
    // Without a held-out split the evaluation runs on the first samples (said in the result).
    for (const s of reader.iterate()) {
      if (split && s.split !== split) continue;
      buf = buf.concat(tokenizer.encode(s.text, { addSpecialTokens: false }));
      if (tokenizer.eosTokenId !== null) buf.push(tokenizer.eosTokenId);
      flush();
      if (total >= maxTokens) break;
    }
    const label = split
      ? `${split} split${src.inSample ? ', also in the training data' : ', held out of training'}`
      : 'all samples (no validation/test split), also in the training data';
    return { windows, split: label };
  } finally {
    reader.close();
  }
}
