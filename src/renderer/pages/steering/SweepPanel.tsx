import { Alert, Badge, Button, Group, NumberInput, Paper, Progress, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { MAX_SWEEP_POINTS, type SweepPoint } from '../../../shared/types/steering';
import { tokenLabel } from '../features/shade';
import { coefficientRange, type DraftFeature } from './draft';
import { formatMetric, METRIC_DEFS, TARGET_DEFINITION } from './metric-defs';
import { SweepChart } from './SweepChart';
import type { useSweepRun } from './useSweepRun';

type SweepRun = ReturnType<typeof useSweepRun>;

/**
 * The dose-response sweep: one feature at evenly spaced coefficients, same prompt, seed and
 * sampling at each; KL, perplexity and the probability of the feature's top logit-lens tokens
 * against the coefficient, the generated text at the hovered point.
 */
export function SweepPanel({
  features,
  sweep,
  blocker,
  onRun,
}: {
  features: DraftFeature[];
  sweep: SweepRun;
  /** Why a sweep cannot start (the same reasons as Generate), or null. */
  blocker: string | null;
  onRun: (feature: number, coefficients: number[]) => void;
}) {
  const [feature, setFeature] = useState<string | null>(null);
  const [from, setFrom] = useState<number | string>(-5);
  const [to, setTo] = useState<number | string>(5);
  const [count, setCount] = useState<number | string>(11);
  const [hover, setHover] = useState<number | null>(null);
  const chosen = features.find((f) => String(f.feature) === feature) ?? features[0] ?? null;
  const n = Number(count);
  const rangeOk =
    Number.isInteger(n) &&
    n >= 2 &&
    n <= MAX_SWEEP_POINTS &&
    Number(from) < Number(to) &&
    Math.abs(Number(from)) <= 1000 &&
    Math.abs(Number(to)) <= 1000;
  const reason = !chosen
    ? 'Add a feature to sweep'
    : (blocker ?? (rangeOk ? null : `Give from < to (within ±1000) and 2–${MAX_SWEEP_POINTS} points`));
  const coefficients = sweep.coefficients;
  const done = sweep.points.filter((p): p is SweepPoint => p !== null);
  const at = hover ?? (done.length ? sweep.points.lastIndexOf(done.at(-1)!) : null);
  const point = at !== null ? (sweep.points[at] ?? null) : null;
  const col = <K extends keyof SweepPoint>(k: K) => sweep.points.map((p) => (p ? (p[k] as number) : null));
  const unsteeredPpl = sweep.result
    ? (sweep.result.points.find((p) => p.coefficient === 0)?.perplexityUnsteered ?? done[0]?.perplexityUnsteered ?? null)
    : (done[0]?.perplexityUnsteered ?? null);
  return (
    <Stack gap="sm" data-testid="steer-sweep">
      <Group align="flex-end" gap="xs">
        <Select
          label="Feature"
          size="xs"
          w={220}
          data={features.map((f) => ({ value: String(f.feature), label: `#${f.feature} ${f.label ?? ''}`.trim() }))}
          value={chosen ? String(chosen.feature) : null}
          onChange={setFeature}
          placeholder="add a feature first"
          data-testid="sweep-feature"
        />
        <NumberInput size="xs" w={80} label="From" value={from} onChange={setFrom} step={1} data-testid="sweep-from" />
        <NumberInput size="xs" w={80} label="To" value={to} onChange={setTo} step={1} data-testid="sweep-to" />
        <NumberInput
          size="xs"
          w={80}
          label="Points"
          value={count}
          onChange={setCount}
          min={2}
          max={MAX_SWEEP_POINTS}
          data-testid="sweep-points"
        />
        <Tooltip label={reason ?? `${n} runs of the same prompt, seed and sampling, plus one unsteered`} disabled={false}>
          <span>
            <Button
              size="xs"
              disabled={reason !== null || sweep.running}
              onClick={() => chosen && onRun(chosen.feature, coefficientRange(Number(from), Number(to), n))}
              data-testid="sweep-run"
            >
              Run sweep
            </Button>
          </span>
        </Tooltip>
        {sweep.running && (
          <Button size="xs" variant="default" color="red" onClick={() => void sweep.stop()} data-testid="sweep-stop">
            Stop
          </Button>
        )}
      </Group>
      <Text size="xs" c={reason ? 'yellow.4' : 'dimmed'} data-testid="sweep-reason">
        {reason ??
          `Coefficients ${coefficientRange(Number(from), Number(to), n)
            .map((c) => formatMetric(c, 2))
            .join(
              ', ',
            )} × the feature's max activation; in the feature's own mode (its card's Additive / Clamp), with the positions, hook, prompt and sampling on the left (one sample).`}
      </Text>
      {sweep.job && (
        <Group gap="xs">
          <Progress value={(100 * done.length) / Math.max(1, coefficients.length)} style={{ flex: 1 }} animated={sweep.running} />
          <Text size="xs" c="dimmed" data-testid="sweep-progress">
            {done.length} / {coefficients.length} points
            {sweep.job.status === 'cancelled' ? ' · stopped' : sweep.job.status === 'failed' ? ' · failed' : ''}
          </Text>
        </Group>
      )}
      {sweep.job?.status === 'failed' && (
        <Alert color="red" title="Sweep failed">
          {sweep.job.error?.message}
        </Alert>
      )}
      {coefficients.length > 0 && (
        <>
          <SweepChart
            testId="sweep-chart-target"
            coefficients={coefficients}
            log
            hover={at}
            onHover={setHover}
            yLabel="p(lens tokens)"
            series={[
              { name: 'first position', color: '#10b981', values: col('targetProbabilityFirst') },
              { name: 'mean on the unsteered text', color: '#22d3ee', values: col('targetProbabilityMean'), dashed: true },
            ]}
          />
          <SweepChart
            testId="sweep-chart-kl"
            coefficients={coefficients}
            hover={at}
            onHover={setHover}
            yLabel="KL (nats)"
            series={[{ name: 'mean KL', color: '#f59e0b', values: col('meanKl') }]}
          />
          <SweepChart
            testId="sweep-chart-ppl"
            coefficients={coefficients}
            log
            hover={at}
            onHover={setHover}
            yLabel="perplexity"
            series={[
              { name: 'steered text', color: '#ef4444', values: col('perplexitySteered') },
              { name: 'unsteered text', color: '#94a3b8', values: coefficients.map(() => unsteeredPpl), dashed: true },
            ]}
          />
          <Group gap="md">
            {[
              ['#10b981', 'p(lens tokens), first position'],
              ['#22d3ee', 'p(lens tokens), mean on the unsteered text'],
              ['#f59e0b', 'mean KL'],
              ['#ef4444', 'perplexity, steered text'],
              ['#94a3b8', 'perplexity, unsteered text'],
            ].map(([c, l]) => (
              <Group key={l} gap={4}>
                <div style={{ width: 12, height: 3, background: c }} />
                <Text size="xs" c="dimmed">
                  {l}
                </Text>
              </Group>
            ))}
            <Tooltip multiline w={360} label={TARGET_DEFINITION}>
              <Text size="xs" c="blue.4" style={{ cursor: 'help' }}>
                what is p(lens tokens)?
              </Text>
            </Tooltip>
          </Group>
        </>
      )}
      {sweep.result && (
        <Group gap={4} data-testid="sweep-targets">
          <Text size="xs" c="dimmed">
            Lens tokens of #{sweep.result.feature}:
          </Text>
          {sweep.result.targetTokenTexts.map((t, i) => (
            <Badge key={i} size="xs" variant="light" ff="monospace" tt="none">
              {tokenLabel(t)}
            </Badge>
          ))}
        </Group>
      )}
      {sweep.live && sweep.running && (
        <Text size="xs" c="dimmed" data-testid="sweep-live">
          Generating {sweep.live.coefficientIndex === null ? 'the unsteered run' : `c = ${coefficients[sweep.live.coefficientIndex]}`}:{' '}
          {sweep.live.text}
        </Text>
      )}
      {point && at !== null && (
        <Paper withBorder p="sm" data-testid="sweep-point">
          <Text size="xs" fw={500}>
            c = {coefficients[at]} · p(lens) first {formatMetric(point.targetProbabilityFirst, 4)}, mean{' '}
            {formatMetric(point.targetProbabilityMean, 4)} · KL {formatMetric(point.meanKl, METRIC_DEFS.meanKl.digits)} nats · perplexity{' '}
            {formatMetric(point.perplexitySteered, 2)} (unsteered {formatMetric(point.perplexityUnsteered, 2)}) · Jaccard{' '}
            {formatMetric(point.wordJaccard, 3)}
            {hover === null ? ' · hover the plot for another point' : ''}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="sweep-point-text">
            {point.text}
          </Text>
        </Paper>
      )}
      {sweep.result && (
        <Text size="xs" c="dimmed">
          Unsteered text: {sweep.result.unsteered.text}
        </Text>
      )}
    </Stack>
  );
}
