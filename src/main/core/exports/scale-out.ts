import type { ScaleOutTarget } from '../../../shared/types/exports';
import type { TrainingHyperparameters } from '../../../shared/types/training';

/**
 * "Export as a SAELens training script / as a sparsify command" (docs/interop-export.md "Scale out"):
 * the same SAE trained on a GPU machine or cluster. Every hyperparameter is either mapped onto the
 * target's setting or listed (name, value, why) in a comment of the file and in the result.
 */
export interface ScaleOutInput {
  runName: string;
  /** Hub id of the model (TransformerLens / transformers name); the display name when unknown. */
  model: string;
  modelIsHubId: boolean;
  hook: string;
  dIn: number;
  /** Hub dataset id, or a local folder beside the script holding the exported text (dataset/train.jsonl). */
  dataset: { path: string; onHub: boolean };
  contextSize: number;
  prependBos: boolean;
  hp: TrainingHyperparameters;
  checkpointEvery: number;
  metricsEvery: number;
  evalEvery: number;
  evalTokens: number;
}

export interface Mapped {
  name: keyof TrainingHyperparameters;
  target: string;
}
export interface Unmapped {
  name: string;
  value: string;
  why: string;
}

const py = (v: unknown): string =>
  typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'string' ? JSON.stringify(v) : v === null ? 'None' : String(v);

/** SAELens 6 (LanguageModelSAERunnerConfig + Standard/TopKTrainingSAEConfig) field per hyperparameter. */
export function saelensMapping(i: ScaleOutInput): {
  fields: Record<string, unknown>;
  sae: Record<string, unknown>;
  mapped: Mapped[];
  unmapped: Unmapped[];
} {
  const hp = i.hp;
  const mapped: Mapped[] = [];
  const unmapped: Unmapped[] = [];
  const map = (name: keyof TrainingHyperparameters, target: string) => mapped.push({ name, target });
  const skip = (name: string, value: unknown, why: string) => unmapped.push({ name, value: String(value), why });
  const topk = hp.architecture === 'topk';
  const sae: Record<string, unknown> = {
    d_in: i.dIn,
    d_sae: i.dIn * hp.expansionFactor,
    apply_b_dec_to_input: true,
    normalize_activations: hp.normalizeInputs ? 'expected_average_only_in' : 'none',
  };
  map('architecture', topk ? 'TopKTrainingSAEConfig' : 'StandardTrainingSAEConfig');
  map('expansionFactor', 'sae.d_sae = d_in × expansion factor');
  map('normalizeInputs', 'sae.normalize_activations');
  if (topk) {
    sae.k = hp.k;
    sae.aux_loss_coefficient = hp.auxKCoefficient;
    map('k', 'sae.k');
    map('auxKCoefficient', 'sae.aux_loss_coefficient');
    skip('l1Coefficient', hp.l1Coefficient, 'a TopK SAE has no L1 penalty (ignored here too)');
    skip('l1WarmupSteps', hp.l1WarmupSteps, 'a TopK SAE has no L1 penalty (ignored here too)');
  } else {
    sae.l1_coefficient = hp.l1Coefficient;
    sae.l1_warm_up_steps = hp.l1WarmupSteps;
    map('l1Coefficient', 'sae.l1_coefficient');
    map('l1WarmupSteps', 'sae.l1_warm_up_steps');
    skip('k', hp.k, 'only TopK SAEs use k (ignored here too)');
    skip('auxKCoefficient', hp.auxKCoefficient, 'only TopK SAEs use AuxK (ignored here too)');
  }
  const fields: Record<string, unknown> = {
    training_tokens: hp.totalSteps * hp.batchSize,
    train_batch_size_tokens: hp.batchSize,
    lr: hp.learningRate,
    lr_warm_up_steps: hp.lrWarmupSteps,
    adam_beta1: hp.adamBeta1,
    adam_beta2: hp.adamBeta2,
    seed: hp.seed,
    // SAELens counts both windows in training steps; ours are tokens.
    dead_feature_window: Math.max(1, Math.round(hp.deadWindowTokens / hp.batchSize)),
    feature_sampling_window: Math.max(1, Math.round(hp.deadWindowTokens / hp.batchSize)),
  };
  map('batchSize', 'train_batch_size_tokens');
  map('totalSteps', 'training_tokens = steps × batch size');
  map('learningRate', 'lr');
  map('lrWarmupSteps', 'lr_warm_up_steps');
  map('adamBeta1', 'adam_beta1');
  map('adamBeta2', 'adam_beta2');
  map('seed', 'seed');
  map('deadWindowTokens', 'dead_feature_window / feature_sampling_window (steps = tokens ÷ batch size)');
  if (hp.lrSchedule === 'constant') fields.lr_scheduler_name = 'constant';
  else if (hp.lrSchedule === 'cosine') Object.assign(fields, { lr_scheduler_name: 'cosineannealing', lr_end: hp.learningRate / 10 });
  if (hp.lrSchedule === 'constant' || hp.lrSchedule === 'cosine')
    map('lrSchedule', 'lr_scheduler_name (cosine → cosineannealing, lr_end = lr/10 as here)');
  else skip('lrSchedule', hp.lrSchedule, 'SAELens schedules are constant and cosineannealing(-warmrestarts); the script uses constant');
  if (hp.optimizer === 'adam') map('optimizer', 'SAELens trains with Adam');
  else skip('optimizer', hp.optimizer, 'SAELens trains with Adam only');
  skip('adamEpsilon', hp.adamEpsilon, 'SAELens does not expose Adam epsilon (it uses PyTorch’s 1e-8)');
  if (hp.weightDecay === 0) map('weightDecay', 'none (SAELens’ Adam has no weight decay)');
  else skip('weightDecay', hp.weightDecay, 'SAELens’ Adam has no weight decay');
  if (!hp.ghostGradients) map('ghostGradients', 'off (SAELens 6 has no ghost gradients)');
  else skip('ghostGradients', true, 'SAELens 6 removed ghost gradients');
  if (hp.resampleEvery === 0) map('resampleEvery', 'off (SAELens 6 does not resample)');
  else skip('resampleEvery', hp.resampleEvery, 'SAELens 6 does not resample dead features');
  skip('denseThreshold', hp.denseThreshold, 'a reporting threshold here; SAELens logs the density histogram instead');
  // JumpReLU / BatchTopK / Gated runs: the generated script covers SAELens' standard and TopK trainers only.
  if (hp.architecture !== 'standard' && hp.architecture !== 'topk')
    skip(
      'architecture',
      hp.architecture,
      'the generated script trains a standard or TopK SAE; pick SAELens’ config class for this architecture by hand',
    );
  for (const name of ['l0Coefficient', 'jumpReluBandwidth', 'jumpReluInitThreshold', 'topkThresholdLr'] as const)
    skip(name, hp[name], 'JumpReLU / BatchTopK settings: the generated script covers standard and TopK SAEs');
  if (hp.matryoshkaWidths)
    skip(
      'matryoshkaWidths',
      hp.matryoshkaWidths.join(', '),
      'Matryoshka levels (fractions of d_sae): SAELens’ MatryoshkaBatchTopKTrainingSAEConfig takes them as matryoshka_widths in features',
    );
  return { fields, sae, mapped, unmapped };
}

function runUnmapped(i: ScaleOutInput): Unmapped[] {
  return [
    ...(i.evalEvery > 0
      ? [
          {
            name: 'evalEvery',
            value: String(i.evalEvery),
            why: 'SAELens runs its own evals every n_eval_batches; the splice evaluation here has no counterpart',
          },
        ]
      : []),
    { name: 'evalTokens', value: String(i.evalTokens), why: 'see evalEvery' },
    {
      name: 'metricsEvery',
      value: String(i.metricsEvery),
      why: 'SAELens logs to W&B (LoggingConfig.wandb_log_frequency); logging is off in this script',
    },
  ];
}

function comment(lines: Unmapped[], prefix: string): string {
  return lines.length ? lines.map((u) => `${prefix}   ${u.name} = ${u.value}: ${u.why}`).join('\n') : `${prefix}   (none)`;
}

export function saelensScript(i: ScaleOutInput): { fileName: string; text: string; unmapped: Unmapped[]; mapped: Mapped[] } {
  const m = saelensMapping(i);
  const unmapped = [...m.unmapped, ...runUnmapped(i)];
  const saeClass = i.hp.architecture === 'topk' ? 'TopKTrainingSAEConfig' : 'StandardTrainingSAEConfig';
  const kw = (o: Record<string, unknown>, pad: string) =>
    Object.entries(o)
      .map(([k, v]) => `${pad}${k}=${py(v)},`)
      .join('\n');
  const nCheckpoints = i.checkpointEvery > 0 ? Math.floor(i.hp.totalSteps / i.checkpointEvery) : 0;
  const text = `#!/usr/bin/env python3
"""Train the SAE of the miStudio run ${JSON.stringify(i.runName)} with SAELens (>= 6) on a GPU machine.

    pip install "sae-lens>=6"
    python3 train_saelens.py            # writes ./output/cfg.json + sae_weights.safetensors

The output folder is a SAELens folder: import it back into miStudio with Import SAE (folder).
Model: ${i.model}${i.modelIsHubId ? '' : " (display name: no hub id is known; replace it with the model's hub id)"}
Dataset: ${i.dataset.onHub ? `${i.dataset.path} on the Hugging Face hub` : `${i.dataset.path} (exported beside this script, JSON lines with a "text" field)`}

Settings with no counterpart in SAELens (kept out; listed so nothing is silently dropped):
${comment(unmapped, '')}
"""
from sae_lens import LanguageModelSAERunnerConfig, LanguageModelSAETrainingRunner, LoggingConfig, ${saeClass}
import torch

cfg = LanguageModelSAERunnerConfig(
    sae=${saeClass}(
${kw(m.sae, '        ')}
    ),
    model_name=${py(i.model)},
    hook_name=${py(i.hook)},
    dataset_path=${py(i.dataset.path)},
    is_dataset_tokenized=False,
    streaming=${py(i.dataset.onHub)},
    context_size=${i.contextSize},
    prepend_bos=${py(i.prependBos)},
${kw(m.fields, '    ')}
    n_checkpoints=${nCheckpoints},
    checkpoint_path="checkpoints",
    output_path="output",
    device="cuda" if torch.cuda.is_available() else "cpu",
    dtype="float32",
    logger=LoggingConfig(log_to_wandb=False),
)

if __name__ == "__main__":
    sae = LanguageModelSAETrainingRunner(cfg).run()
    sae.save_model("output")
`;
  return { fileName: 'train_saelens.py', text, unmapped, mapped: m.mapped };
}

/**
 * sparsify (EleutherAI) trains TopK SAEs from its CLI, multi-GPU under torchrun; its output folder
 * (cfg.json + sae.safetensors per hookpoint) is the sparsify layout the folder import reads.
 */
export function sparsifyCommand(i: ScaleOutInput): { fileName: string; text: string; unmapped: Unmapped[]; mapped: Mapped[] } {
  const hp = i.hp;
  const mapped: Mapped[] = [];
  const unmapped: Unmapped[] = [];
  const map = (name: keyof TrainingHyperparameters, target: string) => mapped.push({ name, target });
  const skip = (name: string, value: unknown, why: string) => unmapped.push({ name, value: String(value), why });
  // sparsify names hookpoints by module path (layers.N for the residual stream after block N).
  const layer = /^blocks\.(\d+)\.hook_resid_post$/.exec(i.hook)?.[1];
  const hookpoint = layer !== undefined ? `layers.${layer}` : null;
  if (!hookpoint)
    skip('hook', i.hook, 'sparsify hooks module outputs (layers.N = residual stream after block N); pick the module path by hand');
  map(
    'architecture',
    hp.architecture === 'topk'
      ? 'TopK (sparsify trains TopK only)'
      : 'TopK: sparsify trains TopK only; k below stands in for the L1 penalty',
  );
  if (hp.architecture !== 'topk')
    skip('architecture', hp.architecture, 'sparsify trains TopK SAEs only; this command trains a TopK SAE with the same width');
  map('expansionFactor', '--expansion_factor');
  map('k', '-k');
  map('batchSize', '--batch_size (sequences = batch tokens ÷ context size)');
  map('totalSteps', '--max_examples (steps × batch sequences)');
  map('learningRate', '--lr');
  map('lrWarmupSteps', '--lr_warmup_steps');
  map('auxKCoefficient', '--auxk_alpha');
  map('deadWindowTokens', '--dead_feature_threshold (tokens)');
  map('normalizeInputs', 'sparsify normalises decoder rows itself (no input scaling flag)');
  map('seed', '--seed');
  if (hp.architecture !== 'topk') {
    skip('l1Coefficient', hp.l1Coefficient, 'TopK SAEs have no L1 penalty');
    skip('l1WarmupSteps', hp.l1WarmupSteps, 'TopK SAEs have no L1 penalty');
  } else {
    map('l1Coefficient', 'none (TopK, ignored here too)');
    map('l1WarmupSteps', 'none (TopK, ignored here too)');
  }
  for (const [name, why] of [
    ['optimizer', 'sparsify picks its optimizer (Adam / signum) itself'],
    ['adamBeta1', 'not exposed by the sparsify CLI'],
    ['adamBeta2', 'not exposed by the sparsify CLI'],
    ['adamEpsilon', 'not exposed by the sparsify CLI'],
    ['weightDecay', 'not exposed by the sparsify CLI'],
    ['lrSchedule', 'sparsify uses linear warmup then its own decay'],
    ['ghostGradients', 'sparsify uses AuxK, not ghost gradients'],
    ['resampleEvery', 'sparsify does not resample dead features'],
    ['denseThreshold', 'a reporting threshold here'],
    ['l0Coefficient', 'JumpReLU only; sparsify trains TopK SAEs'],
    ['jumpReluBandwidth', 'JumpReLU only; sparsify trains TopK SAEs'],
    ['jumpReluInitThreshold', 'JumpReLU only; sparsify trains TopK SAEs'],
    ['topkThresholdLr', 'BatchTopK only; sparsify trains per-token TopK SAEs'],
  ] as const)
    skip(name, hp[name], why);
  if (hp.matryoshkaWidths) skip('matryoshkaWidths', hp.matryoshkaWidths.join(', '), 'Matryoshka only; sparsify trains plain TopK SAEs');
  unmapped.push(...runUnmapped(i));
  const seqs = Math.max(1, Math.round(hp.batchSize / Math.max(1, i.contextSize)));
  const args = [
    'torchrun --nproc_per_node "${GPUS:-$(nvidia-smi -L | wc -l)}" -m sparsify',
    JSON.stringify(i.model),
    JSON.stringify(i.dataset.path),
    ...(hookpoint ? [`--hookpoints ${hookpoint}`] : []),
    `--expansion_factor ${hp.expansionFactor}`,
    `-k ${hp.k}`,
    `--batch_size ${seqs}`,
    `--max_examples ${hp.totalSteps * seqs}`,
    `--ctx_len ${i.contextSize}`,
    `--lr ${hp.learningRate}`,
    `--lr_warmup_steps ${hp.lrWarmupSteps}`,
    `--auxk_alpha ${hp.auxKCoefficient}`,
    `--dead_feature_threshold ${hp.deadWindowTokens}`,
    `--seed ${hp.seed}`,
    '--run_name output',
  ];
  const text = `#!/usr/bin/env bash
# Train the SAE of the miStudio run ${JSON.stringify(i.runName)} with EleutherAI's sparsify, on every GPU of this machine
# (GPUS=N to choose; multi-node: torchrun --nnodes/--node_rank as usual).
#   pip install eai-sparsify
# The output (checkpoints/output/<hookpoint>/cfg.json + sae.safetensors) is a sparsify folder:
# import it back into miStudio with Import SAE (folder).
# Model: ${i.model}${i.modelIsHubId ? '' : " (display name: no hub id is known; replace it with the model's hub id)"}
# Dataset: ${i.dataset.onHub ? `${i.dataset.path} on the Hugging Face hub` : `${i.dataset.path} (exported beside this script)`}
#
# Settings with no counterpart in sparsify (kept out; listed so nothing is silently dropped):
${comment(unmapped, '#')}
set -euo pipefail
${args.join(' \\\n  ')}
`;
  return { fileName: 'sparsify.sh', text, unmapped, mapped };
}

export function scaleOut(target: ScaleOutTarget, i: ScaleOutInput) {
  return target === 'saelens' ? saelensScript(i) : sparsifyCommand(i);
}
