import { AxisBottom, AxisLeft } from '@visx/axis';
import { GridColumns, GridRows } from '@visx/grid';
import { Group } from '@visx/group';
import { ParentSize } from '@visx/responsive';
import { scaleLinear, scaleLog } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { useState, type KeyboardEvent } from 'react';
import { frontierSteps, paretoFrontier, type Goal } from './pareto';
import { formatTick, logTicks125 } from './ticks';

/** A dot's shape: series that often coincide (TopK and BatchTopK at the same k) stay apart by shape as well as colour. */
export type Marker = 'circle' | 'square' | 'diamond' | 'triangle';

/** SVG path of a marker of radius `r` centred on (cx, cy); the square, diamond and triangle are sized to look as big as the circle. */
export function markerPath(marker: Marker, cx: number, cy: number, r: number): string {
  switch (marker) {
    case 'square': {
      const s = 0.9 * r;
      return `M${cx - s},${cy - s}h${2 * s}v${2 * s}h${-2 * s}Z`;
    }
    case 'diamond': {
      const s = 1.25 * r;
      return `M${cx},${cy - s}L${cx + s},${cy}L${cx},${cy + s}L${cx - s},${cy}Z`;
    }
    case 'triangle': {
      const s = 1.35 * r;
      return `M${cx},${cy - s}L${cx + 0.866 * s},${cy + 0.5 * s}L${cx - 0.866 * s},${cy + 0.5 * s}Z`;
    }
    default:
      return `M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
}

/** One run as a dot: x and y in the axes' units (null until measured: not drawn). */
export interface ScatterPoint {
  id: string;
  label: string;
  x: number | null;
  y: number | null;
  color: string;
  marker: Marker;
  /** Tooltip lines under the label, already rounded ("L0 12.3", "EV 0.812"). */
  details: string[];
}

export interface ScatterLegendItem {
  label: string;
  color: string;
  marker: Marker;
}

const MARGIN = { top: 12, right: 16, bottom: 42, left: 60 };
const AXIS = {
  stroke: '#64748b',
  tickStroke: '#64748b',
  tickLabelProps: { fill: '#94a3b8', fontSize: 10 },
  labelProps: { fill: '#94a3b8', fontSize: 11 },
};
const FRONTIER_COLOR = '#cbd5e1';

/** [lo, hi] padded by 6% each side so edge dots are not cut by the axes (a single value gets ±1 or ±10%). */
function padded(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * 0.06 : Math.abs(lo) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

/** [lo, hi] × / ÷ 1.15 for a log axis (values > 0). */
function paddedLog(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return hi > lo ? [lo / 1.15, hi * 1.15] : [lo / 2, hi * 2];
}

function Legend({ items }: { items: ScatterLegendItem[] }) {
  return (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 14px', fontSize: 11, color: '#94a3b8', minHeight: 16 }}
      data-testid="scatter-legend"
    >
      {items.map((it) => (
        <span key={it.label} style={{ display: 'inline-flex', alignItems: 'center', gap: 5 }}>
          <svg width={12} height={12} aria-hidden>
            <path d={markerPath(it.marker, 6, 6, 4.2)} fill={it.color} />
          </svg>
          {it.label}
        </span>
      ))}
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 5 }}>
        <span style={{ width: 16, borderTop: `2px solid ${FRONTIER_COLOR}` }} />
        Pareto frontier
      </span>
    </div>
  );
}

/**
 * Scatter of a sweep's runs with their Pareto frontier (docs/training.md, "Sweeps in the app"): x is to be
 * minimised, y to be maximised or minimised (`yGoal`). The frontier's dots are ringed and
 * joined by a step line. Hover or keyboard focus shows a dot's tooltip; click, Enter or Space
 * opens it (`onOpen`); `selectedId`'s dot is drawn larger with a ring.
 */
export function FrontierScatter({
  points,
  yGoal,
  xLabel,
  yLabel,
  legend,
  selectedId,
  onOpen,
  height = 260,
  testId,
  emptyText = 'no run measured yet',
  logX = false,
}: {
  points: ScatterPoint[];
  yGoal: Goal;
  xLabel: string;
  yLabel: string;
  legend: ScatterLegendItem[];
  selectedId: string | null;
  onOpen: (id: string) => void;
  height?: number;
  testId?: string;
  emptyText?: string;
  /** x on a log10 scale (L0 spanning decades); ignored when some x ≤ 0. */
  logX?: boolean;
}) {
  const [hover, setHover] = useState<string | null>(null);
  const measured = points.filter(
    (p): p is ScatterPoint & { x: number; y: number } => p.x !== null && p.y !== null && Number.isFinite(p.x) && Number.isFinite(p.y),
  );
  const frontier = paretoFrontier(measured, (p) => p, yGoal);
  const onFrontier = new Set(frontier.map((p) => p.id));
  const steps = frontierSteps(frontier);
  const key = (id: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(id);
    }
  };
  return (
    <div data-testid={testId}>
      <Legend items={legend} />
      <div style={{ width: '100%', height, position: 'relative' }}>
        <ParentSize>
          {({ width }) => {
            if (width < 10) return null;
            const innerW = width - MARGIN.left - MARGIN.right;
            const innerH = height - MARGIN.top - MARGIN.bottom;
            if (!measured.length) {
              return (
                <svg width={width} height={height}>
                  <text x={width / 2} y={height / 2} textAnchor="middle" fill="#64748b" fontSize={12} data-testid="scatter-empty">
                    {emptyText}
                  </text>
                </svg>
              );
            }
            const xs = measured.map((p) => p.x);
            const useLog = logX && xs.every((v) => v > 0);
            const x = useLog
              ? scaleLog<number>({ domain: paddedLog(xs), range: [0, innerW] })
              : scaleLinear<number>({ domain: padded(xs), range: [0, innerW], nice: true });
            const [x0, x1] = x.domain() as [number, number];
            const xTicks = useLog ? logTicks125(x0, x1, Math.max(2, Math.floor(innerW / 60))) : undefined;
            const y = scaleLinear<number>({ domain: padded(measured.map((p) => p.y)), range: [innerH, 0], nice: true });
            const shown = measured.find((p) => p.id === hover) ?? null;
            // Dots keep their order (a DOM node moved under the pointer loses its click); the
            // selected and hovered ones get a ring drawn over all of them instead.
            const rings = measured.filter((p) => p.id === selectedId || p.id === hover);
            return (
              <>
                <svg width={width} height={height} role="group" aria-label={`${yLabel} against ${xLabel}`}>
                  <Group left={MARGIN.left} top={MARGIN.top}>
                    <GridRows scale={y} width={innerW} stroke="#334155" strokeOpacity={0.6} numTicks={5} />
                    <GridColumns
                      scale={x}
                      height={innerH}
                      stroke="#334155"
                      strokeOpacity={0.35}
                      numTicks={5}
                      {...(xTicks ? { tickValues: xTicks } : {})}
                    />
                    {steps.length > 1 && (
                      <LinePath
                        data={steps}
                        x={(p) => x(p.x)}
                        y={(p) => y(p.y)}
                        stroke={FRONTIER_COLOR}
                        strokeOpacity={0.75}
                        strokeWidth={1.5}
                        data-testid="scatter-frontier"
                      />
                    )}
                    {measured.map((p) => {
                      const selected = p.id === selectedId;
                      const front = onFrontier.has(p.id);
                      return (
                        <path
                          key={p.id}
                          d={markerPath(p.marker, x(p.x), y(p.y), selected ? 8 : 5.5)}
                          fill={p.color}
                          fillOpacity={selectedId && !selected ? 0.4 : 0.95}
                          stroke={front ? FRONTIER_COLOR : '#0f172a'}
                          strokeWidth={front ? 1.5 : 1}
                          style={{ cursor: 'pointer', outline: 'none' }}
                          tabIndex={0}
                          role="button"
                          aria-label={`${p.label}: ${p.details.join(', ')}${front ? ', on the frontier' : ''}. Open its run`}
                          onMouseEnter={() => setHover(p.id)}
                          onMouseLeave={() => setHover((h) => (h === p.id ? null : h))}
                          onFocus={() => setHover(p.id)}
                          onBlur={() => setHover((h) => (h === p.id ? null : h))}
                          onClick={() => onOpen(p.id)}
                          onKeyDown={key(p.id)}
                          data-testid="scatter-point"
                          data-run-id={p.id}
                          data-frontier={front ? 'true' : 'false'}
                          data-selected={selected ? 'true' : 'false'}
                        />
                      );
                    })}
                    {rings.map((p) => (
                      <circle
                        key={`ring-${p.id}`}
                        cx={x(p.x)}
                        cy={y(p.y)}
                        r={p.id === selectedId ? 11 : 8.5}
                        fill="none"
                        stroke="#ffffff"
                        strokeWidth={p.id === selectedId ? 2.5 : 1.5}
                        pointerEvents="none"
                        data-testid={p.id === selectedId ? 'scatter-selected-ring' : 'scatter-hover-ring'}
                      />
                    ))}
                    <AxisLeft scale={y} numTicks={5} tickFormat={(v) => formatTick(Number(v))} label={yLabel} {...AXIS} />
                    <AxisBottom
                      top={innerH}
                      scale={x}
                      numTicks={Math.max(2, Math.floor(innerW / 80))}
                      {...(xTicks ? { tickValues: xTicks } : {})}
                      tickFormat={(v) => formatTick(Number(v))}
                      label={useLog ? `${xLabel}, log scale` : xLabel}
                      labelOffset={8}
                      {...AXIS}
                    />
                  </Group>
                </svg>
                {shown && (
                  <div
                    data-testid="scatter-tooltip"
                    style={{
                      position: 'absolute',
                      top: Math.max(0, MARGIN.top + y(shown.y) - 12),
                      ...(x(shown.x) > innerW / 2
                        ? { right: width - MARGIN.left - x(shown.x) + 12 }
                        : { left: MARGIN.left + x(shown.x) + 12 }),
                      background: 'rgba(15, 23, 42, 0.94)',
                      border: '1px solid #334155',
                      borderRadius: 4,
                      padding: '4px 8px',
                      fontSize: 11,
                      color: '#e2e8f0',
                      pointerEvents: 'none',
                      whiteSpace: 'nowrap',
                      zIndex: 2,
                    }}
                  >
                    <div style={{ fontWeight: 600 }}>
                      <span style={{ color: shown.color }}>●</span> {shown.label}
                    </div>
                    {shown.details.map((d) => (
                      <div key={d}>{d}</div>
                    ))}
                    <div style={{ color: '#94a3b8' }}>{onFrontier.has(shown.id) ? 'on the Pareto frontier · ' : ''}click to open</div>
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
