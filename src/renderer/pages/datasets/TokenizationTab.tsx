import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { DEFAULT_TOKENIZATION } from '../../../shared/contract/datasets';
import type { DatasetRecord, TokenizationSettings, TokenPreview } from '../../../shared/types/datasets';
import { getClient } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyError } from '../../components/notify';
import { formatCount } from '../format';
import { TokenChips } from './TokenChips';

export { DEFAULT_TOKENIZATION };

/** Tokenization configuration (docs/datasets.md) with a live preview, then a tokenize job. */
export function TokenizationTab({ dataset }: { dataset: DatasetRecord }) {
  const { data: models } = useQuery('models.list', {});
  const ready = (models ?? []).filter((m) => m.status === 'ready');
  const [modelId, setModelId] = useState<string | null>(dataset.tokenization?.modelId ?? null);
  const [s, setS] = useState<TokenizationSettings>(dataset.tokenization?.settings ?? DEFAULT_TOKENIZATION);
  const [text, setText] = useState('In the beginning God created the heaven and the earth.');
  const [debounced] = useDebouncedValue(text, 250);
  const [preview, setPreview] = useState<TokenPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const sets = useQuery('activations.list', {}, { deps: [dataset.id, dataset.tokenization?.createdAt] });
  // Sets extracted after the current tokenization read its windows; re-tokenizing replaces them.
  const builtFrom = (sets.data ?? []).filter(
    (a) => a.datasetId === dataset.id && a.status !== 'failed' && dataset.tokenization && a.createdAt >= dataset.tokenization.createdAt,
  );
  useEffect(() => {
    if (!modelId && ready.length) setModelId(ready.find((m) => m.source === 'bundled')?.id ?? ready[0]!.id);
  }, [ready, modelId]);
  useEffect(() => {
    if (!modelId) return;
    getClient()
      .invoke('datasets.previewTokens', { modelId, text: debounced, addSpecialTokens: s.addSpecialTokens })
      .then(setPreview, () => setPreview(null));
  }, [modelId, debounced, s.addSpecialTokens]);
  const set = <K extends keyof TokenizationSettings>(k: K, v: TokenizationSettings[K]) => setS({ ...s, [k]: v });
  const run = async () => {
    if (!modelId) return;
    setBusy(true);
    try {
      await getClient().invoke('datasets.tokenize', { id: dataset.id, modelId, settings: s });
    } catch (err) {
      notifyError(err, 'Tokenization refused');
    } finally {
      setBusy(false);
    }
  };
  const num = (v: number | string, fallback: number) => (typeof v === 'number' ? v : fallback);
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <Card>
        <Title order={4} mb="sm">
          Settings
        </Title>
        <Stack>
          <Select
            label="Tokenizer (from model)"
            data={ready.map((m) => ({ value: m.id, label: m.name }))}
            value={modelId}
            onChange={setModelId}
            placeholder="Import a model first"
            data-testid="tokenize-model"
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Mode
            </Text>
            <SegmentedControl
              fullWidth
              value={s.mode}
              onChange={(v) => set('mode', v as TokenizationSettings['mode'])}
              data={[
                { value: 'concat_chunk', label: 'Concatenate + chunk (SAE training)' },
                { value: 'per_sample', label: 'Per sample' },
              ]}
            />
          </div>
          {s.mode === 'concat_chunk' ? (
            <Group grow>
              <NumberInput
                label="Context size"
                description="tokens per window"
                value={s.contextSize}
                onChange={(v) => set('contextSize', num(v, 128))}
                min={2}
                max={131072}
              />
              <Switch
                mt="lg"
                label="BOS at the start of every window"
                checked={s.prependBos}
                onChange={(e) => set('prependBos', e.currentTarget.checked)}
              />
            </Group>
          ) : (
            <>
              <Group grow>
                <NumberInput label="Max length" value={s.maxLength} onChange={(v) => set('maxLength', num(v, 128))} min={1} max={131072} />
                <Select
                  label="Padding"
                  data={['max_length', 'longest', 'none']}
                  value={s.padding}
                  onChange={(v) => v && set('padding', v as TokenizationSettings['padding'])}
                  allowDeselect={false}
                />
                <Select
                  label="Truncation"
                  data={['longest_first', 'only_first', 'none']}
                  value={s.truncation}
                  onChange={(v) => v && set('truncation', v as TokenizationSettings['truncation'])}
                  allowDeselect={false}
                />
              </Group>
              <Switch
                label="Return attention mask"
                checked={s.returnAttentionMask}
                onChange={(e) => set('returnAttentionMask', e.currentTarget.checked)}
              />
            </>
          )}
          <Switch
            label="Add special tokens (BOS/EOS)"
            checked={s.addSpecialTokens}
            onChange={(e) => set('addSpecialTokens', e.currentTarget.checked)}
          />
          {dataset.tokenization && builtFrom.length > 0 && (
            <Alert
              variant="light"
              color="yellow"
              title="Activation sets were built from this tokenization"
              data-testid="retokenize-warning"
            >
              {builtFrom.length === 1
                ? `"${builtFrom[0]!.name}" was`
                : `${builtFrom.length} activation sets (${builtFrom.map((a) => a.name).join(', ')}) were`}{' '}
              extracted from the current token windows. Tokenizing again replaces those windows: the extracted activations stay usable for
              training, but looking their rows up as text (feature examples) will no longer match, and runs that stream from the model
              cannot resume.
            </Alert>
          )}
          <Button
            onClick={() => void run()}
            loading={busy || dataset.status === 'tokenizing'}
            disabled={!modelId}
            data-testid="tokenize-run"
          >
            {dataset.tokenization ? 'Tokenize again' : 'Tokenize dataset'}
          </Button>
          {dataset.tokenization && (
            <Alert variant="light" color="emerald" title="Tokenized">
              For {dataset.tokenization.modelName}: {formatCount(dataset.tokenization.totalTokens)} tokens in{' '}
              {formatCount(dataset.tokenization.rows)}{' '}
              {dataset.tokenization.settings.mode === 'concat_chunk' ? `windows of ${dataset.tokenization.settings.contextSize}` : 'rows'}.{' '}
              <Anchor href="#/training" size="sm" data-testid="next-extract">
                Next: extract activations (Training → Activation sets) →
              </Anchor>
            </Alert>
          )}
        </Stack>
      </Card>
      <Card>
        <Title order={4} mb="sm">
          Preview
        </Title>
        <Textarea
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={3}
          mb="sm"
          data-testid="tokenize-preview-input"
        />
        {preview ? (
          <>
            <Text size="xs" c="dimmed" mb={6} data-testid="tokenize-preview-count">
              {preview.count} tokens
            </Text>
            <TokenChips tokens={preview.tokens} />
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Pick a model to preview its tokenizer.
          </Text>
        )}
      </Card>
    </SimpleGrid>
  );
}
