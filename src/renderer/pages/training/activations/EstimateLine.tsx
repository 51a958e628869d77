import { Group, Paper, Text } from '@mantine/core';
import type { DatasetRecord } from '../../../../shared/types/datasets';
import type { ModelRecord } from '../../../../shared/types/models';
import { formatBytes, formatCount } from '../../format';
import { estimateExtraction, type ExtractionDraft } from './extraction';

/** Above this the line turns yellow: a set this big is slow to write and to train on. */
const LARGE_BYTES = 20 * 1024 ** 3;

/** Live size of the extraction: hooks = layers × types, rows, disk = rows × hooks × d_model × bytes. */
export function EstimateLine({
  draft,
  model,
  dataset,
}: {
  draft: ExtractionDraft;
  model: ModelRecord | null;
  dataset: DatasetRecord | null;
}) {
  const e = estimateExtraction(draft, model, dataset);
  if (!e || !model?.architecture) return null;
  const bytesPerValue = draft.dtype === 'float32' ? 4 : 2;
  return (
    <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-dark-7)" data-testid="extract-estimate">
      <Group gap="lg" wrap="wrap">
        <Text size="sm">
          <b>{e.hooks}</b> hook{e.hooks === 1 ? '' : 's'}{' '}
          <Text span size="xs" c="dimmed">
            ({draft.layers.length} layer{draft.layers.length === 1 ? '' : 's'} × {draft.hookTypes.length} type
            {draft.hookTypes.length === 1 ? '' : 's'})
          </Text>
        </Text>
        <Text size="sm">
          ≤ <b>{formatCount(e.rows)}</b> rows per hook
        </Text>
        <Text size="sm" c={e.bytes > LARGE_BYTES ? 'yellow.4' : undefined}>
          ≈ <b>{formatBytes(e.bytes)}</b> on disk{' '}
          <Text span size="xs" c="dimmed">
            ({formatCount(e.rows)} × {e.hooks} × d_model {model.architecture.dModel} × {bytesPerValue} B)
          </Text>
        </Text>
      </Group>
    </Paper>
  );
}
