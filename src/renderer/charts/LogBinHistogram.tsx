import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { ParentSize } from '@visx/responsive';
import { scaleLinear, scaleLog, scaleSymlog } from '@visx/scale';
import { Bar } from '@visx/shape';

const MARGIN = { top: 10, right: 16, bottom: 44, left: 60 };

/** Tick values for a log axis over [lo, hi]: the powers of ten inside it (with 2× and 5× when there are few). */
export function decadeTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const out: number[] = [];
  const few = Math.log10(hi / lo) < 2.5;
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of few ? [1, 2, 5] : [1]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(Number(v.toPrecision(6)));
    }
  return out;
}

/** Count ticks for a symmetric-log axis: 0 and the powers of ten up to top. */
function countTicks(top: number): number[] {
  const out = [0];
  for (let v = 1; v <= top; v *= 10) out.push(v);
  return out;
}

/**
 * Edges a log axis can draw: an underflow bin starting at 0 gets a lower edge one bin-width
 * (the next bin's ratio) below its upper edge. Tooltips keep the true edges.
 */
export function drawableEdges(edges: readonly number[]): number[] {
  const out = [...edges];
  if (out.length >= 2 && !(out[0]! > 0) && out[1]! > 0) {
    const ratio = out.length >= 3 && out[2]! > out[1]! ? out[2]! / out[1]! : 10;
    out[0] = out[1]! / ratio;
  }
  return out;
}

/**
 * A histogram over log-spaced bins (visx): bar i spans [edges[i], edges[i+1]) on a log x axis,
 * so equal-ratio bins draw equally wide. `logCounts` puts counts on a symmetric-log y axis (0 stays drawable).
 */
export function LogBinHistogram({
  edges,
  counts,
  height = 260,
  logCounts = false,
  xLabel,
  yLabel,
  color = '#10b981',
  testId,
  formatEdge,
}: {
  edges: readonly number[];
  counts: readonly number[];
  height?: number;
  logCounts?: boolean;
  xLabel?: string;
  yLabel?: string;
  color?: string;
  testId?: string;
  formatEdge: (v: number) => string;
}) {
  const n = Math.min(counts.length, edges.length - 1);
  const drawn = drawableEdges(edges);
  const lo = drawn[0] ?? 0;
  const hi = drawn[n] ?? 1;
  const usable = n > 0 && lo > 0 && hi > lo;
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ParentSize>
        {({ width }) => {
          if (width < 10 || !usable) return null;
          const innerW = width - MARGIN.left - MARGIN.right;
          const innerH = height - MARGIN.top - MARGIN.bottom;
          const x = scaleLog<number>({ domain: [lo, hi], range: [0, innerW] });
          let top = 1;
          for (let i = 0; i < n; i++) top = Math.max(top, counts[i]!);
          const y = logCounts
            ? scaleSymlog<number>({ domain: [0, top], range: [innerH, 0] })
            : scaleLinear<number>({ domain: [0, top], range: [innerH, 0], nice: true });
          const yOf = (c: number) => y(c);
          const bars = [];
          for (let i = 0; i < n; i++) {
            const x0 = x(drawn[i]!);
            const x1 = x(drawn[i + 1]!);
            const c = counts[i]!;
            bars.push(
              <Bar key={i} x={x0 + 0.5} y={yOf(c)} width={Math.max(1, x1 - x0 - 1)} height={innerH - yOf(c)} fill={color}>
                <title>{`[${formatEdge(edges[i]!)}, ${formatEdge(edges[i + 1]!)}): ${c.toLocaleString()}`}</title>
              </Bar>,
            );
          }
          return (
            <svg width={width} height={height} role="img">
              <Group left={MARGIN.left} top={MARGIN.top}>
                <GridRows
                  scale={y}
                  width={innerW}
                  stroke="#334155"
                  strokeOpacity={0.6}
                  numTicks={4}
                  tickValues={logCounts ? countTicks(top) : undefined}
                />
                {bars}
                <AxisLeft
                  scale={y}
                  numTicks={4}
                  tickValues={logCounts ? countTicks(top) : undefined}
                  stroke="#64748b"
                  tickStroke="#64748b"
                  tickLabelProps={{ fill: '#94a3b8', fontSize: 11 }}
                  label={yLabel}
                  labelProps={{ fill: '#94a3b8', fontSize: 11 }}
                />
                <AxisBottom
                  top={innerH}
                  scale={x}
                  tickValues={decadeTicks(lo, hi)}
                  tickFormat={(v) => formatEdge(Number(v))}
                  stroke="#64748b"
                  tickStroke="#64748b"
                  tickLabelProps={{ fill: '#94a3b8', fontSize: 10 }}
                  label={xLabel}
                  labelProps={{ fill: '#94a3b8', fontSize: 11 }}
                />
              </Group>
            </svg>
          );
        }}
      </ParentSize>
    </div>
  );
}
