import { isJobOf } from '../../../shared/types/jobs';
import { Button, Card, Checkbox, Group, SegmentedControl, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconPackageExport } from '@tabler/icons-react';
import { useState } from 'react';
import { EXPORT_PARTS, type ExportFormat, type ExportPart } from '../../../shared/types/exports';
import { useEvent, useQuery } from '../../api/hooks';
import { isActive, useJobs } from '../../api/useJobs';
import { getClient } from '../../api/client';
import { JobProgress } from '../../components/JobProgress';
import { notifyError, notifySuccess } from '../../components/notify';
import { ExportsList } from './ExportsList';

const PART_TEXT: Record<ExportPart, { label: string; hint: string }> = {
  sae: { label: 'Trained SAE', hint: 'SAELens folder: cfg.json + sae_weights.safetensors' },
  features: {
    label: 'Features',
    hint: 'features.json, Neuronpedia field names: stats, top and quantile examples, logit lens, labels, notes',
  },
  metrics: { label: 'Training metrics', hint: 'metrics.csv, one row per metrics record' },
  config: { label: 'Configuration', hint: 'config.json: hyperparameters, dataset, model, hook' },
};

export interface ExportOwnerProps {
  /** Exactly one of them. */
  saeId?: string;
  trainingId?: string;
  /** Why a part cannot be exported now (null = it can). */
  unavailable: Partial<Record<ExportPart, string>>;
}

/**
 * Export an SAE or a training (docs/interop-export.md): pick parts and a format, export as a job with progress;
 * the finished exports are listed below with their sizes.
 */
export function ExportPanel({ saeId, trainingId, unavailable, children }: ExportOwnerProps & { children?: React.ReactNode }) {
  const ownerId = saeId ?? trainingId ?? '';
  const filter = saeId ? { saeId } : { trainingId: trainingId! };
  const list = useQuery('exports.list', filter, { deps: [ownerId] });
  useEvent('exports.changed', (e) => e.ownerId === ownerId && void list.reload());
  const [parts, setParts] = useState<ExportPart[]>(EXPORT_PARTS.filter((p) => !unavailable[p]));
  const [format, setFormat] = useState<ExportFormat>('zip');
  const [busy, setBusy] = useState(false);
  const running = useJobs(20).find((j) => isJobOf(j, 'exports.write') && isActive(j) && j.params.record.owner.id === ownerId);
  const chosen = parts.filter((p) => !unavailable[p]);
  const why = running ? 'An export of this is running' : chosen.length === 0 ? 'Pick at least one part' : null;

  const start = async () => {
    setBusy(true);
    try {
      await getClient().invoke('exports.start', { owner: saeId ? { saeId } : { trainingId: trainingId! }, format, parts: chosen });
      notifySuccess('The export runs as a job; it is listed here when it completes.', 'Export started');
    } catch (err) {
      notifyError(err, 'Export refused');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="export-panel">
      <Stack gap="sm">
        <Title order={5}>Export</Title>
        <Stack gap={6}>
          {EXPORT_PARTS.map((p) => (
            <Tooltip key={p} label={unavailable[p]} disabled={!unavailable[p]} position="top-start">
              <div>
                <Checkbox
                  label={PART_TEXT[p].label}
                  description={unavailable[p] ?? PART_TEXT[p].hint}
                  checked={chosen.includes(p)}
                  disabled={!!unavailable[p]}
                  onChange={(e) => setParts((cur) => (e.currentTarget.checked ? [...cur, p] : cur.filter((x) => x !== p)))}
                  data-testid={`export-part-${p}`}
                />
              </div>
            </Tooltip>
          ))}
        </Stack>
        <Group gap="sm" align="flex-end">
          <SegmentedControl
            value={format}
            onChange={(v) => setFormat(v as ExportFormat)}
            data={[
              { value: 'zip', label: '.zip' },
              { value: 'tar.gz', label: '.tar.gz' },
              { value: 'folder', label: 'Folder' },
            ]}
            aria-label="Export format"
            data-testid="export-format"
          />
          <Tooltip label={why} disabled={!why}>
            <Button
              leftSection={<IconPackageExport size={16} />}
              onClick={() => void start()}
              loading={busy}
              disabled={!!why}
              data-testid="export-start"
            >
              Export
            </Button>
          </Tooltip>
          {children}
        </Group>
        {running && <JobProgress job={running} />}
        <Text size="sm" fw={500} mt="xs">
          Exports
        </Text>
        {list.error ? (
          <Text c="red" size="sm">
            {list.error.message}
          </Text>
        ) : (
          <ExportsList exports={list.data ?? []} />
        )}
      </Stack>
    </Card>
  );
}
