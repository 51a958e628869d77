/** Streaming dataset import (docs/datasets.md, "Import"): readers, splits and the worker task. */
export { ImportError, type ImportErrorCode } from './errors';
export { readSamples, detectFormat, BadRowTally } from './read';
export { normaliseSplit, seededSplit, splitFromFileName, DEFAULT_RATIOS, type SplitRatios } from './splits';
export { importDatasetTask, type ImportDatasetResult } from './task';
export type { ImportDatasetParams, ImportFile, ImportOptions } from './params';
export type { RawSample, ReaderOptions, DatasetFormat, TxtMode, BadRowPolicy, ByteSource } from './types';
