import { Alert, Button, Grid, Progress, Table, Text, UnstyledButton } from '@mantine/core';
import type { FeatureNeighbour } from '../../../../shared/types/features';
import { getClient } from '../../../api/client';
import { useEvent, useQuery } from '../../../api/hooks';
import { NeighboursTab } from '../NeighboursTab';
import { JobProgress } from './JobProgress';
import { useAnalysisJob } from './useAnalysisJob';
import { isJobOf, type JobRecord } from '../../../../shared/types/jobs';

const isCorrelationJob = (saeId: string) => (j: JobRecord) => isJobOf(j, 'analysis.correlations') && j.params.saeId === saeId;

/** Start (or follow) the SAE's correlation job; `onDone` reloads whoever shows the results. */
export function useCorrelationJob(saeId: string, onDone: () => void) {
  const job = useAnalysisJob(saeId, 'correlations', isCorrelationJob(saeId), onDone);
  const start = () => job.run(() => getClient().invoke('analysis.startCorrelations', { saeId }));
  return { ...job, start };
}

/** Pearson partners (activations that rise and fall together) beside the decoder-cosine neighbours. */
export function CorrelationsTab({
  saeId,
  featureIndex,
  neighbours,
  onOpen,
}: {
  saeId: string;
  featureIndex: number;
  neighbours: FeatureNeighbour[];
  onOpen: (f: number) => void;
}) {
  const q = useQuery('analysis.partners', { saeId, featureIndex }, { deps: [saeId, featureIndex] });
  useEvent('analysis.changed', (e) => e.saeId === saeId && e.kind === 'correlations' && void q.reload());
  const job = useCorrelationJob(saeId, () => void q.reload());
  const s = q.data?.summary ?? null;
  const partners = q.data?.partners ?? null;
  return (
    <Grid data-testid="correlations-tab">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Text size="sm" fw={600}>
          Activation correlation (Pearson r)
        </Text>
        <Text size="xs" c="dimmed" mb="xs">
          r of this feature’s activation with another’s over every token of the last feature pass
          {s
            ? ` (${s.tokens.toLocaleString()} tokens, ${s.split} split, matrix of the ${s.features.length.toLocaleString()} most frequent features)`
            : ''}
          .
        </Text>
        {job.job && <JobProgress job={job.job} onCancel={() => void job.cancel()} testId="correlations" />}
        {q.error && <Alert color="red">{q.error.message}</Alert>}
        {!s && !job.running && (
          <Button size="xs" onClick={() => void job.start()} data-testid="correlations-run">
            Compute correlations
          </Button>
        )}
        {s && !partners && (
          <Text size="sm" c="dimmed">
            This feature is not among the {s.features.length.toLocaleString()} most frequent ones in the matrix (or it never fired).
          </Text>
        )}
        {partners && (
          <Table verticalSpacing={4} highlightOnHover data-testid="pearson-partners">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>Feature</Table.Th>
                <Table.Th>Label</Table.Th>
                <Table.Th w={180}>r</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partners.map((p) => (
                <Table.Tr
                  key={p.featureIndex}
                  style={{ cursor: 'pointer' }}
                  onClick={() => onOpen(p.featureIndex)}
                  data-testid="pearson-row"
                >
                  <Table.Td>
                    <UnstyledButton ff="monospace" fz="sm" c="emerald.3">
                      #{p.featureIndex}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={p.label ? undefined : 'dimmed'}>
                      {p.label ?? 'unlabelled'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" component="span" mr={6}>
                      {p.r.toFixed(3)}
                    </Text>
                    <Progress value={Math.abs(p.r) * 100} size="sm" display="inline-block" w={90} color={p.r >= 0 ? 'emerald' : 'red'} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Text size="sm" fw={600}>
          Decoder-direction neighbours
        </Text>
        <NeighboursTab neighbours={neighbours} onOpen={onOpen} />
      </Grid.Col>
    </Grid>
  );
}
