import type { DataCursor } from './data-stream';

/**
 * Where SAE training reads its batches from: a disk activation set (`ActivationStream`) or the
 * model itself (`ModelActivationStream`). Both serve a deterministic, seeded order and are
 * resumed exactly from the `cursor` a checkpoint stores.
 */
export interface ActivationSource {
  /** Next `batchSize` activation rows: [batchSize, dIn] row-major float32. */
  next(batchSize: number): Promise<Float32Array>;
  /** Position of the next row (a copy); reopening the source at it continues the same order. */
  readonly cursor: DataCursor;
  /** Width of one activation row (the hook's d_model). */
  readonly dIn: number;
  /** Activation rows (real tokens) in one epoch. */
  readonly totalRows: number;
}
