/**
 * Top tokens, the suggested label and the interpretability proxy of one feature, all from the
 * peak tokens of its top-k contexts (INTERPRETABILITY_PROXY in src/shared/types/features.ts is the
 * definition the UI shows; docs/features.md).
 */
export interface TopTokenSummary {
  /** Distinct peak tokens, most common first (ties: the one with the higher-ranked context first). */
  topTokens: string[];
  /** Share of the top contexts whose peak is the most common peak token (1/k … 1); null without contexts. */
  proxy: number | null;
  suggestedLabel: string | null;
}

/** A token as a label shows it: trimmed; whitespace-only tokens as visible marks. */
export function displayToken(text: string): string {
  const t = text.trim();
  if (t) return t;
  if (text.includes('\n')) return '↵';
  if (text.includes('\t')) return '⇥';
  return text.length ? '␣' : '∅';
}

const TOP_TOKENS = 5;
const LABEL_TOKENS = 3;

/** peakTokenIds: the top contexts' peak token ids, highest context first. */
export function summarizeTopTokens(peakTokenIds: readonly number[], vocab: readonly string[]): TopTokenSummary {
  if (peakTokenIds.length === 0) return { topTokens: [], proxy: null, suggestedLabel: null };
  const counts = new Map<number, { count: number; rank: number }>();
  peakTokenIds.forEach((id, rank) => {
    const c = counts.get(id);
    if (c) c.count++;
    else counts.set(id, { count: 1, rank });
  });
  const ranked = [...counts.entries()].sort((a, b) => b[1].count - a[1].count || a[1].rank - b[1].rank);
  const best = ranked[0]?.[1].count ?? 0;
  const texts = ranked.map(([id]) => vocab[id] ?? `#${id}`);
  // Tokens seen at least twice make the label when there are any; otherwise the single highest.
  const repeated = ranked.filter(([, c]) => c.count >= 2).length;
  const label = texts
    .slice(0, Math.max(1, Math.min(LABEL_TOKENS, repeated)))
    .map(displayToken)
    .join(' · ');
  return { topTokens: texts.slice(0, TOP_TOKENS), proxy: best / peakTokenIds.length, suggestedLabel: label };
}
