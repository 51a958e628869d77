import { Checkbox, Group, Input, SimpleGrid, Text } from '@mantine/core';
import type { HookType } from '../../../../shared/types/activations';
import { HOOK_TYPE_OPTIONS } from './extraction';

/** Activation types as checkbox cards; a type the model's graph lacks is disabled. */
export function HookTypePicker({
  available,
  value,
  onChange,
}: {
  available: Set<HookType>;
  value: HookType[];
  onChange: (types: HookType[]) => void;
}) {
  const toggle = (t: HookType, on: boolean) =>
    onChange(on ? HOOK_TYPE_OPTIONS.map((o) => o.type).filter((x) => x === t || value.includes(x)) : value.filter((x) => x !== t));
  return (
    <div>
      <Input.Label mb={6}>Activation types</Input.Label>
      <SimpleGrid cols={2} spacing={6} verticalSpacing={6}>
        {HOOK_TYPE_OPTIONS.map((o) => {
          const enabled = available.has(o.type);
          return (
            <Checkbox.Card
              key={o.type}
              checked={value.includes(o.type)}
              onChange={(on) => toggle(o.type, on)}
              disabled={!enabled}
              p="xs"
              radius="md"
              style={{ opacity: enabled ? 1 : 0.45, cursor: enabled ? 'pointer' : 'not-allowed', height: '100%' }}
              data-testid={`extract-hook-${o.type}`}
            >
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Checkbox.Indicator size="sm" mt={2} disabled={!enabled} />
                <div>
                  <Text size="sm" fw={500}>
                    {o.label}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {o.type}
                  </Text>
                  <Text size="xs" c="dimmed" mt={2}>
                    {enabled ? o.description : "Not in this model's graph."}
                  </Text>
                </div>
              </Group>
            </Checkbox.Card>
          );
        })}
      </SimpleGrid>
    </div>
  );
}
