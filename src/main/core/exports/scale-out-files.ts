import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ExportRecord, ScaleOutResult, ScaleOutTarget } from '../../../shared/types/exports';
import type { TrainingRecord } from '../../../shared/types/training';
import type { DatasetsService } from '../datasets/service';
import type { ModelsService } from '../models/service';
import { writeFileAtomic } from '../util/atomic-write';
import { folderBytes } from '../util/folder-size';
import { datasetHubId } from './export-config';
import { scaleOut, type ScaleOutInput } from './scale-out';

/** The run's settings as the script generators take them. */
export function scaleOutInput(
  t: TrainingRecord,
  models: ModelsService,
  datasets: DatasetsService,
): { input: ScaleOutInput; datasetId: string | null } {
  const m = t.modelId ? (models.store.get(t.modelId) ?? null) : null;
  const d = t.datasetId ? (datasets.store.get(t.datasetId) ?? null) : null;
  const hub = datasetHubId(d);
  const tok = d?.tokenization?.settings;
  return {
    input: {
      runName: t.name,
      model: m?.repoId ?? m?.name ?? t.modelName ?? 'unknown-model',
      modelIsHubId: !!m?.repoId,
      hook: t.hook,
      dIn: t.dIn,
      dataset: hub ? { path: hub, onHub: true } : { path: './dataset', onHub: false },
      contextSize: tok?.contextSize ?? 128,
      prependBos: tok?.prependBos ?? true,
      hp: t.hyperparameters,
      checkpointEvery: t.config.checkpointEvery,
      metricsEvery: t.config.metricsEvery,
      evalEvery: t.config.evalEvery,
      evalTokens: t.config.evalTokens,
    },
    datasetId: hub ? null : (d?.id ?? null),
  };
}

/**
 * Writes a scale-out export: the script, and — when the dataset is not on the hub — its text as
 * dataset/train.jsonl beside it (one {"text": …} per line, streamed in pages from the database).
 * Staged as exports/<id>.partial-* and renamed whole.
 */
export async function writeScaleOut(a: {
  training: TrainingRecord;
  target: ScaleOutTarget;
  id: string;
  exportsDir: string;
  models: ModelsService;
  datasets: DatasetsService;
}): Promise<ScaleOutResult> {
  const { input, datasetId } = scaleOutInput(a.training, a.models, a.datasets);
  const script = scaleOut(a.target, input);
  const stage = path.join(a.exportsDir, `${a.id}.partial-${randomBytes(6).toString('hex')}`);
  const final = path.join(a.exportsDir, a.id);
  try {
    await fs.mkdir(stage, { recursive: true, mode: 0o700 });
    await fs.writeFile(path.join(stage, script.fileName), script.text, { mode: 0o700 });
    if (datasetId) {
      await fs.mkdir(path.join(stage, 'dataset'));
      const h = await fs.open(path.join(stage, 'dataset', 'train.jsonl'), 'w', 0o600);
      try {
        const splits = a.datasets.store.get(datasetId)?.splits ?? {};
        const split = 'train' in splits ? 'train' : undefined;
        for (let offset = 0; ; offset += 1000) {
          const page = a.datasets.store.samples({ id: datasetId, ...(split ? { split } : {}), offset, limit: 1000 });
          if (!page.items.length) break;
          await h.write(`${page.items.map((s) => JSON.stringify({ text: s.text })).join('\n')}\n`);
        }
      } finally {
        await h.close();
      }
    }
    const rec: ExportRecord = {
      id: a.id,
      owner: { kind: 'training', id: a.training.id, name: a.training.name },
      format: 'script',
      parts: [a.target],
      path: path.join(final, script.fileName),
      sizeBytes: await folderBytes(stage),
      createdAt: Date.now(),
    };
    await writeFileAtomic(path.join(stage, 'export.json'), JSON.stringify(rec, null, 2));
    await fs.rename(stage, final);
    return { export: rec, fileName: script.fileName, text: script.text, unmapped: script.unmapped };
  } catch (err) {
    await fs.rm(stage, { recursive: true, force: true });
    throw err;
  }
}
