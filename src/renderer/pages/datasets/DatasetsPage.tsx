import { ActionIcon, Badge, Button, Card, Group, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconDatabase, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { DatasetRecord } from '../../../shared/types/datasets';
import { getClient } from '../../api/client';
import { useEvent, useQuery } from '../../api/hooks';
import { useJobs } from '../../api/useJobs';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { JobProgress } from '../../components/JobProgress';
import { EmptyState } from '../../components/EmptyState';
import { formatBytes, formatCount } from '../format';
import { PageHeader } from '../PageHeader';
import { ImportDatasetModal } from './ImportDatasetModal';
import { SamplesTab } from './SamplesTab';
import { StatisticsTab } from './StatisticsTab';
import { TokenizationTab } from './TokenizationTab';
import { isJobOf } from '../../../shared/types/jobs';

/** Jobs whose params name a dataset (datasetId): the newest running one shows on its card. */
const DATASET_JOB_KINDS = [
  'datasets.import',
  'datasets.download',
  'datasets.tokenize',
  'datasets.statistics',
  'features.pass',
  'analysis.ablation',
  'analysis.correlations',
] as const;

const STATUS_COLOR: Record<DatasetRecord['status'], string> = {
  importing: 'blue',
  tokenizing: 'blue',
  ready: 'gray',
  tokenized: 'emerald',
  failed: 'red',
};

function Overview({ d }: { d: DatasetRecord }) {
  return (
    <Card>
      <Stack gap="xs">
        {d.description && <Text size="sm">{d.description}</Text>}
        <Text size="sm" c="dimmed">
          Source: {d.source === 'bundled' ? 'bundled with miStudio' : d.sourceRef}
        </Text>
        <Text size="sm" c="dimmed">
          Format: {d.format ?? '—'} · {formatCount(d.sampleCount)} samples · {formatBytes(d.sizeBytes)}
        </Text>
        <Group gap="xs">
          {Object.entries(d.splits).map(([k, v]) => (
            <Badge key={k} variant="light">
              {k}: {v.toLocaleString()}
            </Badge>
          ))}
        </Group>
        {Object.keys(d.skippedRows).length > 0 && (
          <Text size="sm" c="yellow.4" data-testid="dataset-skipped">
            Skipped{' '}
            {Object.values(d.skippedRows)
              .reduce((a, b) => a + b, 0)
              .toLocaleString()}{' '}
            bad rows:{' '}
            {Object.entries(d.skippedRows)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')}
          </Text>
        )}
        {d.tokenization && (
          <Text size="sm">
            Tokenized for {d.tokenization.modelName}: {formatCount(d.tokenization.totalTokens)} tokens ({d.tokenization.settings.mode}).
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export function DatasetsPage() {
  const { data: datasets, reload } = useQuery('datasets.list', {});
  const jobs = useJobs(50);
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('overview');
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<DatasetRecord | null>(null);
  useEvent('datasets.changed', () => void reload());
  useEffect(() => {
    if (!selected && datasets?.length) setSelected(datasets[0]!.id);
  }, [datasets, selected]);
  const current = datasets?.find((d) => d.id === selected) ?? null;
  const jobOf = (d: DatasetRecord) =>
    jobs.find((j) => isJobOf(j, ...DATASET_JOB_KINDS) && j.params.datasetId === d.id && (j.status === 'running' || j.status === 'queued'));

  return (
    <>
      <PageHeader
        title="Datasets"
        description="Text corpora to extract activations from: import files or Hugging Face datasets, tokenize, inspect."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="dataset-add">
            Add dataset
          </Button>
        }
      />
      <ImportDatasetModal opened={adding} onClose={() => setAdding(false)} />
      <ConfirmDelete
        item={deleting}
        consequence={'Its samples, token shards and statistics are removed.'}
        remove={(id) => getClient().invoke('datasets.delete', { id })}
        onClose={() => setDeleting(null)}
        onDeleted={(id) => selected === id && setSelected(null)}
      />
      {datasets && datasets.length === 0 && (
        <EmptyState
          icon={<IconDatabase size={28} />}
          title="No datasets yet"
          action={<Button onClick={() => setAdding(true)}>Add a dataset</Button>}
        >
          Import a .txt, .jsonl, .csv or .parquet file, or download a Hugging Face dataset. Then tokenize it for a model.
        </EmptyState>
      )}
      {datasets && datasets.length > 0 && (
        <Card p={0} mb="lg">
          <Table highlightOnHover verticalSpacing="sm" data-testid="datasets-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Samples</Table.Th>
                <Table.Th>Tokens</Table.Th>
                <Table.Th>Splits</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {datasets.map((d) => {
                const job = jobOf(d);
                return (
                  <Table.Tr
                    key={d.id}
                    onClick={() => setSelected(d.id)}
                    style={{ cursor: 'pointer' }}
                    bg={d.id === selected ? 'var(--mantine-color-dark-6)' : undefined}
                    data-testid={`dataset-row-${d.source}`}
                  >
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm" fw={600}>
                          {d.name}
                        </Text>
                        {d.source === 'bundled' && (
                          <Badge size="xs" variant="outline" color="gray">
                            demo
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td w={170}>
                      <Badge size="sm" variant="light" color={STATUS_COLOR[d.status]} data-testid="dataset-status">
                        {d.status}
                      </Badge>
                      {job && <JobProgress job={job} />}
                    </Table.Td>
                    <Table.Td>{formatCount(d.sampleCount)}</Table.Td>
                    <Table.Td>{d.tokenCount !== null ? formatCount(d.tokenCount) : '—'}</Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {Object.entries(d.splits)
                          .map(([k, v]) => `${k} ${v}`)
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{formatBytes(d.sizeBytes)}</Table.Td>
                    <Table.Td w={50}>
                      {d.source !== 'bundled' && (
                        <Tooltip label="Delete">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Delete ${d.name}`}
                            onClick={(e) => {
                              e.stopPropagation();
                              setDeleting(d);
                            }}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {current && (
        <Stack key={current.id}>
          <Title order={3}>{current.name}</Title>
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="overview">Overview</Tabs.Tab>
              <Tabs.Tab value="samples" data-testid="dataset-tab-samples">
                Samples
              </Tabs.Tab>
              <Tabs.Tab value="tokenization" data-testid="dataset-tab-tokenization">
                Tokenization
              </Tabs.Tab>
              <Tabs.Tab value="statistics" data-testid="dataset-tab-statistics">
                Statistics
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="overview">
              <Overview d={current} />
            </Tabs.Panel>
            <Tabs.Panel value="samples">
              <SamplesTab dataset={current} />
            </Tabs.Panel>
            <Tabs.Panel value="tokenization">
              <TokenizationTab dataset={current} />
            </Tabs.Panel>
            <Tabs.Panel value="statistics">
              <StatisticsTab dataset={current} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </>
  );
}
