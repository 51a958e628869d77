import { Badge, Group, Loader, Modal, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { DatasetSample } from '../../../shared/types/datasets';
import type { ContextSource } from '../../../shared/types/features';
import { getClient } from '../../api/client';

/**
 * The dataset sample a context came from, in full. Samples are stored in ordinal order, so
 * offset = ordinal finds it; the returned ordinal is checked so a gap never shows the wrong text.
 */
export function SourceSampleModal({ source, onClose }: { source: ContextSource | null; onClose: () => void }) {
  const [sample, setSample] = useState<DatasetSample | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setSample(null);
    setError(null);
    if (!source || source.sampleOrdinal === null) return;
    const want = source.sampleOrdinal;
    getClient()
      .invoke('datasets.samples', { id: source.datasetId, offset: want, limit: 1 })
      .then((r) => {
        const s = r.items[0];
        if (s && s.ordinal === want) setSample(s);
        else setError(`Sample #${want} is no longer in the dataset.`);
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [source]);
  return (
    <Modal
      opened={source !== null}
      onClose={onClose}
      size="xl"
      title={source ? `Source: sample #${source.sampleOrdinal ?? '—'}` : ''}
      data-testid="source-sample"
    >
      {source && (
        <Group gap="xs" mb="sm">
          <Badge variant="light">token window #{source.windowIndex}</Badge>
          <Badge variant="light">peak at position {source.peakPosition}</Badge>
          {sample && <Badge variant="light">{sample.split}</Badge>}
        </Group>
      )}
      {error && (
        <Text c="red.4" size="sm">
          {error}
        </Text>
      )}
      {!sample && !error && <Loader size="sm" />}
      {sample && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="source-sample-text">
          {sample.text}
        </Text>
      )}
    </Modal>
  );
}
