import { ActionIcon, CopyButton, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconTrash } from '@tabler/icons-react';
import type { ExportRecord } from '../../../shared/types/exports';
import { formatBytes, formatDateTime } from '../../../shared/format';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';

const FORMAT_LABEL: Record<ExportRecord['format'], string> = { folder: 'folder', zip: '.zip', 'tar.gz': '.tar.gz', script: 'script' };
const PART_LABEL: Record<string, string> = {
  sae: 'SAE',
  features: 'features',
  metrics: 'metrics',
  config: 'config',
  saelens: 'SAELens script',
  sparsify: 'sparsify command',
};

/** The finished exports of an SAE or training, with their sizes; the path can be copied (the file lives in the data dir). */
export function ExportsList({ exports }: { exports: ExportRecord[] }) {
  if (!exports.length)
    return (
      <Text size="sm" c="dimmed">
        No exports yet.
      </Text>
    );
  return (
    <Table striped withTableBorder fz="sm" data-testid="exports-list">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>File</Table.Th>
          <Table.Th>Holds</Table.Th>
          <Table.Th ta="right">Size</Table.Th>
          <Table.Th>Made</Table.Th>
          <Table.Th aria-label="actions" />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {exports.map((e) => (
          <Table.Tr key={e.id} data-testid="export-row">
            <Table.Td>
              <Text size="sm" ff="monospace" title={e.path}>
                {e.path.split(/[\\/]/).pop()}
              </Text>
              <Text size="xs" c="dimmed">
                {FORMAT_LABEL[e.format]}
              </Text>
            </Table.Td>
            <Table.Td>{e.parts.map((p) => PART_LABEL[p] ?? p).join(', ')}</Table.Td>
            <Table.Td ta="right" ff="monospace" data-testid="export-size">
              {formatBytes(e.sizeBytes)}
            </Table.Td>
            <Table.Td>{formatDateTime(e.createdAt)}</Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <CopyButton value={e.path}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? 'Copied' : `Copy the path: ${e.path}`}>
                      <ActionIcon variant="subtle" onClick={copy} aria-label="Copy the export's path">
                        {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
                <Tooltip label="Delete this export">
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label="Delete this export"
                    onClick={() =>
                      void getClient()
                        .invoke('exports.delete', { id: e.id })
                        .catch((err: unknown) => notifyError(err, 'Delete refused'))
                    }
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
