import { Alert, Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconBolt, IconStack2 } from '@tabler/icons-react';
import { useState } from 'react';
import type { ActivationSetRecord } from '../../../../shared/types/activations';
import { getClient } from '../../../api/client';
import { useEvent, useQuery } from '../../../api/hooks';
import { ConfirmDelete } from '../../../components/ConfirmDelete';
import { EmptyState } from '../../../components/EmptyState';
import { formatBytes } from '../../format';
import { ActivationSetRow } from './ActivationSetRow';
import { ExtractActivationsModal } from './ExtractActivationsModal';
import { useExtractionJobs } from './useExtractionJobs';

/**
 * Activation sets (docs/activations.md): the saved activations SAEs train on. Lists them with their
 * extraction's live progress, starts new extractions, deletes, and hands a set and hook to
 * the trainer (`onTrain`).
 */
export function ActivationSetsPanel({ onTrain }: { onTrain?: (setId: string, hook: string) => void }) {
  const { data: sets, error, loading, reload } = useQuery('activations.list', {});
  useEvent('activations.changed', () => void reload());
  const jobs = useExtractionJobs(sets);
  const [extracting, setExtracting] = useState(false);
  const [deleting, setDeleting] = useState<ActivationSetRecord | null>(null);

  return (
    <Stack gap="md" data-testid="activation-sets">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={3}>Activation sets</Title>
          <Text size="sm" c="dimmed">
            A model's activations at chosen hooks over a tokenized dataset, saved to disk: what a sparse autoencoder trains on.
          </Text>
        </div>
        <Button
          leftSection={<IconBolt size={16} />}
          onClick={() => setExtracting(true)}
          data-testid="extract-open"
          style={{ flexShrink: 0 }}
        >
          Extract activations
        </Button>
      </Group>
      <ExtractActivationsModal opened={extracting} onClose={() => setExtracting(false)} />
      <ConfirmDelete
        item={deleting}
        consequence={`Its activation shards (${formatBytes(deleting?.sizeBytes ?? 0)}) are removed. SAEs that finished training on it are kept; a training still reading it blocks the delete.`}
        remove={(id) => getClient().invoke('activations.delete', { id })}
        onClose={() => setDeleting(null)}
        onDeleted={() => void reload()}
      />
      {error && (
        <Alert color="red" variant="light" title="Could not list activation sets">
          <Group justify="space-between">
            <Text size="sm">{error.message}</Text>
            <Button size="xs" variant="default" onClick={() => void reload()}>
              Retry
            </Button>
          </Group>
        </Alert>
      )}
      {loading && !sets && <Loader size="sm" />}
      {sets && sets.length === 0 && (
        <EmptyState
          icon={<IconStack2 size={28} />}
          title="No activation sets yet"
          action={
            <Button variant="light" onClick={() => setExtracting(true)}>
              Extract activations
            </Button>
          }
        >
          Pick a model, a dataset tokenized for it, and the layers and hooks to read (the middle layer's residual stream is a good first
          choice). The activations are written to disk once, then any number of SAEs can train on them.
        </EmptyState>
      )}
      {sets && sets.length > 0 && (
        <Card p={0}>
          <Table.ScrollContainer minWidth={860} type="native">
            <Table verticalSpacing="sm" highlightOnHover data-testid="activation-sets-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Model · dataset</Table.Th>
                  <Table.Th>Hooks</Table.Th>
                  <Table.Th>Tokens · size</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Created · speed</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sets.map((s) => (
                  <ActivationSetRow
                    key={s.id}
                    set={s}
                    job={s.jobId ? jobs.get(s.jobId) : undefined}
                    onTrain={onTrain}
                    onDelete={setDeleting}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
