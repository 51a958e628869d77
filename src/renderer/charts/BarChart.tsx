import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { ParentSize } from '@visx/responsive';
import { scaleBand, scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';

export interface BarDatum {
  label: string;
  value: number;
  /** Tooltip text (native title). */
  title?: string;
}

const MARGIN = { top: 10, right: 12, bottom: 46, left: 56 };

/** A labelled vertical bar chart (visx), sized to its container. */
export function BarChart({ data, height = 240, yLabel, xLabel, color = '#10b981', testId }: { data: BarDatum[]; height?: number; yLabel?: string; xLabel?: string; color?: string; testId?: string }) {
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ParentSize>
        {({ width }) => {
          if (width < 10) return null;
          const innerW = width - MARGIN.left - MARGIN.right;
          const innerH = height - MARGIN.top - MARGIN.bottom;
          const x = scaleBand<string>({ domain: data.map((d) => d.label), range: [0, innerW], padding: data.length <= 4 ? 0.5 : 0.15 });
          const y = scaleLinear<number>({ domain: [0, Math.max(1, ...data.map((d) => d.value))], range: [innerH, 0], nice: true });
          const every = Math.max(1, Math.ceil(data.length / Math.max(1, innerW / 48)));
          return (
            <svg width={width} height={height} role="img">
              <Group left={MARGIN.left} top={MARGIN.top}>
                <GridRows scale={y} width={innerW} stroke="#334155" strokeOpacity={0.6} numTicks={4} />
                {data.map((d) => (
                  <Bar key={d.label} x={x(d.label)} y={y(d.value)} width={x.bandwidth()} height={innerH - y(d.value)} fill={color} rx={2}>
                    <title>{d.title ?? `${d.label}: ${d.value.toLocaleString()}`}</title>
                  </Bar>
                ))}
                <AxisLeft scale={y} numTicks={4} stroke="#64748b" tickStroke="#64748b" tickLabelProps={{ fill: '#94a3b8', fontSize: 11 }} label={yLabel} labelProps={{ fill: '#94a3b8', fontSize: 11 }} />
                <AxisBottom
                  top={innerH}
                  scale={x}
                  stroke="#64748b"
                  tickStroke="#64748b"
                  tickValues={data.filter((_, i) => i % every === 0).map((d) => d.label)}
                  tickLabelProps={{ fill: '#94a3b8', fontSize: 10, angle: data.length > 12 ? -35 : 0, textAnchor: data.length > 12 ? 'end' : 'middle' }}
                  label={xLabel}
                  labelOffset={data.length > 12 ? 22 : 12}
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
