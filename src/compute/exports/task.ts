import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import type { ExportRecord } from '../../shared/types/exports';
import type { ExportTaskParams } from '../../shared/jobs/exports';
import { EXPORT_LAYOUT } from '../../shared/types/exports';
import type { TaskContext } from '../runtime/context';
import { fsyncDir } from '../hub/cache';
import { readSaeFeatures } from './feature-rows';
import { toNeuronpediaFeature } from './neuronpedia';
import { listFiles, packFolder } from './pack';

export type { ExportTaskParams } from '../../shared/jobs/exports';

/**
 * features.json: a JSON array with one feature per line (Neuronpedia field names, see neuronpedia.ts),
 * written as the rows stream out of the database; the import reads it back line by line.
 */
async function writeFeatures(
  file: string,
  p: NonNullable<ExportTaskParams['features']>,
  ctx: TaskContext,
  report: (f: number) => void,
): Promise<number> {
  const out = createWriteStream(file, { mode: 0o600 });
  let n = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  try {
    await write('[\n');
    for (const { feature, notes } of readSaeFeatures(p.dbPath, p.saeId)) {
      await write(`${n ? ',\n' : ''}${JSON.stringify(toNeuronpediaFeature(feature, notes, { modelId: p.modelId, hook: p.hook }))}`);
      n++;
      if (n % 256 === 0) {
        await ctx.checkpoint();
        report(n / Math.max(1, p.count));
      }
    }
    await write('\n]\n');
  } finally {
    out.end();
    await once(out, 'close');
  }
  return n;
}

/** The `exports.write` job: weights, features, then the archive (or folder), renamed into place whole. */
export async function exportTask(p: ExportTaskParams, ctx: TaskContext): Promise<ExportRecord> {
  const content = path.join(p.stageDir, 'content');
  const outDir = path.join(p.stageDir, 'out');
  try {
    if (p.weightsFile) {
      ctx.progress(0.02, 'Copying the SAE weights');
      await fs.mkdir(path.join(content, EXPORT_LAYOUT.sae), { recursive: true });
      await pipeline(
        createReadStream(p.weightsFile),
        createWriteStream(path.join(content, EXPORT_LAYOUT.sae, 'sae_weights.safetensors'), { mode: 0o600 }),
      );
    }
    const packShare = p.format === 'folder' ? 0 : 0.5;
    if (p.features) {
      const n = await writeFeatures(path.join(content, EXPORT_LAYOUT.features), p.features, ctx, (f) =>
        ctx.progress(0.1 + f * (0.9 - packShare - 0.1), 'Writing features'),
      );
      ctx.log('info', `${n} features written`);
    }
    await fs.mkdir(outDir, { recursive: true });
    let artifact: string;
    if (p.format === 'folder') {
      artifact = path.join(outDir, p.contentName);
      await fs.rename(content, artifact);
    } else {
      artifact = path.join(outDir, `${p.contentName}.${p.format}`);
      const total = (await listFiles(content)).reduce((s, f) => s + f.size, 0);
      let last = 0;
      await packFolder(content, artifact, p.format, (bytes) => {
        if (bytes - last < 1 << 20 && bytes < total) return;
        last = bytes;
        ctx.progress(1 - packShare + (bytes / Math.max(1, total)) * (packShare - 0.02), `Packing ${p.format}`);
      });
    }
    const sizeBytes = p.format === 'folder' ? (await listFiles(artifact)).reduce((s, f) => s + f.size, 0) : (await fs.stat(artifact)).size;
    const record: ExportRecord = { ...p.record, path: path.join(p.finalDir, path.basename(artifact)), sizeBytes };
    await fs.writeFile(path.join(outDir, 'export.json'), JSON.stringify(record, null, 2), { mode: 0o600 });
    await fsyncDir(outDir);
    await fs.rename(outDir, p.finalDir);
    await fsyncDir(path.dirname(p.finalDir));
    ctx.progress(1, 'Export written');
    return record;
  } finally {
    await fs.rm(p.stageDir, { recursive: true, force: true });
  }
}
