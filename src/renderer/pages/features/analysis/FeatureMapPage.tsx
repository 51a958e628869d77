import { Alert, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { ProjectionMethod } from '../../../../shared/types/analysis';
import { getClient } from '../../../api/client';
import { useEvent, useQuery } from '../../../api/hooks';
import { formatFrequency } from '../shade';
import { JobProgress } from './JobProgress';
import { Legend } from './Legend';
import { HOME, MapCanvas, type MapView, type SelectTool } from './MapCanvas';
import { MapSelection } from './MapSelection';
import { COLOUR_BY, DENSITY_COLOURS, pointColours, type ColourBy } from './map-colours';
import { useAnalysisJob } from './useAnalysisJob';
import { isJobOf } from '../../../../shared/types/jobs';

/**
 * Feature map (docs/analysis.md): decoder directions in 2-D (PCA / UMAP / t-SNE, computed once per SAE and method), drawn
 * on canvas (MapCanvas: 16,384 points stay fluid). Wheel zooms at the pointer, drag pans,
 * shift-drag selects with the chosen tool (box or free-form lasso) and lists the group, hover
 * shows a card, click opens the feature; Esc clears the selection.
 */
export function FeatureMapPage({ saeId, onOpen }: { saeId: string; onOpen: (f: number) => void }) {
  const [method, setMethod] = useState<ProjectionMethod>('pca');
  const [by, setBy] = useState<ColourBy>('frequency');
  const [tool, setTool] = useState<SelectTool>('lasso');
  const [view, setView] = useState<MapView>(HOME);
  const [hover, setHover] = useState<number | null>(null);
  const [selection, setSelection] = useState<{ features: number[]; tool: SelectTool } | null>(null);
  const q = useQuery('analysis.map', { saeId, method }, { deps: [saeId, method] });
  useEvent('analysis.changed', (e) => e.saeId === saeId && e.kind === 'map' && void q.reload());
  const job = useAnalysisJob(
    saeId,
    `map:${method}`,
    (j) => isJobOf(j, 'analysis.map') && j.params.saeId === saeId && j.params.method === method,
    () => void q.reload(),
  );
  const m = q.data ?? null;
  useEffect(() => {
    setView(HOME);
    setSelection(null);
  }, [m]);
  useEffect(() => {
    if (!selection) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setSelection(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selection]);
  const colours = useMemo(() => (m ? pointColours(m, by) : null), [m, by]);
  const h =
    hover !== null && m
      ? { i: hover, label: m.label[hover], f: m.frequency[hover]!, p: m.proxy[hover] ?? null, d: m.densityBucket[hover] }
      : null;

  return (
    <Stack gap="sm" data-testid="feature-map-page">
      <Group align="flex-end">
        <SegmentedControl
          size="xs"
          value={method}
          onChange={(v) => setMethod(v as ProjectionMethod)}
          data={[
            { value: 'pca', label: 'PCA' },
            { value: 'umap', label: 'UMAP' },
            { value: 'tsne', label: 't-SNE' },
          ]}
          data-testid="map-method"
        />
        <SegmentedControl
          size="xs"
          value={by}
          onChange={(v) => setBy(v as ColourBy)}
          data={COLOUR_BY.map((c) => ({ value: c, label: c === 'density' ? 'density bucket' : c }))}
          data-testid="map-colour"
        />
        <SegmentedControl
          size="xs"
          value={tool}
          onChange={(v) => setTool(v as SelectTool)}
          data={[
            { value: 'lasso', label: 'Lasso' },
            { value: 'box', label: 'Box' },
          ]}
          data-testid="map-tool"
          aria-label="Selection tool (shift-drag)"
        />
        <Button
          size="xs"
          variant="light"
          onClick={() => void job.run(() => getClient().invoke('analysis.startMap', { saeId, method }))}
          disabled={job.running}
          data-testid="map-compute"
        >
          {m ? 'Recompute' : `Compute ${method.toUpperCase()} map`}
        </Button>
        <Button size="xs" variant="subtle" onClick={() => setView(HOME)}>
          Reset zoom
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Each point is a feature’s decoder direction W_dec[f] projected to 2-D (
        {method === 'pca'
          ? `PCA of the rows${m?.explainedVariance ? `, axes explain ${m.explainedVariance.map((v) => (100 * v).toFixed(1)).join('% and ')}% of the variance` : ''}`
          : `${method === 'umap' ? 'UMAP' : 't-SNE'} of the cosine nearest-neighbour graph of the rows, seed ${m?.seed ?? 0}`}
        ). Wheel: zoom · drag: pan · shift-drag: select with the {tool} · click: open.
      </Text>
      {colours?.range && (
        <Legend
          kind="sequential"
          low={colours.range[0]}
          high={colours.range[1]}
          unit={by === 'frequency' ? 'log₁₀ firing frequency' : 'proxy (top-token concentration)'}
        />
      )}
      {by === 'density' && (
        <Group gap="xs">
          {Object.entries(DENSITY_COLOURS)
            .slice(0, 4)
            .map(([k, c]) => (
              <Text key={k} size="xs">
                <span style={{ color: c }}>■</span> {k}
              </Text>
            ))}
        </Group>
      )}
      {job.job && <JobProgress job={job.job} onCancel={() => void job.cancel()} testId="map" />}
      {q.error && <Alert color="red">{q.error.message}</Alert>}
      {!m && !job.running && (
        <Text size="sm" c="dimmed">
          No {method.toUpperCase()} map of this SAE yet: compute it (once; it is kept).
        </Text>
      )}
      {m && colours && (
        <Group align="flex-start" wrap="nowrap">
          <MapCanvas
            map={m}
            colours={colours.colours}
            view={view}
            setView={setView}
            tool={tool}
            selected={selection?.features ?? null}
            onSelect={(features, t) => setSelection({ features, tool: t })}
            hover={hover}
            onHover={setHover}
            onOpen={onOpen}
          />
          <Stack gap="sm" style={{ flex: 1, minWidth: 220 }}>
            <Card withBorder padding="xs" data-testid="map-hover">
              {h ? (
                <>
                  <Text fw={700} ff="monospace">
                    #{h.i}
                  </Text>
                  <Text size="sm">{h.label ?? 'unlabelled'}</Text>
                  <Text size="xs" c="dimmed">
                    fires on {formatFrequency(h.f)} · proxy {h.p === null ? '—' : h.p.toFixed(2)} · {h.d}
                  </Text>
                </>
              ) : (
                <Text size="xs" c="dimmed">
                  Hover a point.
                </Text>
              )}
            </Card>
            {selection ? (
              <MapSelection
                map={m}
                selected={selection.features}
                tool={selection.tool}
                onOpen={onOpen}
                onClear={() => setSelection(null)}
              />
            ) : (
              <Text size="xs" c="dimmed">
                Shift-drag on the map to select a group with the {tool}.
              </Text>
            )}
          </Stack>
        </Group>
      )}
    </Stack>
  );
}
