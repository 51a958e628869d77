import { Table, Text } from '@mantine/core';
import { formatBytes } from '../../../../shared/format';
import type { SaeFolderArchitecture, SaeFolderPreview } from '../../../../shared/types/saes';

export const ARCHITECTURE_LABEL: Record<SaeFolderArchitecture, string> = {
  standard: 'standard (ReLU)',
  topk: 'TopK',
  jumprelu: 'JumpReLU',
  gated: 'gated',
};

/** What the folder holds, as read from it: the researcher checks it before importing. */
export function SaeFolderPreviewTable({ preview: p }: { preview: SaeFolderPreview }) {
  const rows: [string, string][] = [
    ['Layout', p.layout === 'saelens' ? 'SAELens' : 'sparsify'],
    [
      'Architecture',
      `${ARCHITECTURE_LABEL[p.architecture]}${p.k !== null ? `, k = ${p.k}` : ''}${p.architecture === 'gated' ? ' — runs as the equivalent JumpReLU' : ''}`,
    ],
    ['d_in → d_sae', `${p.dIn.toLocaleString()} → ${p.dSae.toLocaleString()} features`],
    ['Hook in the folder', p.folderHook ? `${p.folderHook.name} (${p.folderHook.field})` : 'not named'],
    ['Reads the model at', p.hook ? `${p.hook}${p.hookHow && p.hookHow !== 'same name' ? ` (${p.hookHow})` : ''}` : '—'],
    ['Stored as', p.dtype],
    ['Size', `${formatBytes(p.sizeBytes)} in ${p.files.map((f) => f.name).join(', ')}`],
  ];
  return (
    <Table
      withTableBorder
      withColumnBorders={false}
      verticalSpacing={4}
      fz="sm"
      data-testid="sae-import-preview"
      data-architecture={p.architecture}
    >
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td w={170}>
              <Text size="sm" c="dimmed">
                {k}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff={k === 'Layout' || k === 'Size' ? undefined : 'monospace'}>
                {v}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
