/**
 * The steering job kinds, typed end to end (docs/steering.md): `steering.generate` and
 * `steering.sweep` params (what main hands the worker; src/shared/jobs/steering.ts), reports
 * (ctx.report payloads, streamed while the job runs) and results.
 */
import type {
  SteeringGenerateJobParams,
  SteeringGenerateParams,
  SteeringSweepJobParams,
  SteeringSweepParams,
} from '../../shared/jobs/steering';
import type {
  NamedShift,
  SteeringContext,
  SteeringGenerateReport,
  SteeringGenerateResult,
  SteeringSweepReport,
  SteeringSweepResult,
} from '../../shared/types/steering';
import { MAX_NEW_TOKENS, MAX_SAMPLES, MAX_SWEEP_POINTS } from '../../shared/types/steering';

export type { SteeringGenerateJobParams, SteeringGenerateParams, SteeringSweepJobParams, SteeringSweepParams };
export type { NamedShift, SteeringGenerateReport, SteeringSweepReport, SteeringContext, SteeringGenerateResult, SteeringSweepResult };
export { MAX_NEW_TOKENS, MAX_SAMPLES, MAX_SWEEP_POINTS };
