import { ActionIcon, Badge, Button, Card, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconBrain, IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { ModelRecord } from '../../../shared/types/models';
import { getClient } from '../../api/client';
import { useEvent, useQuery } from '../../api/hooks';
import { useJobs } from '../../api/useJobs';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { JobProgress } from '../../components/JobProgress';
import { EmptyState } from '../../components/EmptyState';
import { formatBytes, formatCount } from '../format';
import { PageHeader } from '../PageHeader';
import { ImportModelModal } from './ImportModelModal';
import { ModelDetail } from './ModelDetail';
import { isJobOf } from '../../../shared/types/jobs';

/** Jobs whose params name a model: their progress shows on its card. */
const MODEL_JOB_KINDS = ['models.import', 'models.download', 'models.generate'] as const;

const STATUS_COLOR: Record<ModelRecord['status'], string> = { importing: 'blue', downloading: 'blue', ready: 'emerald', failed: 'red' };

export function ModelsPage() {
  const { data: models, reload } = useQuery('models.list', {});
  const jobs = useJobs(50);
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<ModelRecord | null>(null);
  useEvent('models.changed', () => void reload());
  useEffect(() => {
    if (!selected && models?.length) setSelected(models.find((m) => m.status === 'ready')?.id ?? models[0]!.id);
  }, [models, selected]);

  const progressOf = (m: ModelRecord) =>
    jobs.find((j) => isJobOf(j, ...MODEL_JOB_KINDS) && j.params.modelId === m.id && (j.status === 'running' || j.status === 'queued'));
  const current = models?.find((m) => m.id === selected) ?? null;

  return (
    <>
      <PageHeader
        title="Models"
        description="Causal language models (ONNX, transformers.js layout) with TransformerLens-style hook points."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="model-add">
            Add model
          </Button>
        }
      />
      <ImportModelModal opened={adding} onClose={() => setAdding(false)} />
      <ConfirmDelete
        item={deleting}
        consequence={`Its files (${formatBytes(deleting?.sizeBytes ?? 0)}) are removed from the data directory.`}
        remove={(id) => getClient().invoke('models.delete', { id })}
        onClose={() => setDeleting(null)}
        onDeleted={(id) => selected === id && setSelected(null)}
      />
      {models && models.length === 0 && (
        <EmptyState
          icon={<IconBrain size={28} />}
          title="No models yet"
          action={<Button onClick={() => setAdding(true)}>Add a model</Button>}
        >
          Import a transformers.js-layout ONNX folder or download one from the Hugging Face Hub. The bundled KJV demo model appears here on
          its own when it ships with this build.
        </EmptyState>
      )}
      {models && models.length > 0 && (
        <Card p={0} mb="lg">
          <Table highlightOnHover verticalSpacing="sm" data-testid="models-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Family</Table.Th>
                <Table.Th>Layers × d_model</Table.Th>
                <Table.Th>Parameters</Table.Th>
                <Table.Th>Precision</Table.Th>
                <Table.Th>Hooks</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {models.map((m) => {
                const job = progressOf(m);
                const a = m.architecture;
                return (
                  <Table.Tr
                    key={m.id}
                    onClick={() => setSelected(m.id)}
                    style={{ cursor: 'pointer' }}
                    bg={m.id === selected ? 'var(--mantine-color-dark-6)' : undefined}
                    data-testid={`model-row-${m.source}`}
                  >
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm" fw={600}>
                          {m.name}
                        </Text>
                        {m.source !== 'local' && (
                          <Badge size="xs" variant="outline" color="gray">
                            {m.source === 'bundled' ? 'demo' : 'hub'}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td w={160}>
                      <Badge size="sm" variant="light" color={STATUS_COLOR[m.status]} data-testid="model-status">
                        {m.status}
                      </Badge>
                      {job && <JobProgress job={job} />}
                    </Table.Td>
                    <Table.Td>{a?.family ?? '—'}</Table.Td>
                    <Table.Td>{a ? `${a.nLayers} × ${a.dModel}` : '—'}</Table.Td>
                    <Table.Td>{a ? formatCount(a.parameterCount) : '—'}</Table.Td>
                    <Table.Td>{a?.dtype ?? '—'}</Table.Td>
                    <Table.Td>{m.hooks.length || '—'}</Table.Td>
                    <Table.Td ta="right">{formatBytes(m.sizeBytes)}</Table.Td>
                    <Table.Td w={50}>
                      {m.source !== 'bundled' && (
                        <Tooltip label="Delete">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Delete ${m.name}`}
                            onClick={(e) => {
                              e.stopPropagation();
                              setDeleting(m);
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
      {current && <ModelDetail key={current.id} model={current} />}
    </>
  );
}
