import type {
  CheckpointRecord,
  SpliceEvalParams,
  TrainingMetrics,
  TrainingReport,
  TrainingSourceParams,
  TrainSaeParams,
  TrainSaeResult,
} from '../../shared/jobs/training';
import { CodedError } from '../../shared/coded-error';

export type { CheckpointRecord, SpliceEvalParams, TrainingMetrics, TrainingReport, TrainingSourceParams, TrainSaeParams, TrainSaeResult };

export type TrainingErrorCode = 'NAN_LOSS' | 'NAN_WEIGHTS' | 'BAD_PARAMS' | 'CHECKPOINT_MISMATCH';

/** A training failure with a stable code; `lastCheckpoint` is the newest good checkpoint on disk. */
export class TrainingError extends CodedError<TrainingErrorCode> {
  constructor(
    code: TrainingErrorCode,
    message: string,
    readonly lastCheckpoint: CheckpointRecord | null = null,
  ) {
    super(code, message);
  }
}
