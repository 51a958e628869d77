import { scaleLinear } from '@visx/scale';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureMapView } from '../../../../shared/types/analysis';
import { boxPolygon, extendLasso, pointsInPolygon } from './map-geometry';

export const MAP_W = 820;
export const MAP_H = 560;
const PAD = 16;
const PICK_PX = 10;

export type SelectTool = 'box' | 'lasso';
export interface MapView {
  k: number;
  tx: number;
  ty: number;
}
export const HOME: MapView = { k: 1, tx: 0, ty: 0 };

/** Indices grouped by colour string, so a redraw sets fillStyle once per colour rather than once per point. */
function byColour(colours: readonly string[]): [string, Int32Array][] {
  const groups = new Map<string, number[]>();
  colours.forEach((c, i) => {
    const g = groups.get(c);
    if (g) g.push(i);
    else groups.set(c, [i]);
  });
  return [...groups].map(([c, idx]) => [c, Int32Array.from(idx)]);
}

/**
 * The scatter of the feature map on two stacked canvases: the points layer is redrawn only when the
 * map, colours or zoom/pan change; the overlay (hover ring, box or lasso being drawn, selected
 * points) is redrawn on pointer moves — so hovering or lassoing among 16,384 points never repaints
 * them. Screen positions are computed once per view into typed arrays and shared by drawing,
 * picking and selecting. The overlay canvas takes the pointer and carries the test attributes
 * (data-draw-ms: the last points redraw, milliseconds).
 */
export function MapCanvas(props: {
  map: FeatureMapView;
  colours: string[];
  view: MapView;
  setView: (f: (v: MapView) => MapView) => void;
  tool: SelectTool;
  selected: number[] | null;
  onSelect: (features: number[], tool: SelectTool) => void;
  onHover: (f: number | null) => void;
  hover: number | null;
  onOpen: (f: number) => void;
}) {
  const { map: m, colours, view, setView, tool, selected, onSelect, onHover, hover, onOpen } = props;
  const pointsLayer = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean; select: boolean } | null>(null);
  const [shape, setShape] = useState<number[] | null>(null); // box or lasso being drawn, as a polygon
  const [drawMs, setDrawMs] = useState(0);
  const n = m.points.length / 2;

  const base = useMemo(() => {
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, m.points[2 * i]!);
      x1 = Math.max(x1, m.points[2 * i]!);
      y0 = Math.min(y0, m.points[2 * i + 1]!);
      y1 = Math.max(y1, m.points[2 * i + 1]!);
    }
    return {
      x: scaleLinear({ domain: [x0, x1], range: [PAD, MAP_W - PAD] }),
      y: scaleLinear({ domain: [y0, y1], range: [MAP_H - PAD, PAD] }),
    };
  }, [m, n]);
  const screen = useMemo(() => {
    const xs = new Float32Array(n);
    const ys = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = view.k * base.x(m.points[2 * i]!) + view.tx;
      ys[i] = view.k * base.y(m.points[2 * i + 1]!) + view.ty;
    }
    return { xs, ys };
  }, [m, n, base, view]);
  const groups = useMemo(() => byColour(colours), [colours]);
  const r = Math.max(1.2, Math.min(4, 1.5 * Math.sqrt(view.k)));

  useEffect(() => {
    const ctx = pointsLayer.current?.getContext('2d');
    if (!ctx) return;
    const t0 = performance.now();
    ctx.clearRect(0, 0, MAP_W, MAP_H);
    for (const [colour, idx] of groups) {
      ctx.fillStyle = colour;
      for (let g = 0; g < idx.length; g++) {
        const i = idx[g]!;
        const x = screen.xs[i]!;
        const y = screen.ys[i]!;
        if (x < -r || y < -r || x > MAP_W + r || y > MAP_H + r) continue;
        ctx.fillRect(x - r / 2, y - r / 2, r, r);
      }
    }
    setDrawMs(performance.now() - t0);
  }, [groups, screen, r]);

  useEffect(() => {
    const ctx = overlay.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, MAP_W, MAP_H);
    if (selected) {
      ctx.strokeStyle = '#f0f6fc';
      ctx.lineWidth = 1;
      for (const i of selected) ctx.strokeRect(screen.xs[i]! - r / 2 - 1, screen.ys[i]! - r / 2 - 1, r + 2, r + 2);
    }
    if (hover !== null) {
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(screen.xs[hover]!, screen.ys[hover]!, 6, 0, 2 * Math.PI);
      ctx.stroke();
    }
    if (shape && shape.length >= 4) {
      ctx.strokeStyle = '#58a6ff';
      ctx.fillStyle = 'rgba(88, 166, 255, 0.12)';
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(shape[0]!, shape[1]!);
      for (let k = 2; k < shape.length; k += 2) ctx.lineTo(shape[k]!, shape[k + 1]!);
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }, [screen, r, selected, hover, shape]);

  const local = (e: React.MouseEvent) => {
    const b = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - b.left) / b.width) * MAP_W, y: ((e.clientY - b.top) / b.height) * MAP_H };
  };
  const nearest = (x: number, y: number): number | null => {
    let best = -1;
    let bd = PICK_PX * PICK_PX;
    for (let i = 0; i < n; i++) {
      const d = (screen.xs[i]! - x) ** 2 + (screen.ys[i]! - y) ** 2;
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best >= 0 ? best : null;
  };
  // Where the most frequent feature sits on screen (lets a test or a reader find one point).
  const probe = m.frequency.reduce((bi, f, i) => (f > m.frequency[bi]! ? i : bi), 0);

  return (
    <div style={{ position: 'relative', width: MAP_W, height: MAP_H, flex: 'none' }}>
      <canvas
        ref={pointsLayer}
        width={MAP_W}
        height={MAP_H}
        style={{ position: 'absolute', inset: 0, width: MAP_W, height: MAP_H, background: '#0d1117', borderRadius: 4 }}
      />
      <canvas
        ref={overlay}
        width={MAP_W}
        height={MAP_H}
        style={{
          position: 'absolute',
          inset: 0,
          width: MAP_W,
          height: MAP_H,
          cursor: drag.current?.select ? 'crosshair' : hover !== null ? 'pointer' : 'grab',
        }}
        data-testid="map-canvas"
        data-points={n}
        data-draw-ms={drawMs.toFixed(1)}
        data-probe-feature={probe}
        data-probe-xy={`${screen.xs[probe]!.toFixed(1)},${screen.ys[probe]!.toFixed(1)}`}
        onWheel={(e) => {
          const { x, y } = local(e);
          const f = Math.exp(-e.deltaY * 0.0015);
          setView((v) => ({ k: v.k * f, tx: x - (x - v.tx) * f, ty: y - (y - v.ty) * f }));
        }}
        onMouseDown={(e) => {
          const p = local(e);
          drag.current = { ...p, moved: false, select: e.shiftKey };
          if (e.shiftKey) setShape(tool === 'lasso' ? [p.x, p.y] : boxPolygon(p.x, p.y, p.x, p.y));
        }}
        onMouseMove={(e) => {
          const p = local(e);
          const d = drag.current;
          if (!d) return onHover(nearest(p.x, p.y));
          if (Math.abs(p.x - d.x) + Math.abs(p.y - d.y) > 3) d.moved = true;
          if (d.select) setShape((s) => (tool === 'lasso' ? extendLasso(s ?? [], p.x, p.y) : boxPolygon(d.x, d.y, p.x, p.y)));
          else if (d.moved) {
            setView((v) => ({ ...v, tx: v.tx + p.x - d.x, ty: v.ty + p.y - d.y }));
            d.x = p.x;
            d.y = p.y;
          }
        }}
        onMouseUp={(e) => {
          const d = drag.current;
          drag.current = null;
          if (d?.select) {
            if (shape && d.moved) onSelect(pointsInPolygon(screen.xs, screen.ys, shape), tool);
            setShape(null);
          } else if (d && !d.moved) {
            const p = local(e);
            const i = nearest(p.x, p.y);
            if (i !== null) onOpen(i);
          }
        }}
        onMouseLeave={() => {
          drag.current = null;
          setShape(null);
          onHover(null);
        }}
      />
    </div>
  );
}
