import { TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { MATRYOSHKA_WIDTHS_DEFAULT } from '../../../shared/sae-architectures';
import { describeLevels, formatLevels, parseLevels, sameLevels } from './matryoshka-levels';

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
  const [text, setText] = useState(() => formatLevels(fractions));
  const [parseError, setParseError] = useState<string | null>(null);
  useEffect(() => {
    // Follow outside changes (a template applied), not our own edits: `text` is left out of the
    // deps so a half-typed list ("1/16, 1/") is not overwritten while the researcher types.
    const typed = parseLevels(text);
    if (!('fractions' in typed) || !sameLevels(typed.fractions, fractions)) setText(formatLevels(fractions));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fractions]);
  const described = describeLevels(fractions, dSae);
  return (
    <TextInput
      label="Matryoshka levels"
      description={parseError ?? described.text}
      error={parseError !== null || described.refused}
      value={text}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const parsed = parseLevels(next);
        if ('error' in parsed) return setParseError(parsed.error);
        setParseError(null);
        set(parsed.fractions);
      }}
      data-testid="hp-matryoshkaWidths"
      size="xs"
    />
  );
}
