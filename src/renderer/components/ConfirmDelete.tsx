import { Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatBytes } from '../pages/format';
import { notifyError, notifySuccess } from './notify';

/**
 * "Delete X?" with the consequence spelled out; on confirm runs `remove` and toasts the
 * space it freed. Shared by the Models and Datasets tabs.
 */
export function ConfirmDelete({
  item,
  consequence,
  remove,
  onClose,
  onDeleted,
  extra,
}: {
  item: { id: string; name: string } | null;
  consequence: string;
  remove: (id: string) => Promise<{ freedBytes: number }>;
  onClose: () => void;
  onDeleted: (id: string) => void;
  /** Choices under the consequence (e.g. "also delete its runs"). */
  extra?: ReactNode;
}) {
  const confirm = async () => {
    if (!item) return;
    try {
      const { freedBytes } = await remove(item.id);
      notifySuccess(`${item.name} deleted; ${formatBytes(freedBytes)} freed`);
      onDeleted(item.id);
    } catch (err) {
      notifyError(err, 'Delete failed');
    } finally {
      onClose();
    }
  };
  return (
    <Modal opened={!!item} onClose={onClose} title={`Delete ${item?.name ?? ''}?`} centered>
      <Text size="sm" mb="md">
        {consequence}
      </Text>
      {extra}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Keep it
        </Button>
        <Button color="red" onClick={() => void confirm()} data-testid="delete-confirm">
          Delete
        </Button>
      </Group>
    </Modal>
  );
}
