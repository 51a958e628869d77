import { Alert, Button, Card, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { ABLATION_MODE_TEXT, type AblationMode, type AblationTokenChange } from '../../../../shared/types/analysis';
import { getClient } from '../../../api/client';
import { useEvent, useQuery } from '../../../api/hooks';
import { visibleToken } from '../shade';
import { JobProgress } from './JobProgress';
import { useAnalysisJob } from './useAnalysisJob';
import { isJobOf } from '../../../../shared/types/jobs';

const fmt = (v: number, digits = 4) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(digits) : v.toExponential(2));

/** The context before a changed position, the position's token in bold, then the predicted token. */
function ChangeRow({ c }: { c: AblationTokenChange }) {
  const before = c.tokens.slice(0, c.position).map(visibleToken).join('');
  return (
    <Table.Tr>
      <Table.Td ff="monospace" fz="xs" style={{ whiteSpace: 'pre-wrap' }}>
        <Text span c="dimmed" fz="xs">
          {before}
        </Text>
        <Text span fw={700} fz="xs">
          {visibleToken(c.tokens[c.position] ?? '')}
        </Text>
        <Text span c="emerald.3" fz="xs">
          {' '}
          → {JSON.stringify(visibleToken(c.tokens[c.position + 1] ?? ''))}
        </Text>
      </Table.Td>
      <Table.Td ff="monospace" fz="xs">
        {c.activation.toFixed(2)}
      </Table.Td>
      <Table.Td ff="monospace" fz="xs">
        {c.ceBaseline.toFixed(3)} → {c.ceAblated.toFixed(3)}
      </Table.Td>
      <Table.Td ff="monospace" fz="xs" c={c.deltaCe > 0 ? 'red.4' : 'emerald.4'}>
        {c.deltaCe > 0 ? '+' : ''}
        {c.deltaCe.toFixed(3)}
      </Table.Td>
    </Table.Tr>
  );
}

function Changes({ title, rows, testId }: { title: string; rows: AblationTokenChange[]; testId: string }) {
  if (rows.length === 0) return null;
  return (
    <div>
      <Text size="sm" fw={600} mt="sm">
        {title}
      </Text>
      <Table verticalSpacing={2} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Context → next token</Table.Th>
            <Table.Th w={70}>a_f</Table.Th>
            <Table.Th w={130}>CE (nats)</Table.Th>
            <Table.Th w={70}>ΔCE</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c, i) => (
            <ChangeRow key={i} c={c} />
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint: string; testId: string }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} ff="monospace" data-testid={testId}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Card>
  );
}

/**
 * Measured ablation (docs/analysis.md): run on demand, on held-out text, with the SAE spliced in
 * at its hook; the mode is named on screen because it changes what the numbers mean.
 */
export function AblationTab({ saeId, featureIndex }: { saeId: string; featureIndex: number }) {
  const [mode, setMode] = useState<AblationMode>('sae');
  const [tokens, setTokens] = useState<number | string>(20_000);
  const result = useQuery('analysis.ablation', { saeId, featureIndex, mode }, { deps: [saeId, featureIndex, mode] });
  useEvent(
    'analysis.changed',
    (e) => e.saeId === saeId && e.kind === 'ablation' && e.featureIndex === featureIndex && void result.reload(),
  );
  const key = `${featureIndex}:${mode}`;
  const job = useAnalysisJob(
    saeId,
    key,
    (j) => isJobOf(j, 'analysis.ablation') && j.params.saeId === saeId && j.params.featureIndex === featureIndex && j.params.mode === mode,
    () => void result.reload(),
  );
  const r = result.data;
  const start = () =>
    job.run(() => getClient().invoke('analysis.startAblation', { saeId, featureIndex, mode, tokens: Number(tokens) || 20_000 }));
  return (
    <Stack gap="sm" data-testid="ablation-tab">
      <Group align="flex-end">
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as AblationMode)}
          data={[
            { value: 'sae', label: 'SAE spliced' },
            { value: 'error-preserved', label: 'Error term preserved' },
          ]}
          data-testid="ablation-mode"
        />
        <NumberInput
          size="xs"
          label="Held-out tokens"
          value={tokens}
          onChange={setTokens}
          min={256}
          max={5_000_000}
          step={10_000}
          w={150}
          thousandSeparator=","
        />
        <Button
          size="xs"
          leftSection={<IconPlayerPlay size={14} />}
          onClick={() => void start()}
          disabled={job.running}
          data-testid="ablation-run"
        >
          {r ? 'Run again' : 'Run ablation'}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" data-testid="ablation-mode-text">
        Mode: {ABLATION_MODE_TEXT[mode]}. Next-token cross-entropy on the validation split, with feature #{featureIndex} zeroed (x̂ −
        a_f·W_dec[f]).
      </Text>
      {job.job && <JobProgress job={job.job} onCancel={() => void job.cancel()} testId="ablation" />}
      {result.error && <Alert color="red">{result.error.message}</Alert>}
      {!r && !job.running && (
        <Text size="sm" c="dimmed">
          Not measured yet in this mode: run it to see how much the model needs this feature.
        </Text>
      )}
      {r && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs" data-testid="ablation-result">
            <Stat
              label="Mean ΔCE (nats/token)"
              value={`${r.deltaCe >= 0 ? '+' : ''}${fmt(r.deltaCe, 5)}`}
              hint={`95% CI [${fmt(r.deltaCeCi95[0], 5)}, ${fmt(r.deltaCeCi95[1], 5)}] over ${r.windows} windows`}
              testId="ablation-delta"
            />
            <Stat
              label="ΔCE where it fired"
              value={r.deltaCeWhereFired === null ? '—' : `${r.deltaCeWhereFired >= 0 ? '+' : ''}${fmt(r.deltaCeWhereFired)}`}
              hint={`${r.firedTokens.toLocaleString()} of ${r.tokens.toLocaleString()} positions`}
              testId="ablation-fired"
            />
            <Stat label="KL(baseline ‖ ablated)" value={fmt(r.kl, 5)} hint="nats/token, next-token distribution" testId="ablation-kl" />
            <Stat
              label="CE baseline → ablated"
              value={`${r.ceBaseline.toFixed(4)} → ${r.ceAblated.toFixed(4)}`}
              hint={`${r.tokens.toLocaleString()} scored positions · ${r.split} split · ${Math.round(r.tokensPerSecond)} tokens/s`}
              testId="ablation-ce"
            />
          </SimpleGrid>
          <Text size="sm" data-testid="ablation-lens">
            Where a top logit-lens token of this feature ({r.lensTokens.map((t) => JSON.stringify(visibleToken(t))).join(', ')}) comes next
            ({r.lensPositions.toLocaleString()} positions): mean ΔCE{' '}
            <b>{r.deltaCeWhereLensTokenFollows === null ? '—' : fmt(r.deltaCeWhereLensTokenFollows)}</b> nats, against{' '}
            {r.deltaCeElsewhere === null ? '—' : fmt(r.deltaCeElsewhere, 5)} elsewhere.
          </Text>
          <Changes title="Next-token loss rose most (the feature helped here)" rows={r.increased} testId="ablation-increased" />
          <Changes title="Next-token loss fell most" rows={r.decreased} testId="ablation-decreased" />
        </>
      )}
    </Stack>
  );
}
