import type { z } from 'zod';
import type { JobLogLine, JobRecord } from '../types/jobs';
import type { AnyMethodSpec, MethodSpec } from './define';
import type { Envelope } from './errors';
import { activationsMethods, templatesMethods } from './activations';
import { analysisMethods } from './analysis';
import { datasetsMethods } from './datasets';
import { exportsMethods } from './exports';
import { featuresMethods } from './features';
import { jobsMethods } from './jobs';
import { modelsMethods } from './models';
import { saesMethods } from './saes';
import { settingsMethods } from './settings';
import { steeringMethods } from './steering';
import { sweepsMethods } from './sweeps';
import { systemMethods } from './system';
import { trainingMethods } from './training';
import { mergeMethodMaps } from './merge';
import type { DensityHistogram, TrainingLogLine, TrainingMetricPoint } from '../types/training';
import type { FeaturePassProgress } from '../types/features';
import type { SteeringPair, SteeringRun, SweepPoint } from '../types/steering';

export * from './errors';
export type { MethodSpec } from './define';

/**
 * Every method of the app, one map merged from per-domain maps (a name defined twice throws at
 * start-up). A new domain adds its map here
 * (CONTRIBUTING.md, "Add a contract method").
 */
export const contract = mergeMethodMaps(
  systemMethods,
  jobsMethods,
  settingsMethods,
  modelsMethods,
  datasetsMethods,
  activationsMethods,
  trainingMethods,
  sweepsMethods,
  templatesMethods,
  saesMethods,
  featuresMethods,
  analysisMethods,
  steeringMethods,
  exportsMethods,
) satisfies Record<string, AnyMethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;

type SpecArgs<S> = S extends MethodSpec<infer A, unknown> ? z.input<A> : never;
type SpecParsedArgs<S> = S extends MethodSpec<infer A, unknown> ? z.output<A> : never;
type SpecResult<S> = S extends MethodSpec<z.ZodType, infer R> ? R : never;

/** method → { args (as the caller writes them), parsed (after validation), result } */
export type InvokeMap = {
  [M in MethodName]: { args: SpecArgs<Contract[M]>; parsed: SpecParsedArgs<Contract[M]>; result: SpecResult<Contract[M]> };
};
export type ArgsOf<M extends MethodName> = InvokeMap[M]['args'];
export type ParsedArgsOf<M extends MethodName> = InvokeMap[M]['parsed'];
export type ResultOf<M extends MethodName> = InvokeMap[M]['result'];

/** event → payload. Main emits; the renderer subscribes with `on`. */
export interface EventMap {
  'job.updated': JobRecord;
  'job.log': JobLogLine;
  'settings.changed': { keys: string[] };
  'models.changed': { id: string };
  'datasets.changed': { id: string };
  /** One generated token of a `models.generate` job. */
  'models.token': { jobId: string; modelId: string; index: number; tokenId: number; text: string };
  'activations.changed': { id: string };
  /** A run's row changed (status, step, latest metrics, checkpoints). */
  'training.changed': { id: string };
  /** A new metrics record of a run (every N steps). */
  'training.metrics': { trainingId: string; point: TrainingMetricPoint };
  /** A new log line of a run (also persisted). */
  'training.log': TrainingLogLine;
  /** A feature-density histogram of a run. */
  'training.density': { trainingId: string; histogram: DensityHistogram };
  /** A sweep was created or deleted, or one of its runs changed (status, step, eval, its SAE). */
  'sweeps.changed': { id: string };
  'templates.changed': { kind: 'training' | 'extraction' };
  /** An SAE record was created, changed (a pass started/ended) or deleted. */
  'saes.changed': { id: string };
  /** Features of an SAE changed: one feature's label/notes/star (`featureIndex`), or all of them (a pass completed). */
  'features.changed': { saeId: string; featureIndex: number | null };
  /** Progress of a running feature pass. */
  'features.passProgress': { saeId: string; passId: string; progress: FeaturePassProgress };
  /** An analysis result of an SAE was written (ablation of a feature, correlations, a feature map). */
  'analysis.changed': { saeId: string; kind: 'ablation' | 'correlations' | 'map'; featureIndex: number | null };
  /** One generated token of a `steering.generate` job (sample, run = unsteered | steered). */
  'steering.token': { jobId: string; saeId: string; sample: number; run: SteeringRun; index: number; tokenId: number; text: string };
  /** A finished steered/unsteered pair with its metrics. */
  'steering.pair': { jobId: string; saeId: string; pair: SteeringPair };
  /** One token of a sweep run (`coefficientIndex` null = the unsteered run). */
  'steering.sweepToken': { jobId: string; saeId: string; coefficientIndex: number | null; index: number; tokenId: number; text: string };
  /** One finished sweep point. */
  'steering.sweepPoint': { jobId: string; saeId: string; index: number; point: SweepPoint };
  /** Steering presets changed (saved, renamed, starred, deleted, imported). */
  'steering.presetsChanged': { saeId: string | null };
  /** An export was listed or deleted. */
  'exports.changed': { ownerId: string };
}
export type EventName = keyof EventMap;

/** The client the renderer uses, identical over IPC (preload) and WebSocket (serve). */
export interface MiStudioClient {
  invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  /** Returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

/**
 * What a transport carries: the preload's exposed object and the WebSocket client
 * both implement it. Results come as envelopes because errors thrown across
 * contextBridge lose their code; `createClient` (renderer) rebuilds them as ApiError.
 */
export interface BridgeApi {
  invoke<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<Envelope<ResultOf<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
