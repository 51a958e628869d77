import { existsSync } from 'node:fs';
import path from 'node:path';
import { generate } from '../../compute/model/generate';
import { LanguageModel } from '../../compute/model/language-model';
import type { ProviderSetting } from '../../compute/model/providers';
import { createCore } from '../core';
import { defaultPaths } from '../core/paths';

export interface GenerateCliOptions {
  dataDir: string;
  model: string | undefined;
  prompt: string | undefined;
  maxTokens: string | undefined;
  temperature: string | undefined;
  topP: string | undefined;
  topK: string | undefined;
  seed: string | undefined;
  provider: string | undefined;
}

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${value}"`);
  return n;
}

/** A model folder, or a model of the data dir by id or name; default the bundled demo model. */
export async function resolveModelDir(dataDir: string, model: string | undefined): Promise<string> {
  if (!model) return path.join(defaultPaths.resources(), 'demo-model');
  if (existsSync(model)) return path.resolve(model);
  const core = await createCore({ dataDir, mode: 'serve', demoModelDir: null });
  try {
    const found = core.models.store.list().find((m) => m.id === model || m.name === model);
    if (!found?.path || found.status !== 'ready') throw new Error(`no ready model "${model}" in ${dataDir} (and no folder of that name)`);
    return found.path;
  } finally {
    await core.close();
  }
}

/** `mistudio generate`: streams a completion to stdout, in this process (no server needed). */
export async function runGenerate(o: GenerateCliOptions): Promise<number> {
  if (!o.prompt) throw new Error('--prompt is required, e.g. mistudio generate --prompt "And God said"');
  const dir = await resolveModelDir(o.dataDir, o.model);
  const lm = LanguageModel.load(dir, { provider: (o.provider ?? 'auto') as ProviderSetting });
  const options = {
    maxNewTokens: number('max-tokens', o.maxTokens, 60),
    temperature: number('temperature', o.temperature, 0.8),
    topP: number('top-p', o.topP, 0.95),
    topK: number('top-k', o.topK, 50),
    seed: number('seed', o.seed, 42),
  };
  process.stdout.write(o.prompt);
  const result = await generate(lm, o.prompt, options, undefined, { onStep: (s) => process.stdout.write(s.text) });
  process.stdout.write(
    `\n\n[${result.tokenIds.length} tokens, ${result.tokensPerSecond.toFixed(1)} tokens/s, ${lm.provider}, stopped by ${result.stoppedBy}]\n`,
  );
  await lm.release();
  return 0;
}
