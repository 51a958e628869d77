import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { ParentSize } from '@visx/responsive';
import { scaleLinear, scaleLog } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { formatTick, logTicks } from '../../charts/ticks';

export interface SweepSeries {
  name: string;
  color: string;
  /** One value per coefficient (null = not measured yet / undefined). */
  values: (number | null)[];
  dashed?: boolean;
}

const MARGIN = { top: 8, right: 12, bottom: 30, left: 58 };
const AXIS = {
  stroke: '#64748b',
  tickStroke: '#64748b',
  tickLabelProps: { fill: '#94a3b8', fontSize: 10 },
  labelProps: { fill: '#94a3b8', fontSize: 11 },
};

/**
 * One panel of the dose-response plot (visx): series against the coefficient, dots at each
 * measured point, a vertical rule at the hovered coefficient (shared by the panels: `hover`).
 * `log` draws y on a log10 scale (probabilities spanning decades); values ≤ 0 are left out there.
 */
export function SweepChart({
  coefficients,
  series,
  yLabel,
  log = false,
  hover,
  onHover,
  height = 150,
  testId,
}: {
  coefficients: number[];
  series: SweepSeries[];
  yLabel: string;
  log?: boolean;
  hover: number | null;
  onHover: (index: number | null) => void;
  height?: number;
  testId: string;
}) {
  const usable = (v: number | null): v is number => v !== null && Number.isFinite(v) && (!log || v > 0);
  const all = series.flatMap((s) => s.values.filter(usable));
  const x0 = Math.min(...coefficients);
  const x1 = Math.max(...coefficients);
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ParentSize>
        {({ width }) => {
          if (width < 10 || coefficients.length === 0) return null;
          const innerW = width - MARGIN.left - MARGIN.right;
          const innerH = height - MARGIN.top - MARGIN.bottom;
          const x = scaleLinear<number>({ domain: [x0, x1 > x0 ? x1 : x0 + 1], range: [0, innerW] });
          const lo = all.length ? Math.min(...all) : log ? 1e-6 : 0;
          const hi = all.length ? Math.max(...all) : 1;
          const y = log
            ? scaleLog<number>({ domain: [lo, hi > lo ? hi : lo * 10], range: [innerH, 0], nice: true })
            : scaleLinear<number>({ domain: [Math.min(0, lo), hi > lo ? hi : lo + 1], range: [innerH, 0], nice: true });
          const [d0, d1] = y.domain() as [number, number];
          const ticks = log ? logTicks(d0, d1, 4) : undefined;
          const pick = (px: number) => {
            const c = x.invert(px);
            let best = 0;
            coefficients.forEach((v, i) => Math.abs(v - c) < Math.abs(coefficients[best]! - c) && (best = i));
            onHover(best);
          };
          return (
            <svg width={width} height={height} role="img">
              <Group left={MARGIN.left} top={MARGIN.top}>
                <GridRows
                  scale={y}
                  width={innerW}
                  stroke="#334155"
                  strokeOpacity={0.6}
                  numTicks={4}
                  {...(ticks ? { tickValues: ticks } : {})}
                />
                {x0 < 0 && x1 > 0 && <line x1={x(0)} x2={x(0)} y1={0} y2={innerH} stroke="#475569" />}
                {series.map((s) => {
                  const pts = s.values
                    .map((v, i) => [coefficients[i]!, v] as const)
                    .filter((p): p is readonly [number, number] => usable(p[1]));
                  return (
                    <g key={s.name}>
                      <LinePath
                        data={pts}
                        x={(p) => x(p[0])}
                        y={(p) => y(p[1])}
                        stroke={s.color}
                        strokeWidth={1.8}
                        strokeDasharray={s.dashed ? '5 4' : undefined}
                      />
                      {pts.map((p) => (
                        <circle key={p[0]} cx={x(p[0])} cy={y(p[1])} r={2.5} fill={s.color} data-testid={`${testId}-dot`} />
                      ))}
                    </g>
                  );
                })}
                {hover !== null && coefficients[hover] !== undefined && (
                  <line x1={x(coefficients[hover])} x2={x(coefficients[hover])} y1={0} y2={innerH} stroke="#94a3b8" strokeDasharray="3 3" />
                )}
                <AxisLeft
                  scale={y}
                  numTicks={4}
                  {...(ticks ? { tickValues: ticks } : {})}
                  tickFormat={(v) => formatTick(Number(v))}
                  label={yLabel}
                  {...AXIS}
                />
                <AxisBottom
                  top={innerH}
                  scale={x}
                  tickValues={coefficients.length <= 13 ? coefficients : undefined}
                  numTicks={8}
                  tickFormat={(v) => formatTick(Number(v))}
                  {...AXIS}
                />
                <rect
                  width={innerW}
                  height={innerH}
                  fill="transparent"
                  onMouseMove={(e) => pick(e.clientX - e.currentTarget.getBoundingClientRect().left)}
                  onMouseLeave={() => onHover(null)}
                  data-testid={`${testId}-hover`}
                />
              </Group>
            </svg>
          );
        }}
      </ParentSize>
    </div>
  );
}
