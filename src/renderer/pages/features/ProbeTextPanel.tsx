import { Badge, Button, Card, Group, NumberInput, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ActivationTokens } from './ActivationTokens';
import { ProbeTextInput } from './ProbeTextInput';
import { formatActivation, visibleToken } from './shade';
import { useProbe } from './useProbe';

const EXAMPLE = 'And God said unto Moses, I AM THAT I AM: and he said, Thus shalt thou say unto the children of Israel.';

/**
 * Search by text (as Neuronpedia's): run any text through the model and SAE, see per token
 * the SAE's strongest features with their activations; click one to open it.
 */
export function ProbeTextPanel({ saeId, onOpen }: { saeId: string; onOpen: (featureIndex: number) => void }) {
  const [text, setText] = useState(EXAMPLE);
  const [topFeatures, setTopFeatures] = useState<number | string>(5);
  const [selected, setSelected] = useState<number | null>(null);
  const { result, busy, probe } = useProbe(saeId);
  const run = () => {
    setSelected(null);
    void probe(text, { topFeatures: Number(topFeatures) || 5 });
  };
  const strongest = result ? result.tokens.map((t) => t.top[0]?.activation ?? 0) : [];
  const scale = Math.max(1e-9, ...strongest);
  return (
    <Card data-testid="probe-panel">
      <Stack gap="sm">
        <ProbeTextInput
          label="Text"
          description="Tokenized with the SAE's model, run to its hook, encoded by the SAE."
          value={text}
          onChange={setText}
          onRun={run}
          testId="probe-text"
        />
        <Group align="flex-end">
          <NumberInput label="Features per token" value={topFeatures} onChange={setTopFeatures} min={1} max={50} w={160} />
          <Button onClick={run} loading={busy} disabled={!text.trim()} data-testid="probe-run">
            Probe (Ctrl+Enter)
          </Button>
        </Group>
        {result && (
          <>
            <Text size="xs" c="dimmed">
              {result.tokens.length} tokens
              {result.truncated ? ' (the rest of the text is past the model’s context and was not probed)' : ''} · shade = the token's
              strongest feature activation · click a token to see only its row
            </Text>
            <ActivationTokens
              tokens={result.tokens.map((t) => t.text)}
              activations={strongest}
              scale={scale}
              peakIndex={selected}
              onPick={(i) => setSelected(i === selected ? null : i)}
              testId="probe-tokens"
            />
            <ScrollArea.Autosize mah={460}>
              <Table verticalSpacing={4} striped data-testid="probe-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={50}>#</Table.Th>
                    <Table.Th w={140}>Token</Table.Th>
                    <Table.Th>Top features (activation)</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.tokens.map(
                    (t, i) =>
                      (selected === null || selected === i) && (
                        <Table.Tr key={i} data-testid="probe-row">
                          <Table.Td ff="monospace" fz="xs" c="dimmed">
                            {i}
                          </Table.Td>
                          <Table.Td ff="monospace" fz="sm">
                            {JSON.stringify(visibleToken(t.text))}
                          </Table.Td>
                          <Table.Td>
                            <Group gap={4}>
                              {t.top.length === 0 && (
                                <Text size="xs" c="dimmed">
                                  no feature fires
                                </Text>
                              )}
                              {t.top.map((f) => (
                                <Badge
                                  key={f.featureIndex}
                                  variant="light"
                                  color="emerald"
                                  style={{ cursor: 'pointer', textTransform: 'none' }}
                                  onClick={() => onOpen(f.featureIndex)}
                                  title={`Open feature #${f.featureIndex}`}
                                  data-testid="probe-feature"
                                >
                                  #{f.featureIndex}
                                  {f.label ? ` ${f.label}` : ''} · {formatActivation(f.activation)}
                                </Badge>
                              ))}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ),
                  )}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
          </>
        )}
      </Stack>
    </Card>
  );
}
