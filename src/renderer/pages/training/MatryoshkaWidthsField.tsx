import { TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { hyperparametersSchema } from '../../../shared/contract/training';
import { MATRYOSHKA_WIDTHS_DEFAULT, matryoshkaPrefixWidths } from '../../../shared/sae-architectures';
import { formatCount } from '../format';

/**
 * Matryoshka's nested dictionary sizes (docs/training.md "Matryoshka"): fractions of d_sae typed
 * as a list ("1/16, 1/8, 1/4, 1/2, 1" or decimals); the description shows the widths in features
 * for this SAE, or why the list is refused (the schema's rule, then the create check's).
 */
export function MatryoshkaWidthsField({
  value,
  dSae,
  set,
}: {
  value: readonly number[] | undefined;
  dSae: number;
  set: (fractions: number[]) => void;
}) {
  const fractions = value ?? MATRYOSHKA_WIDTHS_DEFAULT;
  const [text, setText] = useState(() => fractions.map(asFraction).join(', '));
  const [parseError, setParseError] = useState<string | null>(null);
  useEffect(() => {
    // Follow outside changes (a template applied), not our own edits: `text` is left out of the
    // deps so a half-typed list ("1/16, 1/") is not overwritten while the researcher types.
    if (!sameList(parseFractions(text) ?? [], fractions)) setText(fractions.map(asFraction).join(', '));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fractions]);
  const widths = dSae > 0 ? matryoshkaPrefixWidths(fractions, dSae) : null;
  const description =
    parseError ??
    (typeof widths === 'string'
      ? widths
      : widths
        ? `levels of ${widths.map(formatCount).join(' ⊂ ')} features, each trained to reconstruct alone`
        : 'fractions of the dictionary, increasing; the full dictionary is always the last level');
  return (
    <TextInput
      label="Matryoshka levels (fractions of d_sae)"
      description={description}
      error={parseError !== null || typeof widths === 'string'}
      value={text}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const parsed = parseFractions(next);
        const checked = parsed ? hyperparametersSchema.shape.matryoshkaWidths.safeParse(parsed) : null;
        if (!parsed || !checked?.success) {
          setParseError(checked?.error?.issues[0]?.message ?? 'a comma-separated list of fractions in (0, 1], e.g. 1/16, 1/8, 1/4, 1/2, 1');
          return;
        }
        setParseError(null);
        set(parsed);
      }}
      data-testid="hp-matryoshkaWidths"
      size="xs"
    />
  );
}

/** "1/16, 0.25, 1/2" → [0.0625, 0.25, 0.5]; null when an entry is not a number or a/b. */
function parseFractions(text: string): number[] | null {
  const parts = text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const values = parts.map((p) => {
    const m = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(p);
    return m ? Number(m[1]) / Number(m[2]) : Number(p);
  });
  return values.every((v) => Number.isFinite(v)) ? values : null;
}

/** 0.0625 → "1/16" when it is 1/n or a small fraction, else the decimal. */
function asFraction(v: number): string {
  for (const den of [1, 2, 4, 8, 16, 32, 64, 3]) {
    const num = v * den;
    if (Math.abs(num - Math.round(num)) < 1e-9) return den === 1 ? String(Math.round(num)) : `${Math.round(num)}/${den}`;
  }
  return String(v);
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Math.abs(v - (b[i] ?? NaN)) < 1e-12);
}
