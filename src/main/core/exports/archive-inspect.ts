import { ApiError } from '../../../shared/contract/errors';
import { EXPORT_LAYOUT, type ArchiveInspection, type ExportManifest, type ExportPart } from '../../../shared/types/exports';
import { SAE_CFG_FILENAME, SAE_WEIGHTS_FILENAME } from '../../../compute/sae/saelens-format';
import { walkArchive, type ArchiveLimits, ARCHIVE_LIMITS } from './archive-walk';
import { checkSafetensors, parseJson, readFeatureLines, readSmall, type SafetensorsShape } from './entry-checks';
import { parseMetricsCsv } from './metrics-csv';

const MiB = 2 ** 20;
/** Archive paths of the files an import reads (relative to the export's root). */
export const KNOWN = {
  cfg: `${EXPORT_LAYOUT.sae}/${SAE_CFG_FILENAME}`,
  weights: `${EXPORT_LAYOUT.sae}/${SAE_WEIGHTS_FILENAME}`,
  features: EXPORT_LAYOUT.features,
  featurePass: EXPORT_LAYOUT.featurePass,
  metrics: EXPORT_LAYOUT.metrics,
  config: EXPORT_LAYOUT.config,
  manifest: EXPORT_LAYOUT.manifest,
} as const;
const TOP_LEVEL = new Set(Object.values(KNOWN).map((k) => k.split('/')[0]));

/** Where an entry sits in our layout: archives may wrap it in one folder (a re-zipped export folder). */
export function layoutName(name: string, prefix: string): string | null {
  if (!prefix) return name;
  return name.startsWith(`${prefix}/`) ? name.slice(prefix.length + 1) : null;
}
export function prefixOf(firstName: string): string {
  const first = firstName.split('/')[0]!;
  return firstName.includes('/') && !TOP_LEVEL.has(first) ? first : '';
}

export interface Inspected extends ArchiveInspection {
  prefix: string;
  cfg: Record<string, unknown>;
  featureCount: number;
}

/**
 * Reads the whole archive once, checking every file an import would use (names, sizes, cfg.json,
 * the safetensors header against the bytes that follow, every line of features.json, metrics.csv),
 * and writes nothing. An import runs this first, so a damaged archive never leaves a partial SAE.
 */
export async function inspectArchive(file: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<Inspected> {
  let prefix: string | null = null;
  let cfg: Record<string, unknown> | null = null;
  let weights: SafetensorsShape | null = null;
  let manifest: ExportManifest | null = null;
  let featureCount = -1;
  let maxIndex = -1;
  let hasPass = false;
  let metrics = false;
  let config = false;
  const walk = await walkArchive(
    file,
    async (entry, data) => {
      prefix ??= prefixOf(entry.name);
      const name = layoutName(entry.name, prefix);
      if (name === KNOWN.cfg) cfg = parseJson(name, await readSmall(name, data, MiB)) as Record<string, unknown>;
      else if (name === KNOWN.weights) weights = await checkSafetensors(name, data, entry.sizeBytes);
      else if (name === KNOWN.manifest) manifest = parseJson(name, await readSmall(name, data, MiB)) as ExportManifest;
      else if (name === KNOWN.featurePass) hasPass = !!parseJson(name, await readSmall(name, data, 64 * MiB));
      else if (name === KNOWN.config) config = !!parseJson(name, await readSmall(name, data, 16 * MiB));
      else if (name === KNOWN.metrics) metrics = parseMetricsCsv(await readSmall(name, data, 64 * MiB)) !== null;
      else if (name === KNOWN.features) {
        const seen = new Set<number>();
        featureCount = await readFeatureLines(name, data, (f, line) => {
          const i = Number(f.index);
          if (seen.has(i)) throw new ApiError('VALIDATION', `${name} line ${line}: feature ${i} appears twice. Nothing was written.`);
          seen.add(i);
          maxIndex = Math.max(maxIndex, i);
        });
      }
    },
    limits,
  );
  const no = (why: string) => new ApiError('VALIDATION', `${file} cannot be imported: ${why}. Nothing was written.`);
  const c = cfg as Record<string, unknown> | null;
  const w = weights as SafetensorsShape | null;
  if (!c || !w) throw no(`it holds no SAELens folder (${KNOWN.cfg} and ${KNOWN.weights}); is it a miStudio export with the SAE part?`);
  const dIn = c.d_in;
  const dSae = c.d_sae;
  const hook = typeof c.hook_name === 'string' ? c.hook_name : null;
  if (!Number.isInteger(dIn) || !Number.isInteger(dSae) || !hook) throw no(`${KNOWN.cfg} needs integer d_in and d_sae and a hook_name`);
  const expect: Record<string, number[]> = {
    W_enc: [dIn as number, dSae as number],
    b_enc: [dSae as number],
    W_dec: [dSae as number, dIn as number],
    b_dec: [dIn as number],
  };
  for (const [k, shape] of Object.entries(expect)) {
    const got = w.tensors[k]?.shape;
    if (!got) throw no(`${KNOWN.weights} has no tensor ${k}`);
    if (got.join(',') !== shape.join(','))
      throw no(`${KNOWN.weights}: ${k} has shape [${got.join(', ')}], cfg.json says [${shape.join(', ')}]`);
  }
  if (featureCount >= 0 && !hasPass) throw no(`${KNOWN.features} comes without ${KNOWN.featurePass}`);
  if (maxIndex >= (dSae as number)) throw no(`${KNOWN.features} has feature ${maxIndex}, past d_sae ${String(dSae)}`);
  const parts: ExportPart[] = [
    'sae',
    ...(featureCount >= 0 ? (['features'] as const) : []),
    ...(metrics ? (['metrics'] as const) : []),
    ...(config ? (['config'] as const) : []),
  ];
  const m = manifest as ExportManifest | null;
  return {
    path: file,
    kind: walk.kind,
    sizeBytes: walk.sizeBytes,
    unpackedBytes: walk.unpackedBytes,
    entries: walk.entries,
    parts,
    manifest: m?.format === 'mistudio-export' ? m : null,
    sae: {
      hook,
      dIn: dIn as number,
      dSae: dSae as number,
      architecture: typeof c.architecture === 'string' ? c.architecture : 'standard',
      modelName: typeof c.model_name === 'string' ? c.model_name : null,
    },
    prefix: prefix ?? '',
    cfg: c,
    featureCount: Math.max(0, featureCount),
  };
}
