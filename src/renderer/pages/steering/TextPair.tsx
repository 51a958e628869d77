import { ActionIcon, Badge, CopyButton, Group, Paper, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { textCounts, wordDiff } from './word-diff';

const DIFF_COLOR = { same: undefined, removed: 'var(--mantine-color-red-4)', added: 'var(--mantine-color-emerald-3)' } as const;

function Side({
  title,
  color,
  prompt,
  text,
  streaming,
  testId,
}: {
  title: string;
  color: string;
  prompt: string;
  text: string;
  streaming: boolean;
  testId: string;
}) {
  const c = textCounts(text);
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Group justify="space-between" mb={4}>
        <Badge variant="light" color={color}>
          {title}
        </Badge>
        <Group gap={6}>
          <Text size="xs" c="dimmed" data-testid={`${testId}-counts`}>
            {c.words} words · {c.chars} chars{streaming ? ' · streaming…' : ''}
          </Text>
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy the continuation'}>
                <ActionIcon size="sm" variant="subtle" onClick={copy} aria-label={`Copy the ${title.toLowerCase()} text`}>
                  {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        <Text span c="dimmed">
          {prompt}
        </Text>
        <Text span data-testid={`${testId}-text`}>
          {text}
        </Text>
      </Text>
    </Paper>
  );
}

/** One sample: unsteered and steered side by side (as they stream), or one word-level diff of the two. */
export function TextPair({
  prompt,
  unsteered,
  steered,
  streaming,
  diff,
}: {
  prompt: string;
  unsteered: string;
  steered: string;
  streaming: boolean;
  diff: boolean;
}) {
  if (diff)
    return (
      <Paper withBorder p="sm" data-testid="steer-diff">
        <Text size="xs" c="dimmed" mb={4}>
          Word diff:{' '}
          <Text span c="red.4" td="line-through">
            only unsteered
          </Text>{' '}
          ·{' '}
          <Text span c="emerald.3">
            only steered
          </Text>{' '}
          · shared words plain
        </Text>
        <Text size="sm">
          {wordDiff(unsteered, steered).map((p, i) => (
            <Text span key={i} c={DIFF_COLOR[p.kind]} td={p.kind === 'removed' ? 'line-through' : undefined} data-diff={p.kind}>
              {p.text}{' '}
            </Text>
          ))}
        </Text>
      </Paper>
    );
  return (
    <SimpleGrid cols={2} spacing="sm">
      <Side title="Unsteered" color="gray" prompt={prompt} text={unsteered} streaming={streaming} testId="steer-unsteered" />
      <Side title="Steered" color="emerald" prompt={prompt} text={steered} streaming={streaming} testId="steer-steered" />
    </SimpleGrid>
  );
}
