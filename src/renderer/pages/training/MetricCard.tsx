import { Paper, Text, Tooltip } from '@mantine/core';

/** One dashboard metric card; a red or orange colour also tints the border (something needs a look). */
export function Card({
  title,
  value,
  sub,
  color,
  testId,
  hint,
}: {
  title: React.ReactNode;
  value: React.ReactNode;
  sub?: React.ReactNode;
  color: string;
  testId: string;
  hint: React.ReactNode;
}) {
  return (
    <Tooltip label={hint} multiline w={320} openDelay={300}>
      <Paper
        withBorder
        p="sm"
        radius="md"
        data-testid={testId}
        style={
          color.startsWith('red') || color.startsWith('orange')
            ? { borderColor: `var(--mantine-color-${color.replace('.', '-')})` }
            : undefined
        }
      >
        <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ whiteSpace: 'nowrap' }}>
          {title}
        </Text>
        <Text size="xl" fw={700} c={color} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
          {value}
        </Text>
        <Text size="xs" c="dimmed" component="div">
          {sub}
        </Text>
      </Paper>
    </Tooltip>
  );
}
