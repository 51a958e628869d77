/**
 * Steering (docs/steering.md): starts `steering.generate` / `steering.sweep` jobs for an SAE,
 * turning the researcher's coefficients (multiples of each feature's max activation) into the
 * worker's params, and re-emits the streamed tokens, pairs and sweep points as events.
 */
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors';
import { withFeatureModes, type steeringGenerateSchema, type steeringSweepSchema } from '../../../shared/contract/steering';
import type { SteeringGenerateParams, SteeringSweepParams } from '../../../compute/steering/protocol';
import type { JobRecord } from '../../../shared/types/jobs';
import type { SaeRecord } from '../../../shared/types/saes';
import type { SteeringJobStarted } from '../../../shared/contract/steering';
import type { EventBus } from '../events';
import type { FeaturesService } from '../features/service';
import type { JobService } from '../jobs/service';
import type { ModelsService } from '../models/service';
import type { SaesService } from '../saes/service';

type GenerateArgs = z.output<typeof steeringGenerateSchema>;
type SweepArgs = z.output<typeof steeringSweepSchema>;
const STEERING_KINDS = ['steering.generate', 'steering.sweep'];

export class SteeringService {
  constructor(
    private readonly jobs: JobService,
    private readonly events: EventBus,
    private readonly saes: SaesService,
    private readonly models: ModelsService,
    private readonly features: FeaturesService,
  ) {
    jobs.onReport('steering.generate', (job, r) => {
      const { saeId } = job.params;
      if (r.type === 'token')
        this.events.emit('steering.token', {
          jobId: job.id,
          saeId,
          sample: r.sample,
          run: r.run,
          index: r.index,
          tokenId: r.tokenId,
          text: r.text,
        });
      else this.events.emit('steering.pair', { jobId: job.id, saeId, pair: r.pair });
    });
    jobs.onReport('steering.sweep', (job, r) => {
      const { saeId } = job.params;
      if (r.type === 'token')
        this.events.emit('steering.sweepToken', {
          jobId: job.id,
          saeId,
          coefficientIndex: r.coefficientIndex,
          index: r.index,
          tokenId: r.tokenId,
          text: r.text,
        });
      else this.events.emit('steering.sweepPoint', { jobId: job.id, saeId, index: r.index, point: r.point });
    });
  }

  /**
   * The SAE, its model folder, the hook (and a warning when it is not the SAE's own) and each
   * feature's scale = its max activation in the latest completed feature pass.
   */
  private resolve(a: { saeId: string; hook?: string | undefined }, featureIds: number[]) {
    const sae: SaeRecord = this.saes.get(a.saeId);
    if (sae.featureCount === 0 || !sae.lastPass) {
      throw new ApiError(
        'INVALID_STATE',
        `"${sae.name}" has no completed feature pass: run the feature pass first — a coefficient is a multiple of each feature's max activation, which the pass measures`,
      );
    }
    if (!sae.modelId) throw new ApiError('INVALID_STATE', `"${sae.name}" has no model record; import its model first`);
    const model = this.models.get(sae.modelId);
    if (model.status !== 'ready' || !model.path)
      throw new ApiError('INVALID_STATE', `${model.name} is ${model.status}; wait until it is ready`);
    const warnings: string[] = [];
    const hook = a.hook ?? sae.hook;
    if (hook !== sae.hook) {
      if (!model.hooks.some((h) => h.name === hook)) throw new ApiError('VALIDATION', `${model.name} has no hook "${hook}"`);
      if (model.architecture && model.architecture.dModel !== sae.dIn)
        throw new ApiError(
          'VALIDATION',
          `the SAE reads ${sae.dIn}-wide activations but ${model.name}'s d_model is ${model.architecture.dModel}`,
        );
      warnings.push(
        `Steering at ${hook}, not the SAE's own hook ${sae.hook}: its decoder directions were learned at ${sae.hook}, so effects elsewhere are not what the features mean.`,
      );
    }
    const scales = featureIds.map((feature) => {
      if (feature >= sae.dSae)
        throw new ApiError('VALIDATION', `feature ${feature} is out of range: "${sae.name}" has ${sae.dSae} features`);
      const scale = this.features.get(sae.id, feature).maxActivation;
      if (!(scale > 0))
        throw new ApiError(
          'VALIDATION',
          `feature ${feature} never fired in the feature pass (max activation ${scale}): it has no scale to steer with`,
        );
      return { feature, scale };
    });
    return { sae, modelDir: model.path, hook, warnings, scales };
  }

  generate(a: GenerateArgs): SteeringJobStarted {
    const r = this.resolve(
      a,
      a.features.map((f) => f.feature),
    );
    const params: SteeringGenerateParams & { saeId: string } = {
      saeId: a.saeId,
      name: r.sae.name,
      modelDir: r.modelDir,
      provider: this.models.provider(),
      saeDir: r.sae.weightsPath,
      hook: r.hook,
      prompt: a.prompt,
      positions: a.positions,
      options: a.options,
      features: withFeatureModes(a.features, a.mode).map((f, i) => ({
        feature: f.feature,
        coefficient: f.coefficient,
        mode: f.mode,
        scale: r.scales[i]!.scale,
      })),
      samples: a.samples,
    };
    return { job: this.jobs.start('steering.generate', params), scales: r.scales, warnings: r.warnings };
  }

  sweep(a: SweepArgs): SteeringJobStarted {
    const r = this.resolve(a, [a.feature]);
    const params: SteeringSweepParams & { saeId: string } = {
      saeId: a.saeId,
      name: r.sae.name,
      modelDir: r.modelDir,
      provider: this.models.provider(),
      saeDir: r.sae.weightsPath,
      hook: r.hook,
      prompt: a.prompt,
      positions: a.positions,
      options: a.options,
      feature: { feature: a.feature, scale: r.scales[0]!.scale, mode: a.mode ?? 'additive' },
      coefficients: a.coefficients,
    };
    return { job: this.jobs.start('steering.sweep', params), scales: r.scales, warnings: r.warnings };
  }

  stop(jobId: string): JobRecord {
    const job = this.jobs.get(jobId);
    if (!STEERING_KINDS.includes(job.kind)) throw new ApiError('VALIDATION', `job ${jobId} is a ${job.kind} job, not a steering run`);
    return this.jobs.cancel(jobId);
  }
}
