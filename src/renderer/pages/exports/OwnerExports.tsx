import type { ExportPart } from '../../../shared/types/exports';
import type { SaeRecord } from '../../../shared/types/saes';
import type { TrainingRecord } from '../../../shared/types/training';
import { useEvent, useQuery } from '../../api/hooks';
import { ExportPanel } from './ExportPanel';
import { ScaleOutButtons } from './ScaleOutButtons';

/** Why each part of this SAE cannot be exported now. */
function saeReasons(sae: SaeRecord | null): Partial<Record<ExportPart, string>> {
  if (!sae)
    return {
      sae: 'The run has no SAE yet: it gets one when it completes',
      features: 'No SAE yet',
      metrics: 'No SAE yet',
      config: 'No SAE yet',
    };
  return {
    ...(sae.featureCount === 0 ? { features: 'Run the feature pass first (Features → Feature pass)' } : {}),
    ...(!sae.trainingId ? { metrics: 'Not trained in miStudio: no metrics here' } : {}),
  };
}

/** The Export card of a training run: its final SAE's parts, and the scale-out scripts. */
export function TrainingExports({ run }: { run: TrainingRecord }) {
  const saes = useQuery('saes.list', { trainingId: run.id }, { deps: [run.id] });
  useEvent('saes.changed', () => void saes.reload());
  const sae = saes.data?.[0] ?? null;
  if (saes.loading && !saes.data) return null;
  return (
    <ExportPanel key={`${run.id}:${sae?.id ?? ''}:${sae?.featureCount ?? 0}`} trainingId={run.id} unavailable={saeReasons(sae)}>
      <ScaleOutButtons trainingId={run.id} />
    </ExportPanel>
  );
}

export function SaeExports({ sae }: { sae: SaeRecord }) {
  return <ExportPanel key={`${sae.id}:${sae.featureCount}`} saeId={sae.id} unavailable={saeReasons(sae)} />;
}
