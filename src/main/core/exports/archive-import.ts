import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../../../shared/contract/errors';
import type { FeaturePassRecord } from '../../../shared/types/features';
import type { SaeRecord } from '../../../shared/types/saes';
import type { FeaturePassFeature } from '../../../compute/features/protocol';
import { fromNeuronpediaFeature, type FeatureNotes } from '../../../compute/exports/neuronpedia';
import type { FeaturesService } from '../features/service';
import type { SaesService } from '../saes/service';
import { newId } from '../util/ids';
import type { Logger } from '../util/logger';
import { inspectArchive, KNOWN, layoutName, type Inspected } from './archive-inspect';
import { walkArchive } from './archive-walk';
import { readFeatureLines } from './entry-checks';
import type { SaeFolderImporter } from './sae-folder-import';

/** Where an imported SAE keeps the training metrics and config its archive brought (saes/<id>/imported-training/). */
export const IMPORTED_TRAINING = 'imported-training';

/** The feature pass an export carried (feature-pass.json, written by the exports service). */
export interface ExportedPass {
  params: FeaturePassRecord['params'];
  progress: FeaturePassRecord['progress'];
  summary: NonNullable<FeaturePassRecord['summary']>;
  tokenTexts: Record<string, string>;
  completedAt: number | null;
}

const BATCH = 256;

/** Writes the archive's known files under `stage` (already checked by inspectArchive). */
async function extractKnown(file: string, stage: string, prefix: string): Promise<void> {
  const wanted = new Set<string>(Object.values(KNOWN));
  await walkArchive(file, async (entry, data) => {
    const name = layoutName(entry.name, prefix);
    if (!name || !wanted.has(name)) return;
    const to = path.join(stage, ...name.split('/'));
    await fs.mkdir(path.dirname(to), { recursive: true });
    await pipeline(data, createWriteStream(to, { mode: 0o600 }));
  });
}

export interface ArchiveImportDeps {
  saes: SaesService;
  features: FeaturesService;
  importFolder: SaeFolderImporter;
  saesDir: string;
  log: Logger;
}

/**
 * Imports an archive of ours as a new SAE (docs/interop-export.md "Archives"): checks it whole
 * first (inspectArchive writes nothing), unpacks its known files into a `*.partial-*` stage, hands
 * the SAELens folder to the folder importer, then loads features (batched transactions) and keeps
 * metrics.csv + config.json. Any failure after the SAE record exists deletes it again (its feature
 * rows go with it by cascade), so a damaged archive leaves nothing behind.
 */
export async function importArchive(d: ArchiveImportDeps, file: string, modelId: string, name: string | undefined): Promise<SaeRecord> {
  const inspected: Inspected = await inspectArchive(file);
  const stage = path.join(d.saesDir, `import.partial-${randomBytes(6).toString('hex')}`);
  let sae: SaeRecord | null = null;
  try {
    await fs.mkdir(stage, { recursive: true, mode: 0o700 });
    await extractKnown(file, stage, inspected.prefix);
    const pass = existsSync(path.join(stage, KNOWN.featurePass))
      ? (JSON.parse(await fs.readFile(path.join(stage, KNOWN.featurePass), 'utf8')) as ExportedPass)
      : null;
    // "(imported)" by default: the same archive re-imported beside its source must not look like it.
    const shownName = name ?? `${inspected.manifest?.owner.name ?? path.basename(file).replace(/\.(zip|tar\.gz)$/, '')} (imported)`;
    sae = await d.importFolder({ folder: path.join(stage, 'sae'), modelId, name: shownName, importedFrom: file, datasetId: null });
    if (pass && existsSync(path.join(stage, KNOWN.features))) await loadFeatures(d, sae, pass, path.join(stage, KNOWN.features));
    const training = path.join(d.saes.dir(sae.id), IMPORTED_TRAINING);
    for (const f of [KNOWN.metrics, KNOWN.config]) {
      if (!existsSync(path.join(stage, f))) continue;
      await fs.mkdir(training, { recursive: true });
      await fs.rename(path.join(stage, f), path.join(training, f));
    }
    d.log.info(`imported ${file} as SAE "${sae.name}" (${inspected.parts.join(', ')})`);
    d.saes.changed(sae.id);
    return d.saes.get(sae.id);
  } catch (err) {
    if (sae) await d.saes.delete(sae.id).catch(() => undefined);
    throw err instanceof ApiError
      ? err
      : new ApiError('IO', `Importing ${file} failed (${err instanceof Error ? err.message : String(err)}); nothing was kept.`);
  } finally {
    await fs.rm(stage, { recursive: true, force: true });
  }
}

async function loadFeatures(d: ArchiveImportDeps, sae: SaeRecord, pass: ExportedPass, file: string): Promise<void> {
  const passId = newId('fp');
  const datasetId = sae.datasetId ?? pass.params.datasetId;
  const now = Date.now();
  const tokenTexts: Record<string, string> = { ...pass.tokenTexts };
  d.features.passes.insert({
    id: passId,
    saeId: sae.id,
    status: 'running',
    params: { ...pass.params, saeId: sae.id, datasetId },
    progress: pass.progress,
    createdAt: now,
    startedAt: now,
  });
  let batch: { feature: FeaturePassFeature; notes: FeatureNotes }[] = [];
  const flush = () => {
    const rows = batch;
    batch = [];
    d.features.importFeatures(sae.id, passId, rows, tokenTexts);
  };
  await readFeatureLines(KNOWN.features, createReadStream(file), (f) => {
    batch.push(fromNeuronpediaFeature(f, datasetId));
    if (batch.length >= BATCH) flush();
  });
  flush();
  d.features.passes.update(passId, { status: 'completed', summary: pass.summary, tokenTexts, completedAt: pass.completedAt ?? now });
  d.features.afterImport(sae.id);
}
