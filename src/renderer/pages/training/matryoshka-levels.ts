import { hyperparametersSchema } from '../../../shared/contract/training';
import { matryoshkaPrefixWidths } from '../../../shared/sae-architectures';

/**
 * The drawer's Matryoshka levels as text (docs/training.md "Matryoshka"): "1/16, 0.25, 1/2"
 * ↔ [0.0625, 0.25, 0.5], checked by the contract's schema.
 */
export function parseLevels(text: string): { fractions: number[] } | { error: string } {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  const values = parts.map((p) => {
    const m = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(p);
    return m ? Number(m[1]) / Number(m[2]) : Number(p);
  });
  if (parts.length === 0 || !values.every((v) => Number.isFinite(v)))
    return { error: 'a comma-separated list of fractions in (0, 1], e.g. 1/16, 1/8, 1/4, 1/2, 1' };
  const checked = hyperparametersSchema.shape.matryoshkaWidths.safeParse(values);
  return checked.success ? { fractions: values } : { error: checked.error.issues[0]?.message ?? 'not a valid list of levels' };
}

/** 0.0625 → "1/16" when it is a small-denominator fraction, else the decimal. */
export function formatLevels(fractions: readonly number[]): string {
  return fractions
    .map((v) => {
      for (const den of [1, 2, 4, 8, 16, 32, 64, 3]) {
        const num = v * den;
        if (Math.abs(num - Math.round(num)) < 1e-9) return den === 1 ? String(Math.round(num)) : `${Math.round(num)}/${den}`;
      }
      return String(v);
    })
    .join(', ');
}

/** What the field says under itself: the widths in features for this d_sae (0 = no source yet), or why they are refused. */
export function describeLevels(fractions: readonly number[], dSae: number): { text: string; refused: boolean } {
  if (dSae <= 0) return { text: 'fractions of d_sae, increasing; the full dictionary is always the last level', refused: false };
  const widths = matryoshkaPrefixWidths(fractions, dSae);
  if (typeof widths === 'string') return { text: widths, refused: true };
  return {
    text: `levels of ${widths.map((w) => w.toLocaleString('en-US')).join(' ⊂ ')} features, each trained to reconstruct alone`,
    refused: false,
  };
}

export function sameLevels(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] ?? NaN)) < 1e-12);
}
