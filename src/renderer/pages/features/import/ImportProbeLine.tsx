import { Anchor, Group, Loader, Text } from '@mantine/core';
import { useState } from 'react';
import type { SaeRecord } from '../../../../shared/types/saes';
import { getClient } from '../../../api/client';
import { notifyError } from '../../../components/notify';
import { ARCHITECTURE_LABEL } from './SaeFolderPreviewTable';

/**
 * An imported SAE's measured fit to the researcher's data (docs/interop.md "Import"):
 * explained variance and L0 on the first tokens of a dataset tokenized for its model.
 */
export function ImportProbeLine({ sae }: { sae: SaeRecord }) {
  const [asking, setAsking] = useState(false);
  if (sae.source !== 'import') return null;
  const p = sae.provenance.importProbe;
  const from = sae.provenance.imported;
  const again = async () => {
    setAsking(true);
    try {
      await getClient().invoke('saes.probeImport', { id: sae.id });
    } catch (err) {
      notifyError(err, 'Cannot measure');
    } finally {
      setAsking(false);
    }
  };
  const measure = (
    <Anchor component="button" size="xs" onClick={() => void again()} disabled={asking} data-testid="sae-import-probe-again">
      Measure again
    </Anchor>
  );
  return (
    <Group gap={6} mb="sm" data-testid="sae-import-probe" data-status={p?.status ?? 'none'}>
      {from && (
        <Text size="xs" c="dimmed">
          Imported {from.layout === 'saelens' ? 'SAELens' : 'sparsify'} {ARCHITECTURE_LABEL[from.architecture]} ({from.dtype}
          {from.folderHook && from.folderHook.name !== sae.hook ? `, folder hook ${from.folderHook.name}` : ''}
          {from.architecture === 'gated' ? ', runs as its equivalent JumpReLU' : ''}) ·
        </Text>
      )}
      {!p || p.status === 'running' ? (
        <>
          <Loader size={10} />
          <Text size="xs" c="dimmed">
            measuring explained variance and L0{p?.datasetName ? ` on ${p.datasetName}` : ''}…
          </Text>
        </>
      ) : p.status === 'completed' ? (
        <>
          <Text size="xs" fw={500} data-testid="sae-import-probe-result">
            explained variance {p.explainedVariance?.toFixed(3)} · L0 {p.l0?.toFixed(1)}
          </Text>
          <Text size="xs" c="dimmed">
            on {p.tokens.toLocaleString()} tokens of {p.datasetName}
          </Text>
          {(p.explainedVariance ?? 0) < 0 && (
            <Text size="xs" c="orange" data-testid="sae-import-probe-warning">
              — reconstructs worse than the mean activation would: was it trained on this model and hook?
            </Text>
          )}
          {measure}
        </>
      ) : (
        <>
          <Text size="xs" c={p.status === 'failed' ? 'red' : 'dimmed'}>
            {p.status === 'failed' ? 'Measuring failed' : 'Not measured'}: {p.message}
          </Text>
          {measure}
        </>
      )}
    </Group>
  );
}
