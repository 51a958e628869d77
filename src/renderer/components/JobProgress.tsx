import { Progress, Text } from '@mantine/core';
import type { JobRecord } from '../../shared/types/jobs';

/** What a job is doing, in a table cell's few words ("tokenizing", "generating"); else its title. */
const DOING: Record<string, string> = {
  'datasets.tokenize': 'tokenizing',
  'datasets.statistics': 'computing statistics',
  'datasets.import': 'importing',
  'datasets.download': 'downloading',
  'activations.extract': 'extracting activations',
  'models.generate': 'generating',
  'models.download': 'downloading',
  'models.import': 'importing',
  'training.run': 'training',
};

/** A labelled progress bar for a job shown under a row's status badge (a bare bar says nothing about what runs). */
export function JobProgress({ job }: { job: JobRecord }) {
  const pct = Math.round(job.progress * 100);
  return (
    <>
      <Progress value={job.progress * 100} size="xs" mt={4} animated aria-label={`${job.title}: ${pct}%`} />
      <Text size="xs" c="dimmed" lineClamp={1} title={job.title} data-testid="row-job-label">
        {DOING[job.kind] ?? job.title} · {pct}%
      </Text>
    </>
  );
}
