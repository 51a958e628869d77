import { Alert, Button, Card, Group, SegmentedControl, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { scaleLinear } from '@visx/scale';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProjectionMethod } from '../../../../shared/types/analysis';
import { getClient } from '../../../api/client';
import { useEvent, useQuery } from '../../../api/hooks';
import { formatFrequency } from '../shade';
import { JobProgress } from './JobProgress';
import { Legend } from './Legend';
import { COLOUR_BY, DENSITY_COLOURS, pointColours, type ColourBy } from './map-colours';
import { useAnalysisJob } from './useAnalysisJob';

const W = 820;
const H = 560;
const PAD = 16;
const PICK_PX = 10;

interface View {
  k: number;
  tx: number;
  ty: number;
}

/**
 * Feature map (docs/analysis.md): decoder directions in 2-D (PCA / UMAP / t-SNE, computed once per SAE and method). One
 * canvas draws all points (16,384 stay fluid); wheel zooms at the pointer, drag pans, shift-drag
 * selects a box, hover shows a card, click opens the feature.
 */
export function FeatureMapPage({ saeId, onOpen }: { saeId: string; onOpen: (f: number) => void }) {
  const [method, setMethod] = useState<ProjectionMethod>('pca');
  const [by, setBy] = useState<ColourBy>('frequency');
  const [view, setView] = useState<View>({ k: 1, tx: 0, ty: 0 });
  const [hover, setHover] = useState<number | null>(null);
  const [box, setBox] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [selected, setSelected] = useState<number[] | null>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean; select: boolean } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const q = useQuery('analysis.map', { saeId, method }, { deps: [saeId, method] });
  useEvent('analysis.changed', (e) => e.saeId === saeId && e.kind === 'map' && void q.reload());
  const job = useAnalysisJob(saeId, `map:${method}`, (j) => j.kind === 'analysis.map' && (j.params as { saeId: string; method: string }).saeId === saeId && (j.params as { method: string }).method === method, () => void q.reload());
  const m = q.data ?? null;
  useEffect(() => setView({ k: 1, tx: 0, ty: 0 }), [m]);

  const base = useMemo(() => {
    if (!m) return null;
    const xs = m.points.filter((_, i) => i % 2 === 0);
    const ys = m.points.filter((_, i) => i % 2 === 1);
    return {
      x: scaleLinear({ domain: [Math.min(...xs), Math.max(...xs)], range: [PAD, W - PAD] }),
      y: scaleLinear({ domain: [Math.min(...ys), Math.max(...ys)], range: [H - PAD, PAD] }),
    };
  }, [m]);
  const colours = useMemo(() => (m ? pointColours(m, by) : null), [m, by]);
  const screen = (i: number): [number, number] => (base && m ? [view.k * base.x(m.points[2 * i]!) + view.tx, view.k * base.y(m.points[2 * i + 1]!) + view.ty] : [0, 0]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !m || !base || !colours) return;
    ctx.clearRect(0, 0, W, H);
    const n = m.points.length / 2;
    const r = Math.max(1.2, Math.min(4, 1.5 * Math.sqrt(view.k)));
    for (let i = 0; i < n; i++) {
      const x = view.k * base.x(m.points[2 * i]!) + view.tx;
      const y = view.k * base.y(m.points[2 * i + 1]!) + view.ty;
      if (x < -r || y < -r || x > W + r || y > H + r) continue;
      ctx.fillStyle = colours.colours[i]!;
      ctx.fillRect(x - r / 2, y - r / 2, r, r);
    }
    if (hover !== null) {
      const [x, y] = screen(hover);
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, 2 * Math.PI);
      ctx.stroke();
    }
    if (box) {
      ctx.strokeStyle = '#58a6ff';
      ctx.setLineDash([4, 3]);
      ctx.strokeRect(Math.min(box.x0, box.x1), Math.min(box.y0, box.y1), Math.abs(box.x1 - box.x0), Math.abs(box.y1 - box.y0));
      ctx.setLineDash([]);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `screen` is derived from these
  }, [m, base, colours, view, hover, box]);

  const local = (e: React.MouseEvent) => {
    const b = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - b.left) / b.width) * W, y: ((e.clientY - b.top) / b.height) * H };
  };
  const nearest = (x: number, y: number): number | null => {
    if (!m) return null;
    let best = -1;
    let bd = PICK_PX * PICK_PX;
    for (let i = 0; i < m.points.length / 2; i++) {
      const [px, py] = screen(i);
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d < bd) {
        bd = d;
        best = i;
      }
    }
    return best >= 0 ? best : null;
  };
  // Where the most frequent feature sits on screen (lets a test or a reader find one point).
  const probe = m ? m.frequency.reduce((bi, f, i) => (f > m.frequency[bi]! ? i : bi), 0) : null;
  const probeXy = probe !== null && base ? screen(probe).map((v) => v.toFixed(1)).join(',') : '';
  const h = hover !== null && m ? { i: hover, label: m.label[hover], f: m.frequency[hover]!, p: m.proxy[hover] ?? null, d: m.densityBucket[hover] } : null;

  return (
    <Stack gap="sm" data-testid="feature-map-page">
      <Group align="flex-end">
        <SegmentedControl size="xs" value={method} onChange={(v) => setMethod(v as ProjectionMethod)} data={[{ value: 'pca', label: 'PCA' }, { value: 'umap', label: 'UMAP' }, { value: 'tsne', label: 't-SNE' }]} data-testid="map-method" />
        <SegmentedControl size="xs" value={by} onChange={(v) => setBy(v as ColourBy)} data={COLOUR_BY.map((c) => ({ value: c, label: c === 'density' ? 'density bucket' : c }))} data-testid="map-colour" />
        <Button size="xs" variant="light" onClick={() => void job.run(() => getClient().invoke('analysis.startMap', { saeId, method }))} disabled={job.running} data-testid="map-compute">
          {m ? 'Recompute' : `Compute ${method.toUpperCase()} map`}
        </Button>
        <Button size="xs" variant="subtle" onClick={() => setView({ k: 1, tx: 0, ty: 0 })}>Reset zoom</Button>
      </Group>
      <Text size="xs" c="dimmed">
        Each point is a feature’s decoder direction W_dec[f] projected to 2-D ({method === 'pca' ? `PCA of the rows${m?.explainedVariance ? `, axes explain ${m.explainedVariance.map((v) => (100 * v).toFixed(1)).join('% and ')}% of the variance` : ''}` : `${method === 'umap' ? 'UMAP' : 't-SNE'} of the cosine nearest-neighbour graph of the rows, seed ${m?.seed ?? 0}`}). Wheel: zoom · drag: pan · shift-drag: select a box · click: open.
      </Text>
      {colours?.range && <Legend kind="sequential" low={colours.range[0]} high={colours.range[1]} unit={by === 'frequency' ? 'log₁₀ firing frequency' : 'proxy (top-token concentration)'} />}
      {by === 'density' && <Group gap="xs">{Object.entries(DENSITY_COLOURS).slice(0, 4).map(([k, c]) => <Text key={k} size="xs"><span style={{ color: c }}>■</span> {k}</Text>)}</Group>}
      {job.job && <JobProgress job={job.job} onCancel={() => void job.cancel()} testId="map" />}
      {q.error && <Alert color="red">{q.error.message}</Alert>}
      {!m && !job.running && <Text size="sm" c="dimmed">No {method.toUpperCase()} map of this SAE yet: compute it (once; it is kept).</Text>}
      {m && (
        <Group align="flex-start" wrap="nowrap">
          <canvas
            ref={canvas}
            width={W}
            height={H}
            style={{ width: W, height: H, background: '#0d1117', borderRadius: 4, cursor: hover !== null ? 'pointer' : 'grab' }}
            data-testid="map-canvas"
            data-points={m.points.length / 2}
            data-probe-feature={probe ?? ''}
            data-probe-xy={probeXy}
            onWheel={(e) => {
              const { x, y } = local(e);
              const f = Math.exp(-e.deltaY * 0.0015);
              setView((v) => ({ k: v.k * f, tx: x - (x - v.tx) * f, ty: y - (y - v.ty) * f }));
            }}
            onMouseDown={(e) => {
              const p = local(e);
              drag.current = { ...p, moved: false, select: e.shiftKey };
            }}
            onMouseMove={(e) => {
              const p = local(e);
              const d = drag.current;
              if (d) {
                if (Math.abs(p.x - d.x) + Math.abs(p.y - d.y) > 3) d.moved = true;
                if (d.select) setBox({ x0: d.x, y0: d.y, x1: p.x, y1: p.y });
                else if (d.moved) {
                  setView((v) => ({ ...v, tx: v.tx + p.x - d.x, ty: v.ty + p.y - d.y }));
                  d.x = p.x;
                  d.y = p.y;
                }
                return;
              }
              setHover(nearest(p.x, p.y));
            }}
            onMouseUp={(e) => {
              const d = drag.current;
              drag.current = null;
              if (d?.select && box) {
                const [x0, x1] = [Math.min(box.x0, box.x1), Math.max(box.x0, box.x1)];
                const [y0, y1] = [Math.min(box.y0, box.y1), Math.max(box.y0, box.y1)];
                const inside: number[] = [];
                for (let i = 0; i < m.points.length / 2; i++) {
                  const [px, py] = screen(i);
                  if (px >= x0 && px <= x1 && py >= y0 && py <= y1) inside.push(i);
                }
                setSelected(inside);
                setBox(null);
              } else if (d && !d.moved) {
                const p = local(e);
                const i = nearest(p.x, p.y);
                if (i !== null) onOpen(i);
              }
            }}
            onMouseLeave={() => {
              drag.current = null;
              setHover(null);
            }}
          />
          <Stack gap="sm" style={{ flex: 1, minWidth: 220 }}>
            <Card withBorder padding="xs" data-testid="map-hover">
              {h ? (
                <>
                  <Text fw={700} ff="monospace">#{h.i}</Text>
                  <Text size="sm">{h.label ?? 'unlabelled'}</Text>
                  <Text size="xs" c="dimmed">fires on {formatFrequency(h.f)} · proxy {h.p === null ? '—' : h.p.toFixed(2)} · {h.d}</Text>
                </>
              ) : (
                <Text size="xs" c="dimmed">Hover a point.</Text>
              )}
            </Card>
            {selected && (
              <Card withBorder padding="xs" data-testid="map-selection">
                <Text size="sm" fw={600}>{selected.length.toLocaleString()} features in the box</Text>
                <Table verticalSpacing={1}>
                  <Table.Tbody>
                    {selected.slice(0, 100).map((i) => (
                      <Table.Tr key={i} style={{ cursor: 'pointer' }} onClick={() => onOpen(i)}>
                        <Table.Td><UnstyledButton ff="monospace" fz="xs">#{i}</UnstyledButton></Table.Td>
                        <Table.Td fz="xs">{m.label[i] ?? '—'}</Table.Td>
                        <Table.Td fz="xs" ff="monospace">{formatFrequency(m.frequency[i]!)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {selected.length > 100 && <Text size="xs" c="dimmed">… and {selected.length - 100} more</Text>}
              </Card>
            )}
          </Stack>
        </Group>
      )}
    </Stack>
  );
}
