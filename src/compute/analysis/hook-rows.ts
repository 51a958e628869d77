import type { LanguageModel } from '../model/language-model';
import { readActivations } from '../model/read-activations';

/** Windows per forward (bounds the logits the graph returns). */
const FORWARD_ROWS = 8;

/** x [n, d_model]: the hook's activations of the windows' real tokens, in (window, position) order. */
export async function readHookRows(
  lm: LanguageModel,
  hook: string,
  windows: readonly ArrayLike<number>[],
): Promise<{ x: Float32Array; n: number }> {
  const d = lm.architecture.dModel;
  const n = windows.reduce((s, w) => s + w.length, 0);
  const x = new Float32Array(n * d);
  let at = 0;
  for (let i = 0; i < windows.length; i += FORWARD_ROWS) {
    const group = windows.slice(i, i + FORWARD_ROWS);
    const width = Math.max(...group.map((w) => w.length));
    const inputIds = group.map((w) => Array.from({ length: width }, (_, j) => (j < w.length ? w[j]! : 0)));
    const attentionMask = group.map((w) => Array.from({ length: width }, (_, j) => (j < w.length ? 1 : 0)));
    for await (const b of readActivations(lm, [{ inputIds, attentionMask }], [hook])) {
      x.set(b.activations[hook]!, at * d);
      at += b.nTokens;
    }
  }
  return { x, n: at };
}
