import { Box } from '@mantine/core';
import { activationShade, formatActivation, visibleToken } from './shade';

/**
 * Tokens of a context shaded by one feature's activation (docs/features.md). The exact value is on
 * hover (native title, and `onHover` for a readout beside the example); the peak token is
 * outlined. `scale` is the feature's max over the pass, so shades compare across examples.
 */
export function ActivationTokens({
  tokens,
  activations,
  scale,
  peakIndex,
  onHover,
  onPick,
  testId,
}: {
  tokens: readonly string[];
  /** Same length as tokens: the feature's activation on each. */
  activations: ArrayLike<number>;
  scale: number;
  peakIndex?: number | null;
  onHover?: (index: number | null) => void;
  /** Click on a token (e.g. to select it). */
  onPick?: (index: number) => void;
  testId?: string;
}) {
  return (
    <Box
      component="div"
      style={{
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
        lineHeight: 1.85,
        fontFamily: 'var(--mantine-font-family-monospace)',
        fontSize: 13,
      }}
      onMouseLeave={() => onHover?.(null)}
      data-testid={testId}
    >
      {tokens.map((t, i) => {
        const a = activations[i] ?? 0;
        const peak = i === peakIndex;
        return (
          <span
            key={i}
            title={`${JSON.stringify(t)} · activation ${formatActivation(a)}`}
            data-activation={a}
            data-peak={peak || undefined}
            onMouseEnter={() => onHover?.(i)}
            onClick={onPick ? () => onPick(i) : undefined}
            style={{
              background: activationShade(a, scale),
              borderRadius: 3,
              padding: '1px 0',
              outline: peak ? '1px solid #6ee7b7' : undefined,
              color: a > 0 ? '#f8fafc' : '#94a3b8',
              cursor: onPick ? 'pointer' : undefined,
            }}
          >
            {visibleToken(t)}
          </span>
        );
      })}
    </Box>
  );
}
