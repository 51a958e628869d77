import { Group } from '@visx/group';
import { ParentSize } from '@visx/responsive';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar, Line } from '@visx/shape';

export interface RankedBar {
  label: string;
  value: number;
}

const LABEL_W = 130;
const VALUE_W = 56;
const ROW_H = 22;
/** Labels longer than this are cut (the full token is in the row's tooltip). */
const LABEL_CHARS = 16;
const clip = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s);

/**
 * Ranked horizontal bars (visx): label, bar ∝ |value| on a shared scale `maxAbs` (so two
 * charts side by side compare), value at the bar's end. Rows are drawn in the order given.
 */
export function RankedBars({
  rows,
  maxAbs,
  color,
  testId,
  formatValue,
}: {
  rows: readonly RankedBar[];
  maxAbs: number;
  color: string;
  testId?: string;
  formatValue: (v: number) => string;
}) {
  const height = Math.max(ROW_H, rows.length * ROW_H) + 8;
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ParentSize>
        {({ width }) => {
          if (width < 10) return null;
          const innerW = Math.max(10, width - LABEL_W - VALUE_W);
          const y = scaleBand<number>({ domain: rows.map((_, i) => i), range: [4, height - 4], padding: 0.18 });
          const x = scaleLinear<number>({ domain: [0, maxAbs > 0 ? maxAbs : 1], range: [0, innerW] });
          return (
            <svg width={width} height={height} role="img">
              <Group left={LABEL_W}>
                <Line from={{ x: 0, y: 0 }} to={{ x: 0, y: height }} stroke="#475569" />
                {rows.map((r, i) => {
                  const top = y(i) ?? 0;
                  const w = x(Math.abs(r.value));
                  return (
                    <g key={i} data-testid={testId ? `${testId}-row` : undefined}>
                      <title>{`${JSON.stringify(r.label)}: ${r.value}`}</title>
                      <text
                        x={-8}
                        y={top + y.bandwidth() / 2}
                        dominantBaseline="middle"
                        textAnchor="end"
                        fill="#e2e8f0"
                        fontSize={12}
                        fontFamily="var(--mantine-font-family-monospace)"
                        style={{ whiteSpace: 'pre' }}
                      >
                        {clip(r.label)}
                      </text>
                      <Bar x={0} y={top} width={w} height={y.bandwidth()} fill={color} rx={2} />
                      <text
                        x={w + 6}
                        y={top + y.bandwidth() / 2}
                        dominantBaseline="middle"
                        fill="#94a3b8"
                        fontSize={11}
                        fontFamily="var(--mantine-font-family-monospace)"
                      >
                        {formatValue(r.value)}
                      </text>
                    </g>
                  );
                })}
              </Group>
            </svg>
          );
        }}
      </ParentSize>
    </div>
  );
}
