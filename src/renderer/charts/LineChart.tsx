import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { ParentSize } from '@visx/responsive';
import { scaleLinear, scaleLog } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { useState } from 'react';
import { formatReadout, formatTick, logTicks, nearestIndex } from './ticks';

export interface LineSeries {
  name: string;
  color: string;
  /** [x, y] points, x ascending; non-finite y values are skipped. */
  points: [number, number][];
  /** The hover readout shows y × this (a series drawn scaled to its maximum reads in its own units). */
  readoutScale?: number;
}

/** A dashed horizontal line at `y` (e.g. the L0 target k of a TopK SAE). */
export interface ReferenceLine {
  y: number;
  label: string;
  color: string;
}

/** SVG paths beyond this many points per series only cost time: long runs are thinned evenly (the last point kept). */
const MAX_POINTS = 2000;
/** Series with at most this many points are also drawn as dots. */
const SPARSE = 24;

export function downsample(points: [number, number][], max: number): [number, number][] {
  if (points.length <= max) return points;
  const every = points.length / max;
  const out: [number, number][] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * every)]!);
  out.push(points.at(-1)!);
  return out;
}

/** Min/max of x and y over every series (loops: spreading 100k values into Math.min overflows the stack). */
function extent(series: { points: [number, number][] }[], extraY: number[]): { x0: number; x1: number; y0: number; y1: number } | null {
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
  if (x0 === Infinity) return null;
  for (const y of extraY) {
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return { x0, x1, y0, y1 };
}

const MARGIN = { top: 10, right: 14, bottom: 40, left: 60 };
const AXIS = {
  stroke: '#64748b',
  tickStroke: '#64748b',
  tickLabelProps: { fill: '#94a3b8', fontSize: 10 },
  labelProps: { fill: '#94a3b8', fontSize: 11 },
};

function Legend({ series, refs }: { series: LineSeries[]; refs: ReferenceLine[] }) {
  return (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 12px', fontSize: 11, color: '#94a3b8', minHeight: 16 }}
      data-testid="chart-legend"
    >
      {series.map((s) => (
        <span key={s.name} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <span style={{ width: 12, height: 3, background: s.color, borderRadius: 2 }} />
          {s.name}
        </span>
      ))}
      {refs.map((r) => (
        <span key={r.label} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <span style={{ width: 12, borderTop: `2px dashed ${r.color}` }} />
          {r.label}
        </span>
      ))}
    </div>
  );
}

/**
 * Line chart of one or more series over training steps (visx), sized to its container, with a
 * legend (more than one line, or a reference line) and a hover readout (the nearest step and
 * each series' value there). `log` puts y on a log10 scale with one tick per decade; values ≤ 0
 * cannot be drawn there, so a chart whose values are all ≤ 0 stays linear and says so.
 */
export function LineChart({
  series,
  height = 200,
  log = false,
  xLabel = 'step',
  yLabel,
  testId,
  references = [],
}: {
  series: LineSeries[];
  height?: number;
  log?: boolean;
  xLabel?: string;
  yLabel?: string;
  testId?: string;
  references?: ReferenceLine[];
}) {
  const [hoverX, setHoverX] = useState<number | null>(null);
  const finite = series.map((s) => ({ ...s, points: s.points.filter(([, y]) => Number.isFinite(y)) }));
  // A series with no value > 0 would vanish on a log axis (e.g. 0 dead features throughout): keep such a chart linear.
  const vanishing = finite.filter((s) => s.points.length > 0 && !s.points.some(([, y]) => y > 0)).map((s) => s.name);
  const useLog = log && vanishing.length === 0;
  const usable = finite.map((s) => ({ ...s, points: downsample(useLog ? s.points.filter(([, y]) => y > 0) : s.points, MAX_POINTS) }));
  const refs = references.filter((r) => !useLog || r.y > 0);
  const ext = extent(
    usable,
    refs.map((r) => r.y),
  );
  const showLegend = series.length > 1 || refs.length > 0;
  return (
    <div data-testid={testId}>
      {showLegend && <Legend series={series} refs={refs} />}
      {log && !useLog && ext && (
        <div style={{ fontSize: 10, color: '#94a3b8' }} data-testid="chart-linear-note">
          {vanishing.join(', ')}: 0 throughout — shown on a linear scale (a log scale needs values &gt; 0)
        </div>
      )}
      <div style={{ width: '100%', height, position: 'relative' }}>
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
            const y = useLog
              ? scaleLog<number>({ domain: [lo, hi > lo ? hi : lo * 10], range: [innerH, 0], nice: true })
              : scaleLinear<number>({ domain: [Math.min(0, lo), hi > lo ? hi : lo + 1], range: [innerH, 0], nice: true });
            const [d0, d1] = y.domain() as [number, number];
            const yTicks = useLog ? logTicks(d0, d1, Math.max(2, Math.floor(innerH / 28))) : undefined;
            const hoverStep = hoverX === null ? null : x.invert(hoverX);
            const readout =
              hoverStep === null
                ? []
                : usable
                    .map((s) => {
                      const i = nearestIndex(s.points, hoverStep);
                      return i < 0
                        ? null
                        : {
                            name: s.name,
                            color: s.color,
                            step: s.points[i]![0],
                            value: s.points[i]![1],
                            shown: s.points[i]![1] * (s.readoutScale ?? 1),
                          };
                    })
                    .filter((r): r is { name: string; color: string; step: number; value: number; shown: number } => r !== null);
            const readStep = readout[0]?.step ?? null;
            return (
              <>
                <svg width={width} height={height} role="img">
                  <Group left={MARGIN.left} top={MARGIN.top}>
                    <GridRows
                      scale={y}
                      width={innerW}
                      stroke="#334155"
                      strokeOpacity={0.6}
                      numTicks={4}
                      {...(yTicks ? { tickValues: yTicks } : {})}
                    />
                    {refs.map((r) => (
                      <line
                        key={r.label}
                        x1={0}
                        x2={innerW}
                        y1={y(r.y)}
                        y2={y(r.y)}
                        stroke={r.color}
                        strokeWidth={1.5}
                        strokeDasharray="5 4"
                        data-testid="chart-reference"
                      />
                    ))}
                    {usable.map((s) => (
                      <LinePath key={s.name} data={s.points} x={(p) => x(p[0])} y={(p) => y(p[1])} stroke={s.color} strokeWidth={1.8} />
                    ))}
                    {/* Sparse series (splice evals every N steps) get a dot per value: one point draws no line. */}
                    {usable
                      .filter((s) => s.points.length <= SPARSE)
                      .flatMap((s) =>
                        s.points.map((p) => (
                          <circle key={`${s.name}-${p[0]}`} cx={x(p[0])} cy={y(p[1])} r={2.5} fill={s.color} data-testid="chart-dot" />
                        )),
                      )}
                    {readStep !== null && (
                      <line x1={x(readStep)} x2={x(readStep)} y1={0} y2={innerH} stroke="#94a3b8" strokeDasharray="3 3" />
                    )}
                    {readout.map((r) => (
                      <circle key={`${r.name}-hover`} cx={x(r.step)} cy={y(r.value)} r={3} fill={r.color} />
                    ))}
                    <AxisLeft
                      scale={y}
                      numTicks={4}
                      {...(yTicks ? { tickValues: yTicks } : {})}
                      tickFormat={(v) => formatTick(Number(v))}
                      label={yLabel}
                      {...AXIS}
                    />
                    <AxisBottom
                      top={innerH}
                      scale={x}
                      numTicks={Math.max(2, Math.floor(innerW / 80))}
                      label={xLabel}
                      labelOffset={8}
                      {...AXIS}
                    />
                    <rect
                      width={innerW}
                      height={innerH}
                      fill="transparent"
                      onMouseMove={(e) => setHoverX(e.clientX - e.currentTarget.getBoundingClientRect().left)}
                      onMouseLeave={() => setHoverX(null)}
                      data-testid="chart-hover-area"
                    />
                  </Group>
                </svg>
                {readStep !== null && (
                  <div
                    data-testid="chart-readout"
                    style={{
                      position: 'absolute',
                      top: MARGIN.top,
                      ...(x(readStep) > innerW / 2
                        ? { right: width - MARGIN.left - x(readStep) + 8 }
                        : { left: MARGIN.left + x(readStep) + 8 }),
                      background: 'rgba(15, 23, 42, 0.92)',
                      border: '1px solid #334155',
                      borderRadius: 4,
                      padding: '3px 6px',
                      fontSize: 11,
                      color: '#e2e8f0',
                      pointerEvents: 'none',
                      whiteSpace: 'nowrap',
                    }}
                  >
                    <div style={{ color: '#94a3b8' }}>
                      {xLabel} {readStep.toLocaleString('en-US')}
                    </div>
                    {readout.map((r) => (
                      <div key={r.name}>
                        <span style={{ color: r.color }}>■</span> {r.name}: {formatReadout(r.shown)}
                        {r.step !== readStep ? ` (${xLabel} ${r.step})` : ''}
                      </div>
                    ))}
                  </div>
                )}
              </>
            );
          }}
        </ParentSize>
      </div>
    </div>
  );
}
