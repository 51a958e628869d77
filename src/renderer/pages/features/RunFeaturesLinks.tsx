import { Button, Group } from '@mantine/core';
import { IconBolt, IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';
import type { TrainingRecord } from '../../../shared/types/training';
import { getClient } from '../../api/client';
import { useEvent, useQuery } from '../../api/hooks';
import { notifyError } from '../../components/notify';
import { openFeatures } from './route';

/**
 * On a completed run: "Browse features" when its SAE has feature results, and "Run feature
 * pass" to (re)run them. The SAE is the one made from the run's final checkpoint; a run that
 * completed before SAE records existed gets one made from its last checkpoint on click.
 */
export function RunFeaturesLinks({ run }: { run: TrainingRecord }) {
  const saes = useQuery('saes.list', { trainingId: run.id }, { deps: [run.id] });
  useEvent('saes.changed', () => void saes.reload());
  const [busy, setBusy] = useState(false);
  if (run.status !== 'completed' || !saes.data) return null;
  // Newest first: the final checkpoint's SAE, unless the researcher picked a later one by hand.
  const sae = saes.data.find((s) => s.provenance.createdBy === 'training-completed') ?? saes.data[0] ?? null;
  const runPass = async () => {
    if (sae) return openFeatures({ saeId: sae.id, view: 'pass' });
    setBusy(true);
    try {
      const cps = await getClient().invoke('training.checkpoints', { id: run.id });
      const last = cps.at(-1);
      if (!last) throw new Error('This run has no checkpoint to make an SAE from.');
      const made = await getClient().invoke('saes.createFromCheckpoint', { checkpointId: last.id });
      openFeatures({ saeId: made.id, view: 'pass' });
    } catch (err) {
      notifyError(err, 'Could not make an SAE from this run');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap="xs" data-testid="run-features-links">
      {sae && sae.featureCount > 0 && (
        <Button
          size="xs"
          leftSection={<IconSparkles size={14} />}
          onClick={() => openFeatures({ saeId: sae.id })}
          data-testid="run-browse-features"
        >
          Browse features
        </Button>
      )}
      <Button
        size="xs"
        variant={sae && sae.featureCount > 0 ? 'light' : 'filled'}
        leftSection={<IconBolt size={14} />}
        loading={busy || Boolean(sae?.activePass)}
        onClick={() => void runPass()}
        data-testid="run-feature-pass"
      >
        Run feature pass
      </Button>
    </Group>
  );
}
