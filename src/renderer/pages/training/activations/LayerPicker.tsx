import { Anchor, Chip, Group, Input, ScrollArea, SimpleGrid, Text } from '@mantine/core';

/** One toggle chip per layer (0..nLayers-1), with select all / none and the count. */
export function LayerPicker({ nLayers, value, onChange }: { nLayers: number; value: number[]; onChange: (layers: number[]) => void }) {
  const all = Array.from({ length: nLayers }, (_, i) => i);
  return (
    <div>
      <Group justify="space-between" mb={6}>
        <Input.Label id="extract-layers-label">Layers</Input.Label>
        <Group gap="sm">
          <Anchor component="button" type="button" size="xs" onClick={() => onChange(all)} data-testid="extract-layers-all">
            Select all
          </Anchor>
          <Anchor component="button" type="button" size="xs" c="dimmed" onClick={() => onChange([])} data-testid="extract-layers-none">
            Select none
          </Anchor>
        </Group>
      </Group>
      <ScrollArea.Autosize mah={150} type="auto" offsetScrollbars>
        <Chip.Group multiple value={value.map(String)} onChange={(v) => onChange(v.map(Number).sort((a, b) => a - b))}>
          <SimpleGrid cols={6} spacing={6} verticalSpacing={6} role="group" aria-labelledby="extract-layers-label">
            {all.map((l) => (
              <Chip
                key={l}
                value={String(l)}
                size="xs"
                radius="sm"
                variant="outline"
                aria-label={`Layer ${l}`}
                wrapperProps={{ 'data-testid': `extract-layer-${l}` }}
                styles={{ root: { width: '100%' }, label: { width: '100%', justifyContent: 'center' } }}
              >
                L{l}
              </Chip>
            ))}
          </SimpleGrid>
        </Chip.Group>
      </ScrollArea.Autosize>
      <Text size="xs" c="dimmed" mt={6} data-testid="extract-layers-count">
        {value.length} of {nLayers} layer{nLayers === 1 ? '' : 's'} selected
      </Text>
    </div>
  );
}
