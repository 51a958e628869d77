import { Stack, Text } from '@mantine/core';
import type { TrainingRecord } from '../../../shared/types/training';
import { Card } from './MetricCard';
import { num, signed } from './numbers';

const HINT = (
  <Stack gap={4}>
    <Text size="xs">
      Splice evaluation on the dataset's validation (else test) text, which extraction and streaming leave out of training by default (the
      run's log says which). All CE values are mean next-token cross-entropy in nats per token.
    </Text>
    <Text size="xs">
      <b>ΔCE</b> = CE with the SAE spliced in − CE clean: the loss the SAE adds (also as % of CE clean). Read this first.
    </Text>
    <Text size="xs">
      <b>Recovered vs zero</b> (SAELens' CE-loss score) = (CE zero-ablated − CE with SAE) / (CE zero-ablated − CE clean). Zeroing a residual
      stream is a very weak baseline, so this sits near 1 for most SAEs.
    </Text>
    <Text size="xs">
      <b>Recovered vs mean</b> = the same with the activation replaced by its mean over the training activations — a stronger baseline.
    </Text>
    <Text size="xs">
      <b>KL</b> = mean KL(p clean ‖ p with SAE) per token, nats. Step 0 is the untrained SAE (the baseline); later values are labelled with
      the step they were measured at.
    </Text>
  </Stack>
);

/** The splice-evaluation card: ΔCE first, then both recovered scores and KL, labelled with the step measured. */
export function EvalCard({ run }: { run: TrainingRecord }) {
  const e = run.latestEval;
  const step = run.latestEvalStep;
  const at = step === null ? 'step ?' : step === 0 ? 'step 0 · untrained baseline' : `step ${step}`;
  return (
    <Card
      title="ΔCE (splice eval)"
      testId="card-ce"
      color="yellow.4"
      value={e ? `${signed(e.ceDelta)} nats` : '—'}
      hint={HINT}
      sub={
        e ? (
          <>
            <div data-testid="card-ce-step">
              {at} · {signed(e.ceDeltaPercent, 1)}% of clean {num(e.ceClean, 4)}
            </div>
            <div>
              recovered {num(e.ceLossRecovered, 3)} vs zero
              {e.ceLossRecoveredMean !== null ? ` · ${num(e.ceLossRecoveredMean, 3)} vs mean` : ''}
            </div>
            <div>KL {num(e.klWithSae, 3)}</div>
          </>
        ) : (
          'no splice eval yet'
        )
      }
    />
  );
}
