import { Button, Group, Menu, NumberInput, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { SaeRecord } from '../../../shared/types/saes';
import { MAX_NEW_TOKENS, MAX_SAMPLES } from '../../../shared/types/steering';
import { getClient } from '../../api/client';
import { useQuery } from '../../api/hooks';
import type { SamplingDraft } from './draft';
import { openingOf } from './prompt-examples';

function usePromptTokens(modelId: string | null, prompt: string): number | null {
  const [debounced] = useDebouncedValue(prompt, 250);
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    if (!modelId || !debounced) return setCount(debounced ? null : 0);
    void getClient()
      .invoke('datasets.previewTokens', { modelId, text: debounced })
      .then((t) => live && setCount(t.count))
      .catch(() => live && setCount(null));
    return () => {
      live = false;
    };
  }, [modelId, debounced]);
  return count;
}

/** The model (the SAE's), the prompt with its counts and example prompts, and the sampling settings. */
export function GenerationControls({
  sae,
  prompt,
  sampling,
  onPrompt,
  onSampling,
  onSubmit,
}: {
  sae: SaeRecord;
  prompt: string;
  sampling: SamplingDraft;
  onPrompt: (prompt: string) => void;
  onSampling: (patch: Partial<SamplingDraft>) => void;
  onSubmit: () => void;
}) {
  const tokens = usePromptTokens(sae.modelId, prompt);
  const examples = useQuery('datasets.samples', { id: sae.datasetId ?? '-', split: 'validation', limit: 8 }, { deps: [sae.datasetId] });
  const openings = sae.datasetId
    ? [...new Set((examples.data?.items ?? []).map((s) => openingOf(s.text)).filter((s) => s.length > 8))]
    : [];
  const num = (key: keyof SamplingDraft) => ({ value: sampling[key], onChange: (v: number | string) => onSampling({ [key]: v }) });
  return (
    <Stack gap="xs">
      <TextInput
        label="Model"
        size="xs"
        value={sae.modelName ?? 'model missing'}
        readOnly
        description="The SAE's own model: its decoder directions live in this model's residual stream"
      />
      <Textarea
        label="Prompt"
        value={prompt}
        onChange={(e) => onPrompt(e.currentTarget.value)}
        autosize
        minRows={2}
        maxRows={6}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSubmit();
        }}
        data-testid="steer-prompt"
      />
      <Group justify="space-between">
        <Text size="xs" c="dimmed" data-testid="steer-prompt-counts">
          {prompt.length.toLocaleString()} characters ·{' '}
          {tokens === null ? '… tokens' : `${tokens.toLocaleString()} token${tokens === 1 ? '' : 's'}`}
        </Text>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              size="compact-xs"
              variant="subtle"
              rightSection={<IconChevronDown size={12} />}
              disabled={openings.length === 0}
              data-testid="steer-examples"
            >
              Example prompts{openings.length === 0 ? ' (none: the SAE has no dataset)' : ''}
            </Button>
          </Menu.Target>
          <Menu.Dropdown maw={460}>
            <Menu.Label>Openings of validation samples of the SAE's dataset</Menu.Label>
            {openings.map((o) => (
              <Menu.Item key={o} onClick={() => onPrompt(o)}>
                <Text size="xs">{o}</Text>
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
      <SimpleGrid cols={3} spacing="xs" verticalSpacing={4}>
        <NumberInput
          size="xs"
          label="Temperature"
          description="0 = greedy"
          min={0}
          max={5}
          step={0.1}
          decimalScale={2}
          {...num('temperature')}
          data-testid="steer-temperature"
        />
        <NumberInput size="xs" label="Top-k" description="0 = off" min={0} max={100000} {...num('topK')} />
        <NumberInput size="xs" label="Top-p" description="nucleus mass" min={0.01} max={1} step={0.05} decimalScale={2} {...num('topP')} />
        <NumberInput
          size="xs"
          label="Max new tokens"
          description={`1 – ${MAX_NEW_TOKENS}`}
          min={1}
          max={MAX_NEW_TOKENS}
          {...num('maxNewTokens')}
          data-testid="steer-max-tokens"
        />
        <NumberInput size="xs" label="Seed" description="same for both runs" min={0} {...num('seed')} data-testid="steer-seed" />
        <NumberInput
          size="xs"
          label="Samples"
          description={`pairs, seed + 0…n−1 (≤ ${MAX_SAMPLES})`}
          min={1}
          max={MAX_SAMPLES}
          {...num('samples')}
          data-testid="steer-samples"
        />
      </SimpleGrid>
    </Stack>
  );
}
