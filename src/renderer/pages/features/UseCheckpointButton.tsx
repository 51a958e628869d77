import { ActionIcon, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';
import type { CheckpointInfo } from '../../../shared/types/training';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';
import { openFeatures } from './route';

/** "Use this checkpoint": make an SAE record of any checkpoint (idempotent) and open it in Features. */
export function UseCheckpointButton({ checkpoint }: { checkpoint: CheckpointInfo }) {
  const [busy, setBusy] = useState(false);
  const use = async () => {
    setBusy(true);
    try {
      const sae = await getClient().invoke('saes.createFromCheckpoint', { checkpointId: checkpoint.id });
      notifications.show({
        color: 'emerald',
        title: 'SAE ready to analyse',
        message: `${sae.name}: run its feature pass on the Features tab.`,
        autoClose: 4000,
      });
      openFeatures({ saeId: sae.id, view: sae.featureCount > 0 ? 'browse' : 'pass' });
    } catch (err) {
      notifyError(err, 'Could not use this checkpoint');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip label="Use this checkpoint: analyse its features (and later steer with it)">
      <ActionIcon
        size="sm"
        variant="subtle"
        loading={busy}
        onClick={() => void use()}
        aria-label={`Use the checkpoint at step ${checkpoint.step}`}
        data-testid="use-checkpoint"
      >
        <IconSparkles size={14} />
      </ActionIcon>
    </Tooltip>
  );
}
