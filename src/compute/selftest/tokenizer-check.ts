import path from 'node:path';
import { defaultPaths } from '../../node-shared/paths';
import { loadDatasetTokenizer } from '../datasets/tokenize';
import { PROBE_TEXTS } from '../datasets/tokenize/encoder/probes';

/**
 * Doctor check: which code tokenizes datasets for the bundled demo tokenizer (the fast
 * byte-level BPE path or transformers.js, and why — docs/datasets.md, "Fast tokenization"),
 * and that its ids equal transformers.js' on the probe texts.
 */
export function tokenizerEngineCheck(modelDir = path.join(defaultPaths.resources(), 'demo-model')): { passed: boolean; detail: string } {
  const tok = loadDatasetTokenizer(modelDir);
  let tokens = 0;
  for (const text of PROBE_TEXTS) {
    const ids = tok.encodeContent(text);
    const expected = tok.tokenizer.encode(text, { addSpecialTokens: false });
    if (ids.length !== expected.length || ids.some((id, i) => id !== expected[i])) {
      return { passed: false, detail: `${tok.engine.name}: ids differ from transformers.js on ${JSON.stringify(text.slice(0, 40))}` };
    }
    tokens += ids.length;
  }
  return { passed: true, detail: `${tok.engine.name} (${tok.engine.reason}); ${tokens} probe tokens equal to transformers.js` };
}
