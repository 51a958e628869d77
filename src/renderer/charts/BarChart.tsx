import { useElementSize } from '@mantine/hooks';
import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { formatTick } from './ticks';

export interface BarDatum {
  label: string;
  value: number;
  /** Tooltip text (native title). */
  title?: string;
}

const MARGIN = { top: 10, right: 12, left: 56 };
const CHAR_W = 6; // px per character of a 10 px tick label
const LABEL_CHARS = 14; // longer tick labels are cut with "…" (the bar's tooltip has the full text)

/**
 * How the x tick labels fit: horizontal when every label fits its bar, else rotated −45° (or
 * −90° for very narrow bars), thinned only when even rotated labels would overlap. The bottom
 * margin grows with the rotated labels so neither they nor the axis label are cut off.
 */
export function xLabelLayout(labels: string[], innerW: number): { angle: number; every: number; bottom: number } {
  const longest = Math.min(LABEL_CHARS, Math.max(1, ...labels.map((l) => l.length)));
  const band = innerW / Math.max(1, labels.length);
  if (band >= longest * CHAR_W + 6) return { angle: 0, every: 1, bottom: 22 };
  const angle = band >= 16 ? -45 : -90;
  const every = Math.max(1, Math.ceil(12 / band)); // a rotated 10 px label needs ~12 px across
  const drop = angle === -45 ? longest * CHAR_W * Math.SQRT1_2 + 10 : longest * CHAR_W + 8;
  return { angle, every, bottom: Math.ceil(drop) + 6 };
}

const cut = (l: string) => (l.length > LABEL_CHARS ? `${l.slice(0, LABEL_CHARS - 1)}…` : l);

/** A labelled vertical bar chart (visx), sized to its container; `height` is the plot area plus a standard axis. */
export function BarChart({
  data,
  height = 240,
  yLabel,
  xLabel,
  color = '#10b981',
  testId,
}: {
  data: BarDatum[];
  height?: number;
  yLabel?: string;
  xLabel?: string;
  color?: string;
  testId?: string;
}) {
  // Width from the container; the height follows from it (rotated labels need more room below).
  const { ref, width } = useElementSize<HTMLDivElement>();
  const innerW = Math.max(0, width - MARGIN.left - MARGIN.right);
  const layout = xLabelLayout(
    data.map((d) => d.label),
    innerW,
  );
  const bottom = layout.bottom + (xLabel ? 18 : 0);
  const innerH = height - MARGIN.top - 46; // the plot keeps its height whatever the labels need
  const total = MARGIN.top + innerH + bottom;
  const x = scaleBand<string>({ domain: data.map((d) => d.label), range: [0, innerW], padding: data.length <= 4 ? 0.5 : 0.15 });
  const y = scaleLinear<number>({ domain: [0, Math.max(1, ...data.map((d) => d.value))], range: [innerH, 0], nice: true });
  return (
    <div ref={ref} style={{ width: '100%', height: total }} data-testid={testId}>
      {width >= 10 && (
        <svg width={width} height={total} role="img">
          <Group left={MARGIN.left} top={MARGIN.top}>
            <GridRows scale={y} width={innerW} stroke="#334155" strokeOpacity={0.6} numTicks={4} />
            {data.map((d) => (
              <Bar key={d.label} x={x(d.label)} y={y(d.value)} width={x.bandwidth()} height={innerH - y(d.value)} fill={color} rx={2}>
                <title>{d.title ?? `${d.label}: ${d.value.toLocaleString('en-US')}`}</title>
              </Bar>
            ))}
            <AxisLeft
              scale={y}
              numTicks={4}
              tickFormat={(v) => formatTick(Number(v))}
              stroke="#64748b"
              tickStroke="#64748b"
              tickLabelProps={{ fill: '#94a3b8', fontSize: 11 }}
              label={yLabel}
              labelProps={{ fill: '#94a3b8', fontSize: 11 }}
            />
            <AxisBottom
              top={innerH}
              scale={x}
              stroke="#64748b"
              tickStroke="#64748b"
              tickValues={data.filter((_, i) => i % layout.every === 0).map((d) => d.label)}
              tickFormat={(l) => cut(String(l))}
              tickLabelProps={{
                fill: '#94a3b8',
                fontSize: 10,
                angle: layout.angle,
                textAnchor: layout.angle === 0 ? 'middle' : 'end',
                dy: layout.angle === 0 ? undefined : '0.25em',
                dx: layout.angle === 0 ? undefined : '-0.3em',
              }}
            />
            {xLabel && (
              <text x={innerW / 2} y={innerH + bottom - 4} textAnchor="middle" fill="#94a3b8" fontSize={11}>
                {xLabel}
              </text>
            )}
          </Group>
        </svg>
      )}
    </div>
  );
}
