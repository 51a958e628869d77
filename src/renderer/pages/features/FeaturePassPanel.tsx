import {
  Alert,
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  NumberInput,
  Progress,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconBolt, IconChevronDown, IconChevronRight, IconPlayerStop } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { FeaturePassParamsInput } from '../../../shared/contract/features';
import type { FeaturePassProgress, FeaturePassRecord } from '../../../shared/types/features';
import type { SaeRecord } from '../../../shared/types/saes';
import { getClient } from '../../api/client';
import { useEvent, useQuery } from '../../api/hooks';
import { notifyError } from '../../components/notify';
import { formatCount } from '../format';

type Split = NonNullable<FeaturePassParamsInput['split']>;
const SPLITS: { value: Split; label: string }[] = [
  { value: 'validation', label: 'validation (held out of training)' },
  { value: 'test', label: 'test (held out)' },
  { value: 'train', label: 'train' },
  { value: 'all', label: 'all splits' },
];

/** The pass running now: tokens done of total, features seen so far, cancel. */
function ActivePass({ sae, pass }: { sae: SaeRecord; pass: FeaturePassRecord }) {
  const [live, setLive] = useState<FeaturePassProgress>(pass.progress);
  useEffect(() => setLive(pass.progress), [pass.progress]);
  useEvent('features.passProgress', (e) => e.passId === pass.id && setLive(e.progress));
  const frac = live.tokensTotal > 0 ? live.tokensDone / live.tokensTotal : 0;
  return (
    <Stack gap="xs" data-testid="pass-active">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {pass.status === 'queued' ? 'Queued: waits for the compute worker' : 'Feature pass running'}
        </Text>
        <Button
          size="xs"
          color="red"
          variant="light"
          leftSection={<IconPlayerStop size={14} />}
          onClick={() =>
            void getClient()
              .invoke('features.cancelPass', { saeId: sae.id })
              .catch((err: unknown) => notifyError(err, 'Cancel failed'))
          }
          data-testid="pass-cancel"
        >
          Cancel
        </Button>
      </Group>
      <Progress value={100 * frac} animated={pass.status === 'running'} data-testid="pass-progress" />
      <Text size="xs" c="dimmed" ff="monospace" data-testid="pass-progress-text">
        {formatCount(live.tokensDone)} / {formatCount(live.tokensTotal)} tokens · {live.featuresSeen.toLocaleString()} of{' '}
        {sae.dSae.toLocaleString()} features seen so far
      </Text>
      <Text size="xs" c="dimmed">
        The previous results stay until this pass completes; a cancelled or failed pass changes nothing.
      </Text>
    </Stack>
  );
}

/** What the latest completed pass found. */
export function PassSummary({ pass }: { pass: FeaturePassRecord }) {
  const s = pass.summary;
  if (!s) return null;
  return (
    <Group gap="xs" data-testid="pass-summary">
      <Text size="xs" c="dimmed">
        Last pass: {formatCount(s.tokens)} tokens of the {pass.params.split} split in {s.seconds.toFixed(0)} s · top-{pass.params.topK} · ±
        {pass.params.contextWindow} tokens
      </Text>
      <Badge size="xs" color="gray" variant="light">
        dead {s.dead}
      </Badge>
      <Badge size="xs" color="yellow" variant="light">
        ultra-low {s.ultraLow}
      </Badge>
      <Badge size="xs" color="emerald" variant="light">
        normal {s.normal}
      </Badge>
      <Badge size="xs" color="red" variant="light">
        dense {s.dense}
      </Badge>
    </Group>
  );
}

/**
 * The feature pass (docs/features.md): run it over held-out text of a dataset tokenized for the SAE's
 * model — defaults: the SAE's own dataset, its validation split.
 */
export function FeaturePassPanel({ sae }: { sae: SaeRecord }) {
  const datasets = useQuery('datasets.list', {});
  const usable = (datasets.data ?? []).filter((d) => d.tokenization && d.tokenization.modelId === sae.modelId);
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [split, setSplit] = useState<Split>('validation');
  const [tokens, setTokens] = useState<number | string>(200_000);
  const [topK, setTopK] = useState<number | string>(20);
  const [contextWindow, setContextWindow] = useState<number | string>(8);
  const [quantileGroups, setQuantileGroups] = useState<number | string>(5);
  const [quantileExamples, setQuantileExamples] = useState<number | string>(5);
  const [batchTokens, setBatchTokens] = useState<number | string>(4096);
  const [advanced, setAdvanced] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (datasetId || usable.length === 0) return;
    setDatasetId(usable.find((d) => d.id === sae.datasetId)?.id ?? usable[0]!.id);
  }, [usable, datasetId, sae.datasetId]);
  const chosen = usable.find((d) => d.id === datasetId) ?? null;
  const active = sae.activePass;
  const start = async () => {
    if (!datasetId) return;
    setBusy(true);
    try {
      await getClient().invoke('features.startPass', {
        saeId: sae.id,
        datasetId,
        split,
        tokens: Number(tokens),
        topK: Number(topK),
        contextWindow: Number(contextWindow),
        quantileGroups: Number(quantileGroups),
        quantileExamples: Number(quantileExamples),
        batchTokens: Number(batchTokens),
      });
    } catch (err) {
      notifyError(err, 'The feature pass was refused');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card data-testid="pass-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Feature pass</Title>
          {sae.lastPass && <PassSummary pass={sae.lastPass} />}
        </Group>
        <Text size="sm" c="dimmed">
          Streams the dataset's token windows through {sae.modelName ?? 'the model'} to {sae.hook}, encodes them with the SAE and keeps per
          feature: frequency, max and mean, an activation histogram, top-k contexts, quantile-sampled contexts, logit lens and decoder
          neighbours. Activations are never all held in memory.
        </Text>
        {active ? (
          <ActivePass sae={sae} pass={active} />
        ) : (
          <>
            {datasets.data && usable.length === 0 && (
              <Alert color="yellow" data-testid="pass-no-dataset">
                No dataset is tokenized for {sae.modelName ?? 'this SAE’s model'} yet. Tokenize one on the Datasets tab (Tokenization), then
                come back.
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
              <Select
                label="Dataset"
                data={usable.map((d) => ({ value: d.id, label: d.id === sae.datasetId ? `${d.name} (the SAE's own)` : d.name }))}
                value={datasetId}
                onChange={setDatasetId}
                allowDeselect={false}
                data-testid="pass-dataset"
              />
              <Select
                label="Split"
                data={SPLITS.filter((s) => s.value === 'all' || !chosen || (chosen.splits[s.value] ?? 0) > 0)}
                value={split}
                onChange={(v) => v && setSplit(v as Split)}
                allowDeselect={false}
                data-testid="pass-split"
              />
              <NumberInput
                label="Tokens"
                description={
                  chosen?.tokenization
                    ? `stops early if the split has fewer (${formatCount(chosen.tokenization.totalTokens)} tokenized in all)`
                    : undefined
                }
                value={tokens}
                onChange={setTokens}
                min={256}
                max={100_000_000}
                step={10_000}
                thousandSeparator=","
                data-testid="pass-tokens"
              />
              <NumberInput label="Top-k examples per feature" value={topK} onChange={setTopK} min={1} max={200} data-testid="pass-topk" />
              <NumberInput
                label="Context window (tokens each side)"
                value={contextWindow}
                onChange={setContextWindow}
                min={0}
                max={64}
                data-testid="pass-window"
              />
            </SimpleGrid>
            <UnstyledButton onClick={() => setAdvanced((a) => !a)}>
              <Group gap={4}>
                {advanced ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                <Text size="sm">Advanced</Text>
              </Group>
            </UnstyledButton>
            <Collapse expanded={advanced}>
              <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
                <NumberInput
                  label="Quantile groups"
                  description="activation intervals sampled below the top (sae_vis)"
                  value={quantileGroups}
                  onChange={setQuantileGroups}
                  min={0}
                  max={20}
                />
                <NumberInput label="Contexts per group" value={quantileExamples} onChange={setQuantileExamples} min={1} max={50} />
                <NumberInput
                  label="Tokens per model batch"
                  value={batchTokens}
                  onChange={setBatchTokens}
                  min={64}
                  max={65_536}
                  step={1024}
                />
              </SimpleGrid>
            </Collapse>
            <Group>
              <Button
                leftSection={<IconBolt size={16} />}
                onClick={() => void start()}
                loading={busy}
                disabled={!datasetId}
                data-testid="pass-start"
              >
                {sae.lastPass ? 'Run the feature pass again' : 'Run feature pass'}
              </Button>
              {sae.lastPass && (
                <Text size="xs" c="dimmed">
                  Re-running replaces these results when it completes; labels, notes and stars stay.
                </Text>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}
