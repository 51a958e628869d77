/**
 * `mistudio steer`: steered vs unsteered generation (or a coefficient sweep) in this process,
 * through the same task code as the `steering.generate` / `steering.sweep` jobs
 * (docs/steering.md). Prints both outputs and the metrics, or one JSON object with --json.
 */
import { cachedModel } from '../../compute/model/model-cache';
import type { ProviderSetting } from '../../compute/model/providers';
import type { TaskContext } from '../../compute/runtime/context';
import { TaskCancelledError } from '../../compute/runtime/protocol';
import type { SteeringMode, SteeringPositions } from '../../compute/steering/intervention';
import { maxActivationsOnPrompt } from '../../compute/steering/prompt-scale';
import type { SteeringGenerateReport, SteeringGenerateResult, SteeringSweepResult } from '../../compute/steering/protocol';
import { loadSteeringSae } from '../../compute/steering/sae';
import { promptIdsFor, resolveHook, steeringGenerateTask, steeringSweepTask } from '../../compute/steering/task';
import type { GenerationOptions } from '../../shared/types/models';
import { resolveModelDir } from './generate';
import { printComparison, printSweep } from './steer-print';

export interface SteerCliOptions {
  dataDir: string;
  model?: string;
  sae?: string;
  hook?: string;
  prompt?: string;
  feature: string[];
  scale: string[];
  mode?: string;
  positions?: string;
  samples?: string;
  sweep?: string;
  coefficients?: string;
  targets?: string;
  maxTokens?: string;
  temperature?: string;
  topP?: string;
  topK?: string;
  seed?: string;
  provider?: string;
  json: boolean;
}

function num(flag: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${flag} must be a number, got "${v}"`);
  return n;
}

/** "F:VALUE" → [F, VALUE]. */
function pair(flag: string, s: string): [number, number] {
  const m = /^(\d+):(-?[\d.]+(?:e-?\d+)?)$/i.exec(s.trim());
  if (!m) throw new Error(`--${flag} takes FEATURE:VALUE (e.g. 123:2.5), got "${s}"`);
  return [Number(m[1]), Number(m[2])];
}

/** "F:COEF" or "F:COEF:additive|clamp" → the feature, its coefficient and its mode (absent: `fallback`, the --mode). */
export function steeredFeature(s: string, fallback: SteeringMode): { feature: number; coefficient: number; mode: SteeringMode } {
  const m = /^(.*?)(?::(additive|clamp))?$/.exec(s.trim())!;
  if (s.trim().split(':').length > 2 && !m[2])
    throw new Error(`--feature takes FEATURE:COEF or FEATURE:COEF:additive|clamp (e.g. 123:2.5:clamp), got "${s}"`);
  const [feature, coefficient] = pair('feature', m[1]!);
  return { feature, coefficient, mode: (m[2] as SteeringMode | undefined) ?? fallback };
}

function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[], fallback: T): T {
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new Error(`--${flag} must be one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}

/** A task context for this process: reports go to `onReport`; Ctrl-C cancels at the next token. */
function cliContext<Report>(dataDir: string, onReport: (r: Report) => void): TaskContext<Report> {
  let cancelled = false;
  process.once('SIGINT', () => {
    cancelled = true;
  });
  return {
    jobId: 'cli',
    dataDir,
    secrets: {},
    progress: () => {},
    log: (level, message) => process.stderr.write(`[${level}] ${message}\n`),
    report: onReport,
    takeRequests: () => [],
    get cancelled() {
      return cancelled;
    },
    async checkpoint() {
      if (cancelled) throw new TaskCancelledError();
    },
  };
}

export async function runSteer(o: SteerCliOptions): Promise<number> {
  if (!o.sae) throw new Error('--sae DIR is required (a SAELens folder: cfg.json + sae_weights.safetensors)');
  if (!o.prompt) throw new Error('--prompt is required, e.g. mistudio steer --sae DIR --feature 12:4 --prompt "And God said"');
  const modelDir = await resolveModelDir(o.dataDir, o.model);
  const provider = (o.provider ?? 'auto') as ProviderSetting;
  const mode = oneOf<SteeringMode>('mode', o.mode, ['additive', 'clamp'], 'additive');
  const positions = oneOf<SteeringPositions>('positions', o.positions, ['all', 'prompt', 'generated'], 'all');
  const options: GenerationOptions = {
    maxNewTokens: num('max-tokens', o.maxTokens, 40),
    temperature: num('temperature', o.temperature, 0.8),
    topP: num('top-p', o.topP, 0.95),
    topK: num('top-k', o.topK, 50),
    seed: num('seed', o.seed, 42),
  };
  const steered = new Map(o.feature.map((f) => steeredFeature(f, mode)).map((f) => [f.feature, f]));
  const coefs = new Map([...steered.values()].map((f) => [f.feature, f.coefficient]));
  const scales = new Map(o.scale.map((s) => pair('scale', s)));
  const sweepFeature = o.sweep === undefined ? undefined : num('sweep', o.sweep, 0);
  if (sweepFeature === undefined && coefs.size === 0)
    throw new Error('give --feature F:COEF (repeatable), or --sweep F --coefficients a,b,c');

  // Default scale: the feature's max activation on this prompt (no feature pass here).
  const lm = cachedModel(modelDir, provider);
  const sae = await loadSteeringSae(o.sae);
  const hook = resolveHook(lm, sae, o.hook);
  const wanted = sweepFeature !== undefined ? [sweepFeature] : [...coefs.keys()];
  const missing = wanted.filter((f) => !scales.has(f));
  const measured = missing.length ? await maxActivationsOnPrompt(lm, sae, hook, promptIdsFor(lm, o.prompt), missing) : [];
  missing.forEach((f, i) => {
    if (!(measured[i]! > 0))
      throw new Error(
        `feature ${f} does not fire on this prompt, so its scale cannot default to its max activation there; pass --scale ${f}:VALUE (its max activation from the feature pass)`,
      );
    scales.set(f, measured[i]!);
  });
  const scaleSource = (f: number) => (missing.includes(f) ? 'max activation on the prompt' : '--scale');
  const base = { name: o.sae, modelDir, provider, saeDir: o.sae, hook, prompt: o.prompt, positions, options };

  if (sweepFeature !== undefined) {
    if (!o.coefficients) throw new Error('--sweep needs --coefficients a,b,c');
    const coefficients = o.coefficients.split(',').map((c) => num('coefficients', c, Number.NaN));
    const targets = o.targets?.split(',').map((t) => num('targets', t, Number.NaN));
    const ctx = cliContext(o.dataDir, () => {});
    const r: SteeringSweepResult = await steeringSweepTask(
      {
        ...base,
        feature: { feature: sweepFeature, scale: scales.get(sweepFeature)!, mode },
        coefficients,
        ...(targets ? { targetTokenIds: targets } : {}),
      },
      ctx,
    );
    if (o.json)
      process.stdout.write(
        `${JSON.stringify({ modelDir, scale: scales.get(sweepFeature), scaleSource: scaleSource(sweepFeature), ...r })}\n`,
      );
    else printSweep(o.prompt, r, scales.get(sweepFeature)!, scaleSource(sweepFeature));
    await lm.release();
    return 0;
  }

  const features = [...steered.values()].map((f) => ({ ...f, scale: scales.get(f.feature)! }));
  let current = '';
  const ctx = cliContext(o.dataDir, (rep: SteeringGenerateReport) => {
    if (o.json || rep.type !== 'token') return;
    const label = `sample ${rep.sample + 1} ${rep.run}`;
    if (label !== current) {
      process.stdout.write(`${current ? '\n' : ''}── ${label}: ${o.prompt}`);
      current = label;
    }
    process.stdout.write(rep.text);
  });
  const r: SteeringGenerateResult = await steeringGenerateTask(
    { ...base, features, samples: Math.max(1, Math.floor(num('samples', o.samples, 1))) },
    ctx,
  );
  if (o.json)
    process.stdout.write(
      `${JSON.stringify({ modelDir, features: features.map((f) => ({ ...f, scaleSource: scaleSource(f.feature) })), ...r })}\n`,
    );
  else {
    process.stdout.write('\n\n');
    printComparison(
      r,
      features.map(
        (f) => `feature ${f.feature} (${f.mode}): coefficient ${f.coefficient} × scale ${f.scale.toFixed(3)} (${scaleSource(f.feature)})`,
      ),
    );
  }
  await lm.release();
  return 0;
}
