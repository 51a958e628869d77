import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ActivationTokens } from './ActivationTokens';
import { ProbeTextInput } from './ProbeTextInput';
import { formatActivation } from './shade';
import { useProbe } from './useProbe';

/** Probe one feature: paste any text, see this feature's activation on each token. */
export function FeatureProbeTab({ saeId, featureIndex, maxActivation }: { saeId: string; featureIndex: number; maxActivation: number }) {
  const [text, setText] = useState('');
  const { result, busy, probe } = useProbe(saeId);
  const mine = result && result.featureIndex === featureIndex ? result : null;
  const acts = mine ? mine.tokens.map((t) => t.featureActivation ?? 0) : [];
  let peak = -1;
  for (let i = 0; i < acts.length; i++) if (peak === -1 || acts[i]! > acts[peak]!) peak = i;
  const run = () => void probe(text, { featureIndex, topFeatures: 1 });
  return (
    <Stack gap="sm" data-testid="feature-probe-tab">
      <ProbeTextInput
        label={`Text to run through the model and SAE (feature #${featureIndex})`}
        value={text}
        onChange={setText}
        onRun={run}
        testId="feature-probe-text"
      />
      <Group>
        <Button size="xs" onClick={run} loading={busy} disabled={!text.trim()} data-testid="feature-probe-run">
          Show activations (Ctrl+Enter)
        </Button>
        {mine && (
          <Text size="xs" c="dimmed" data-testid="feature-probe-summary">
            {acts.filter((a) => a > 0).length} of {acts.length} tokens fire{mine.truncated ? ' (text cut at the model’s context)' : ''} ·
            peak {peak >= 0 ? formatActivation(acts[peak]!) : '—'} (pass max {formatActivation(maxActivation)})
          </Text>
        )}
      </Group>
      {mine && (
        <ActivationTokens
          tokens={mine.tokens.map((t) => t.text)}
          activations={acts}
          scale={maxActivation > 0 ? maxActivation : Math.max(1e-9, ...acts)}
          peakIndex={peak}
          testId="feature-probe-tokens"
        />
      )}
    </Stack>
  );
}
