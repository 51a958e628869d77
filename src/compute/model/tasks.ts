import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type {
  DownloadModelParams,
  GenerateParams,
  GeneratedTokenReport,
  ImportModelParams,
  ImportModelResult,
} from '../../shared/jobs/models';
import type { GenerationResult } from '../../shared/types/models';
import type { TaskContext } from '../runtime/context';
import { TaskCancelledError } from '../runtime/protocol';
import { generate } from './generate';
import { LanguageModel } from './language-model';
import { cachedModel } from './model-cache';

export type { DownloadModelParams, GenerateParams, ImportModelParams, ImportModelResult };

/**
 * Validates a model folder for real — config, tokenizer, ONNX graph, hook discovery, one
 * forward pass — then copies it into the data dir under a temporary name and renames it
 * into place, so a failed import leaves nothing behind that looks whole.
 */
export async function importModelTask(p: ImportModelParams, ctx: TaskContext): Promise<ImportModelResult> {
  ctx.progress(0.02, 'Reading config, tokenizer and ONNX graph');
  const lm = LanguageModel.load(p.sourceDir, { dtype: p.dtype, provider: 'cpu' });
  ctx.log(
    'info',
    `${lm.architecture.family}: ${lm.architecture.nLayers} layers, d_model ${lm.architecture.dModel}, ${lm.hooks.length} hook points`,
  );
  for (const note of lm.hookNotes) ctx.log('warn', note);
  ctx.progress(0.1, 'Test forward pass');
  const probe = lm.tokenizer.encode('Hello');
  const out = await lm.forward({ inputIds: [probe.length ? probe : [0]] });
  if (!out.logits.every(Number.isFinite))
    throw Object.assign(new Error('the model produced non-finite logits on a test input'), { code: 'MODEL_FILE_INVALID' });
  await lm.release();
  await ctx.checkpoint();

  const files = lm.folder.files;
  const sizeBytes = files.reduce((s, f) => s + f.bytes, 0);
  let finalDir = p.sourceDir;
  if (p.targetDir) {
    if (existsSync(p.targetDir)) throw Object.assign(new Error(`${p.targetDir} already exists`), { code: 'CONFLICT' });
    const partial = `${p.targetDir}.partial-${randomBytes(4).toString('hex')}`;
    try {
      let copied = 0;
      for (const f of files) {
        await ctx.checkpoint();
        const to = path.join(partial, f.path);
        await fs.mkdir(path.dirname(to), { recursive: true });
        if (p.link) await linkOrCopy(path.join(p.sourceDir, f.path), to);
        else await fs.copyFile(path.join(p.sourceDir, f.path), to);
        copied += f.bytes;
        ctx.progress(0.15 + (0.85 * copied) / Math.max(1, sizeBytes), `Copying ${f.path}`);
      }
      await fs.rename(partial, p.targetDir);
    } catch (err) {
      await fs.rm(partial, { recursive: true, force: true });
      throw err;
    }
    finalDir = p.targetDir;
  }
  ctx.progress(1, 'Imported');
  return { path: finalDir, architecture: lm.architecture, hooks: lm.hooks, hookNotes: lm.hookNotes, files, sizeBytes };
}

/** "Try it": generation streamed token by token as metrics (main re-emits `models.token`). */
export async function generateTask(p: GenerateParams, ctx: TaskContext<GeneratedTokenReport>): Promise<GenerationResult> {
  const lm = cachedModel(p.modelDir, p.provider);
  const result = await generate(lm, p.prompt, p.options, undefined, {
    onStep: (step) => {
      ctx.report({ index: step.index, tokenId: step.tokenId, text: step.text });
      ctx.progress((step.index + 1) / p.options.maxNewTokens);
    },
    shouldStop: async () => {
      try {
        await ctx.checkpoint();
        return false;
      } catch {
        return true;
      }
    },
  });
  if (ctx.cancelled) throw new TaskCancelledError(); // tokens so far were streamed
  return result;
}

/** A hard link where the filesystem allows (hub cache → models/: no second copy), else a copy. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch {
    await fs.copyFile(from, to);
  }
}
