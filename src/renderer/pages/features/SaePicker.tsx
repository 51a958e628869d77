import type { ReactNode } from 'react';
import { Badge, Button, Group, Select, Text } from '@mantine/core';
import { IconFolderDown } from '@tabler/icons-react';
import type { SaeRecord } from '../../../shared/types/saes';

const SOURCE_LABEL: Record<SaeRecord['source'], string> = {
  checkpoint: 'from a training checkpoint',
  import: 'imported',
  bundled: 'bundled demo',
};

/** Which SAE the tab looks at, and what it is: model, hook, size, architecture, provenance. */
export function SaePicker({
  saes,
  value,
  onChange,
  onImport,
  actions,
}: {
  saes: SaeRecord[];
  value: string;
  onChange: (id: string) => void;
  onImport?: () => void;
  actions?: ReactNode;
}) {
  const sae = saes.find((s) => s.id === value);
  return (
    <Group gap="sm" align="flex-end" mb="md" wrap="wrap">
      <Select
        label="SAE"
        w={440}
        data={saes.map((s) => ({ value: s.id, label: s.featureCount ? s.name : `${s.name} · no pass yet` }))}
        value={value}
        onChange={(v) => v && onChange(v)}
        allowDeselect={false}
        data-testid="sae-select"
      />
      {onImport && (
        <Button variant="default" leftSection={<IconFolderDown size={16} />} onClick={onImport} data-testid="sae-import-open">
          Import SAE folder…
        </Button>
      )}
      {actions}
      {sae && (
        <Group gap={6} pb={6} wrap="wrap">
          <Badge variant="light" color="gray">
            {SOURCE_LABEL[sae.source]}
          </Badge>
          <Text size="xs" c="dimmed" ff="monospace">
            {sae.modelName ?? 'model missing'} · {sae.hook} · {sae.dIn}→{sae.dSae.toLocaleString()} ·{' '}
            {sae.architecture === 'topk'
              ? `TopK k=${sae.k}`
              : sae.architecture === 'jumprelu'
                ? 'JumpReLU'
                : sae.architecture === 'gated'
                  ? 'Gated'
                  : 'ReLU'}{' '}
            · {sae.dtype}
            {sae.provenance.trainingName
              ? ` · ${sae.provenance.trainingName}${sae.provenance.step !== undefined ? ` step ${sae.provenance.step}` : ''}`
              : ''}
            {typeof sae.provenance.explainedVariance === 'number' ? ` · EV ${sae.provenance.explainedVariance.toFixed(3)}` : ''}
          </Text>
        </Group>
      )}
    </Group>
  );
}
