import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { ParentSize } from '@visx/responsive';
import { scaleLinear, scaleLog } from '@visx/scale';
import { LinePath } from '@visx/shape';

export interface LineSeries {
  name: string;
  color: string;
  /** [x, y] points, x ascending; non-finite y values are skipped. */
  points: [number, number][];
}

const MARGIN = { top: 10, right: 14, bottom: 40, left: 60 };

function fmt(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-2) return v.toExponential(1).replace('.0e', 'e');
  return Number(v.toPrecision(3)).toString();
}

/**
 * Line chart of one or more series over training steps (visx), sized to its container.
 * `log` puts y on a log10 scale (non-positive values are dropped there).
 */
export function LineChart({ series, height = 200, log = false, xLabel = 'step', yLabel, testId }: { series: LineSeries[]; height?: number; log?: boolean; xLabel?: string; yLabel?: string; testId?: string }) {
  const usable = series.map((s) => ({ ...s, points: s.points.filter(([, y]) => Number.isFinite(y) && (!log || y > 0)) }));
  const all = usable.flatMap((s) => s.points);
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ParentSize>
        {({ width }) => {
          if (width < 10) return null;
          const innerW = width - MARGIN.left - MARGIN.right;
          const innerH = height - MARGIN.top - MARGIN.bottom;
          if (all.length === 0) {
            return (
              <svg width={width} height={height}>
                <text x={width / 2} y={height / 2} textAnchor="middle" fill="#64748b" fontSize={12}>
                  waiting for the first metrics…
                </text>
              </svg>
            );
          }
          const xs = all.map((p) => p[0]);
          const ys = all.map((p) => p[1]);
          const x = scaleLinear<number>({ domain: [Math.min(...xs), Math.max(Math.max(...xs), Math.min(...xs) + 1)], range: [0, innerW] });
          const lo = Math.min(...ys);
          const hi = Math.max(...ys);
          const y = log
            ? scaleLog<number>({ domain: [lo, hi > lo ? hi : lo * 10], range: [innerH, 0], nice: true })
            : scaleLinear<number>({ domain: [Math.min(0, lo), hi > lo ? hi : lo + 1], range: [innerH, 0], nice: true });
          return (
            <svg width={width} height={height} role="img">
              <Group left={MARGIN.left} top={MARGIN.top}>
                <GridRows scale={y} width={innerW} stroke="#334155" strokeOpacity={0.6} numTicks={4} />
                {usable.map((s) => (
                  <LinePath key={s.name} data={s.points} x={(p) => x(p[0])} y={(p) => y(p[1])} stroke={s.color} strokeWidth={1.8}>
                  </LinePath>
                ))}
                {usable.map((s) => {
                  const last = s.points.at(-1);
                  return last ? <circle key={`${s.name}-last`} cx={x(last[0])} cy={y(last[1])} r={3} fill={s.color}><title>{`${s.name} @ ${last[0]}: ${last[1]}`}</title></circle> : null;
                })}
                <AxisLeft scale={y} numTicks={4} tickFormat={(v) => fmt(Number(v))} stroke="#64748b" tickStroke="#64748b" tickLabelProps={{ fill: '#94a3b8', fontSize: 10 }} label={yLabel} labelProps={{ fill: '#94a3b8', fontSize: 11 }} />
                <AxisBottom top={innerH} scale={x} numTicks={Math.max(2, Math.floor(innerW / 80))} stroke="#64748b" tickStroke="#64748b" tickLabelProps={{ fill: '#94a3b8', fontSize: 10 }} label={xLabel} labelOffset={8} labelProps={{ fill: '#94a3b8', fontSize: 11 }} />
              </Group>
            </svg>
          );
        }}
      </ParentSize>
    </div>
  );
}
