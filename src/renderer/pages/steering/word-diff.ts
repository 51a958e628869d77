/**
 * Word-level diff of two continuations (the comparison's diff view) and their word/character
 * counts. Words are whitespace-separated runs, so punctuation stays attached as the reader sees it.
 */
export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w.length > 0);

/** Above this many cells the LCS table (Uint16, n·m) is not built: the texts are shown as wholly different. */
const MAX_CELLS = 4_000_000;

/**
 * Longest-common-subsequence diff over words: `same` words are in both (in order), `removed`
 * only in `before` (unsteered), `added` only in `after` (steered). Runs of one kind are merged.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = words(before);
  const b = words(after);
  const out: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], w: string) => {
    const last = out.at(-1);
    if (last && last.kind === kind) last.text += ` ${w}`;
    else out.push({ kind, text: w });
  };
  if (a.length * b.length > MAX_CELLS) {
    a.forEach((w) => push('removed', w));
    b.forEach((w) => push('added', w));
    return out;
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..], row-major [a.length+1, b.length+1].
  const W = b.length + 1;
  const lcs = new Uint16Array((a.length + 1) * W);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * W + j] = a[i] === b[j] ? lcs[(i + 1) * W + j + 1]! + 1 : Math.max(lcs[(i + 1) * W + j]!, lcs[i * W + j + 1]!);
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push('same', a[i]!);
      i++;
      j++;
    } else if (lcs[(i + 1) * W + j]! >= lcs[i * W + j + 1]!) push('removed', a[i++]!);
    else push('added', b[j++]!);
  }
  while (i < a.length) push('removed', a[i++]!);
  while (j < b.length) push('added', b[j++]!);
  return out;
}

export function textCounts(s: string): { words: number; chars: number } {
  return { words: words(s).length, chars: s.length };
}
