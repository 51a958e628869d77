import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { isJobOf, type JobRecord } from '../../../shared/types/jobs';
import type { GenerationResult } from '../../../shared/types/models';
import { getClient } from '../../api/client';
import { useEvent } from '../../api/hooks';
import { notifyError } from '../../components/notify';

const STOPPED_BY: Record<GenerationResult['stoppedBy'], string> = {
  eos: 'stopped at the end-of-text token',
  maxTokens: 'stopped at the token limit',
  cancelled: 'cancelled',
  contextWindow: "stopped: the model's context window is full",
};

/** A quick prompt box: generates with the model, tokens streaming in as they are sampled. */
export function TryItPanel({ modelId, defaultPrompt }: { modelId: string; defaultPrompt: string }) {
  const [prompt, setPrompt] = useState(defaultPrompt);
  const [maxNewTokens, setMax] = useState<number | string>(40);
  const [temperature, setTemperature] = useState<number | string>(0.8);
  const [topP, setTopP] = useState<number | string>(0.95);
  const [topK, setTopK] = useState<number | string>(50);
  const [seed, setSeed] = useState<number | string>(42);
  const [job, setJob] = useState<JobRecord | null>(null);
  const [streamed, setStreamed] = useState('');

  useEvent('models.token', (t) => {
    if (t.jobId === job?.id) setStreamed((s) => s + t.text);
  });
  useEvent('job.updated', (j) => {
    if (j.id === job?.id) setJob(j);
  });

  const running = job?.status === 'queued' || job?.status === 'running';
  const result = job && isJobOf(job, 'models.generate') && job.status === 'completed' ? job.result : null;
  const run = async () => {
    setStreamed('');
    try {
      const options = {
        maxNewTokens: Number(maxNewTokens),
        temperature: Number(temperature),
        topP: Number(topP),
        topK: Number(topK),
        seed: Number(seed),
      };
      setJob(await getClient().invoke('models.generate', { modelId, prompt, options }));
    } catch (err) {
      notifyError(err, 'Generation refused');
    }
  };

  return (
    <Stack>
      <Textarea
        label="Prompt"
        value={prompt}
        onChange={(e) => setPrompt(e.currentTarget.value)}
        autosize
        minRows={2}
        data-testid="tryit-prompt"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void run();
        }}
      />
      <Group grow>
        <NumberInput label="Max new tokens" value={maxNewTokens} onChange={setMax} min={1} max={2048} />
        <NumberInput
          label="Temperature"
          description="0 = greedy"
          value={temperature}
          onChange={setTemperature}
          min={0}
          max={5}
          step={0.1}
          decimalScale={2}
        />
        <NumberInput label="Top-p" value={topP} onChange={setTopP} min={0.01} max={1} step={0.05} decimalScale={2} />
        <NumberInput label="Top-k" description="0 = off" value={topK} onChange={setTopK} min={0} max={100000} />
        <NumberInput label="Seed" value={seed} onChange={setSeed} min={0} />
      </Group>
      <Group>
        <Button onClick={() => void run()} loading={running} disabled={!prompt.trim()} data-testid="tryit-generate">
          Generate (Ctrl+Enter)
        </Button>
        {running && job && (
          <Button variant="default" onClick={() => void getClient().invoke('jobs.cancel', { id: job.id })}>
            Stop
          </Button>
        )}
      </Group>
      {(streamed || result) && (
        <Paper p="md" withBorder data-testid="tryit-output">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <Text span c="dimmed">
              {prompt}
            </Text>
            <Text span c="emerald.3">
              {result ? result.text : streamed}
            </Text>
          </Text>
          {result && (
            <Text size="xs" c="dimmed" mt="xs">
              {result.tokenIds.length} tokens · {result.tokensPerSecond.toFixed(1)} tokens/s · {STOPPED_BY[result.stoppedBy]}
            </Text>
          )}
        </Paper>
      )}
      {job?.status === 'failed' && (
        <Alert color="red" title="Generation failed">
          {job.error?.message}
        </Alert>
      )}
    </Stack>
  );
}
