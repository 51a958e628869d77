import {
  Alert,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  SegmentedControl,
  Slider,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CorrelationHeatmap } from '../../../../shared/types/analysis';
import { useEvent, useQuery } from '../../../api/hooks';
import { diverging } from './colour-scales';
import { useCorrelationJob } from './CorrelationsTab';
import { JobProgress } from './JobProgress';
import { Legend } from './Legend';
import { PairCard } from './PairCard';

const SIZE = 560;

/** The matrix on a canvas (up to 256² cells), the hovered cell and pair under the pointer. */
function Matrix({ h, threshold, onPick }: { h: CorrelationHeatmap; threshold: number; onPick: (a: number, b: number) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ i: number; j: number } | null>(null);
  const k = h.features.length;
  const cell = SIZE / k;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, SIZE, SIZE);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const r = h.r[i * k + j]!;
        // Below the threshold a cell is drawn faint, so strong pairs stand out.
        ctx.globalAlpha = i === j || Math.abs(r) >= threshold ? 1 : 0.25;
        ctx.fillStyle = diverging(r, 1);
        ctx.fillRect(j * cell, i * cell, Math.ceil(cell), Math.ceil(cell));
      }
    }
    ctx.globalAlpha = 1;
  }, [h, k, cell, threshold]);
  const at = (e: React.MouseEvent) => {
    const b = e.currentTarget.getBoundingClientRect();
    const i = Math.floor(((e.clientY - b.top) / b.height) * k);
    const j = Math.floor(((e.clientX - b.left) / b.width) * k);
    return i >= 0 && j >= 0 && i < k && j < k ? { i, j } : null;
  };
  const hv = hover ? { a: h.features[hover.i]!, b: h.features[hover.j]!, r: h.r[hover.i * k + hover.j]! } : null;
  return (
    <Stack gap={4}>
      <canvas
        ref={ref}
        width={SIZE}
        height={SIZE}
        style={{ width: SIZE, height: SIZE, cursor: 'pointer', imageRendering: 'pixelated' }}
        onMouseMove={(e) => setHover(at(e))}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const c = at(e);
          if (c && c.i !== c.j) onPick(h.features[c.i]!, h.features[c.j]!);
        }}
        data-testid="heatmap-canvas"
        data-size={k}
      />
      <Text size="xs" ff="monospace" h={18}>
        {hv ? `#${hv.a} × #${hv.b}: r = ${hv.r.toFixed(3)}` : 'Hover a cell; click it to open the two features.'}
      </Text>
    </Stack>
  );
}

/**
 * Correlations (docs/analysis.md): the correlation matrix of the most frequent features (or a chosen set), a threshold
 * slider, the highly correlated pairs, and the two features of a clicked cell side by side.
 */
export function CorrelationHeatmapPage({ saeId, onOpen }: { saeId: string; onOpen: (f: number) => void }) {
  const [source, setSource] = useState<'top' | 'chosen'>('top');
  const [top, setTop] = useState<number | string>(48);
  const [chosenText, setChosenText] = useState('');
  const [threshold, setThreshold] = useState(0.3);
  const [pair, setPair] = useState<{ a: number; b: number } | null>(null);
  const chosen = useMemo(
    () => [
      ...new Set(
        chosenText
          .split(/[\s,#]+/)
          .filter((s) => /^\d+$/.test(s))
          .map(Number),
      ),
    ],
    [chosenText],
  );
  const args =
    source === 'chosen' && chosen.length >= 2 ? { saeId, features: chosen, threshold } : { saeId, top: Number(top) || 48, threshold };
  const q = useQuery('analysis.heatmap', args, { deps: [JSON.stringify(args)] });
  useEvent('analysis.changed', (e) => e.saeId === saeId && e.kind === 'correlations' && void q.reload());
  const job = useCorrelationJob(saeId, () => void q.reload());
  const h = q.data;
  return (
    <Stack gap="sm" data-testid="correlation-heatmap-page">
      <Text size="sm" c="dimmed">
        Pearson r of feature activations over the tokens of the last feature pass. Red = anti-correlated, blue = correlated; cells under the
        threshold are faint.
      </Text>
      {job.job && <JobProgress job={job.job} onCancel={() => void job.cancel()} testId="correlations" />}
      {q.error && <Alert color="red">{q.error.message}</Alert>}
      {h === null && !job.running && (
        <Alert color="blue">
          <Group justify="space-between">
            <Text size="sm">No correlations yet: they are computed over the tokens of the SAE’s last feature pass.</Text>
            <Button size="xs" onClick={() => void job.start()} data-testid="correlations-run">
              Compute correlations
            </Button>
          </Group>
        </Alert>
      )}
      <Group align="flex-end">
        <SegmentedControl
          size="xs"
          value={source}
          onChange={(v) => setSource(v as 'top' | 'chosen')}
          data={[
            { value: 'top', label: 'Most frequent' },
            { value: 'chosen', label: 'Chosen set' },
          ]}
        />
        {source === 'top' ? (
          <NumberInput size="xs" label="Features" value={top} onChange={setTop} min={2} max={256} w={110} data-testid="heatmap-top" />
        ) : (
          <TextInput
            size="xs"
            label="Feature ids (comma separated)"
            value={chosenText}
            onChange={(e) => setChosenText(e.currentTarget.value)}
            w={280}
            placeholder="12, 40, 311"
          />
        )}
        <Stack gap={2} w={220}>
          <Text size="xs">|r| threshold: {threshold.toFixed(2)}</Text>
          <Slider min={0} max={1} step={0.01} value={threshold} onChange={setThreshold} label={null} data-testid="heatmap-threshold" />
        </Stack>
        <Legend kind="diverging" low={-1} high={1} unit="Pearson r" />
      </Group>
      {h && (
        <Grid>
          <Grid.Col span="content">
            <Matrix h={h} threshold={threshold} onPick={(a, b) => setPair({ a, b })} />
          </Grid.Col>
          <Grid.Col span="auto">
            {pair && (
              <PairCard
                saeId={saeId}
                a={pair.a}
                b={pair.b}
                r={h.r[h.features.indexOf(pair.a) * h.features.length + h.features.indexOf(pair.b)] ?? null}
                onOpen={onOpen}
              />
            )}
            <Card withBorder mt="sm">
              <Text size="sm" fw={600}>
                Pairs with |r| ≥ {threshold.toFixed(2)} ({h.pairs.length}
                {h.pairs.length === 200 ? '+' : ''})
              </Text>
              <Table verticalSpacing={2} highlightOnHover data-testid="heatmap-pairs">
                <Table.Tbody>
                  {h.pairs.slice(0, 40).map((p) => (
                    <Table.Tr
                      key={`${p.a}-${p.b}`}
                      style={{ cursor: 'pointer' }}
                      onClick={() => setPair({ a: p.a, b: p.b })}
                      data-testid="heatmap-pair"
                    >
                      <Table.Td>
                        <UnstyledButton ff="monospace" fz="sm">
                          #{p.a} × #{p.b}
                        </UnstyledButton>
                      </Table.Td>
                      <Table.Td ff="monospace" fz="sm" c={p.r >= 0 ? 'blue.4' : 'red.4'}>
                        {p.r.toFixed(3)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Text size="xs" c="dimmed">
                {h.features.length} features × {h.tokens.toLocaleString()} tokens.
              </Text>
            </Card>
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}
