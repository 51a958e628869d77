import { Box, Tooltip } from '@mantine/core';

const COLORS = ['rgba(16,185,129,0.22)', 'rgba(59,130,246,0.22)', 'rgba(234,179,8,0.22)', 'rgba(236,72,153,0.22)'];

/** Tokens coloured by boundary, id on hover (docs/datasets.md, "Samples"). */
export function TokenChips({ tokens }: { tokens: { id: number; text: string }[] }) {
  return (
    <Box
      style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9, fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 }}
      data-testid="token-chips"
    >
      {tokens.map((t, i) => (
        <Tooltip key={i} label={`id ${t.id} · #${i}`} openDelay={150}>
          <span style={{ background: COLORS[i % COLORS.length], borderRadius: 3, padding: '1px 0', marginRight: 1 }}>
            {t.text.replace(/\n/g, '↵\n')}
          </span>
        </Tooltip>
      ))}
    </Box>
  );
}
