import { Badge, Table, Text, Tooltip } from '@mantine/core';
import type { HookKind, HookPointInfo } from '../../../shared/types/models';

const KINDS: HookKind[] = ['hook_resid_pre', 'hook_attn_out', 'hook_resid_mid', 'hook_mlp_out', 'hook_resid_post'];

/** Layers × hook kinds: which TransformerLens hook points this graph exposes, and on which tensor. */
export function HookMap({ hooks, nLayers }: { hooks: HookPointInfo[]; nLayers: number }) {
  const byName = new Map(hooks.map((h) => [h.name, h]));
  return (
    <Table fz="xs" withTableBorder withColumnBorders data-testid="hook-map">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Layer</Table.Th>
          {KINDS.map((k) => (
            <Table.Th key={k}>{k.replace('hook_', '')}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {Array.from({ length: nLayers }, (_, layer) => (
          <Table.Tr key={layer}>
            <Table.Td>
              <Text size="xs" ff="monospace">
                blocks.{layer}
              </Text>
            </Table.Td>
            {KINDS.map((k) => {
              const h = byName.get(`blocks.${layer}.${k}`);
              return (
                <Table.Td key={k}>
                  {h ? (
                    <Tooltip label={`graph tensor ${h.tensor}`}>
                      <Badge size="xs" variant="light">
                        ✓
                      </Badge>
                    </Tooltip>
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
