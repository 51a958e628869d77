import {
  ActionIcon,
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  Highlight,
  Pagination,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCheck, IconCopy, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import type { DatasetRecord, DatasetSample, TokenPreview } from '../../../shared/types/datasets';
import { getClient } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyError } from '../../components/notify';
import { TokenChips } from './TokenChips';

const PAGE = 20;
const CLAMP = 400; // characters shown before "expand"

/** The words of a full-text query, to highlight (FTS5 operators and quotes dropped). */
export function searchTerms(query: string): string[] {
  return query
    .split(/\s+/)
    .map((w) => w.replace(/["*()^:]/g, ''))
    .filter((w) => w.length > 0 && !['AND', 'OR', 'NOT', 'NEAR'].includes(w));
}

/** A clamped sample shows the stretch around the first match rather than always the start. */
function clampAround(text: string, terms: string[]): string {
  if (text.length <= CLAMP) return text;
  const lower = text.toLowerCase();
  const first = Math.min(...terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0), Infinity);
  const start = first === Infinity || first < CLAMP - 100 ? 0 : Math.max(0, first - 120);
  return `${start > 0 ? '…' : ''}${text.slice(start, start + CLAMP)}…`;
}

function SampleCard({ sample, tokenizerModelId, terms }: { sample: DatasetSample; tokenizerModelId: string | null; terms: string[] }) {
  const [expanded, setExpanded] = useState(false);
  const [tokens, setTokens] = useState<TokenPreview | null>(null);
  const long = sample.text.length > CLAMP;
  const showTokens = async () => {
    if (tokens) return setTokens(null);
    if (!tokenizerModelId) return;
    try {
      setTokens(await getClient().invoke('datasets.previewTokens', { modelId: tokenizerModelId, text: sample.text }));
    } catch (err) {
      notifyError(err, 'Could not tokenize');
    }
  };
  return (
    <Card p="md" data-testid="sample-card">
      <Group justify="space-between" mb={6}>
        <Group gap={6}>
          <Text size="xs" c="dimmed" ff="monospace">
            #{sample.ordinal}
          </Text>
          <Badge size="xs" variant="light">
            {sample.split}
          </Badge>
          {sample.tokenCount !== null && (
            <Text size="xs" c="dimmed">
              {sample.tokenCount} tokens
            </Text>
          )}
          {sample.metadata &&
            Object.entries(sample.metadata)
              .slice(0, 4)
              .map(([k, v]) => (
                <Text key={k} size="xs" c="dimmed">
                  {k}: {String(v)}
                </Text>
              ))}
        </Group>
        <Group gap={4}>
          <Tooltip label={tokenizerModelId ? 'Tokenized view' : 'Tokenize the dataset for a model first'}>
            <Button
              size="compact-xs"
              variant={tokens ? 'filled' : 'default'}
              disabled={!tokenizerModelId}
              onClick={() => void showTokens()}
            >
              Tokens
            </Button>
          </Tooltip>
          <CopyButton value={sample.text}>
            {({ copied, copy }) => (
              <ActionIcon size="sm" variant="subtle" onClick={copy} aria-label="Copy text">
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            )}
          </CopyButton>
        </Group>
      </Group>
      {tokens ? (
        <TokenChips tokens={tokens.tokens} />
      ) : (
        <Highlight size="sm" style={{ whiteSpace: 'pre-wrap' }} highlight={terms} color="yellow" data-testid="sample-text">
          {expanded || !long ? sample.text : clampAround(sample.text, terms)}
        </Highlight>
      )}
      {long && !tokens && (
        <Button size="compact-xs" variant="subtle" mt={4} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Collapse' : 'Expand'}
        </Button>
      )}
    </Card>
  );
}

/** Sample browser (docs/datasets.md, "Samples"): full-text search, split filter, pagination. */
export function SamplesTab({ dataset }: { dataset: DatasetRecord }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [split, setSplit] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const args = {
    id: dataset.id,
    offset: (page - 1) * PAGE,
    limit: PAGE,
    ...(split ? { split } : {}),
    ...(debounced.trim() ? { search: debounced.trim() } : {}),
  };
  const { data, error } = useQuery('datasets.samples', args, { deps: [dataset.id, page, split, debounced] });
  return (
    <Stack>
      <Group>
        <TextInput
          leftSection={<IconSearch size={14} />}
          placeholder="Search text (full-text)"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          style={{ flex: 1 }}
          data-testid="sample-search"
        />
        <Select
          placeholder="All splits"
          data={Object.keys(dataset.splits)}
          value={split}
          onChange={(v) => {
            setSplit(v);
            setPage(1);
          }}
          clearable
          w={180}
        />
      </Group>
      {error && (
        <Text c="red.4" size="sm">
          {error.message}
        </Text>
      )}
      {data && (
        <>
          <Text size="xs" c="dimmed" data-testid="sample-total">
            {data.total.toLocaleString()} matching samples
          </Text>
          {data.items.map((s) => (
            <SampleCard
              key={s.ordinal}
              sample={s}
              tokenizerModelId={dataset.tokenization?.modelId ?? null}
              terms={searchTerms(debounced.trim())}
            />
          ))}
          {data.total > PAGE && <Pagination total={Math.ceil(data.total / PAGE)} value={page} onChange={setPage} />}
        </>
      )}
    </Stack>
  );
}
