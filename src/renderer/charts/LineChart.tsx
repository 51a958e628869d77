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

/** SVG paths beyond this many points per series only cost time: long runs are thinned evenly (the last point kept). */
const MAX_POINTS = 2000;

function downsample(points: [number, number][], max: number): [number, number][] {
  if (points.length <= max) return points;
  const every = points.length / max;
  const out: [number, number][] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * every)]!);
  out.push(points.at(-1)!);
  return out;
}

/** Min/max of x and y over every series (loops: spreading 100k values into Math.min overflows the stack). */
function extent(series: { points: [number, number][] }[]): { x0: number; x1: number; y0: number; y1: number } | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const s of series)
    for (const [x, y] of s.points) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  return x0 === Infinity ? null : { x0, x1, y0, y1 };
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
  const usable = series.map((s) => ({ ...s, points: downsample(s.points.filter(([, y]) => Number.isFinite(y) && (!log || y > 0)), MAX_POINTS) }));
  const ext = extent(usable);
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ParentSize>
        {({ width }) => {
          if (width < 10) return null;
          const innerW = width - MARGIN.left - MARGIN.right;
          const innerH = height - MARGIN.top - MARGIN.bottom;
          if (!ext) {
            return (
              <svg width={width} height={height}>
                <text x={width / 2} y={height / 2} textAnchor="middle" fill="#64748b" fontSize={12}>
                  waiting for the first metrics…
                </text>
              </svg>
            );
          }
          const x = scaleLinear<number>({ domain: [ext.x0, Math.max(ext.x1, ext.x0 + 1)], range: [0, innerW] });
          const lo = ext.y0;
          const hi = ext.y1;
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
