import Database from 'better-sqlite3';
import type { DensityBucket, FeatureContext, FeatureHistogram, LogitLens, QuantileGroup } from '../../shared/types/features';
import type { FeaturePassFeature } from '../features/protocol';
import type { FeatureNotes } from './neuronpedia';

interface FeatureRow {
  feature_index: number;
  pass_id: string;
  label: string | null;
  notes: string | null;
  is_favorite: number;
  suggested_label: string | null;
  frequency: number;
  firing_count: number;
  max_activation: number;
  mean_activation: number;
  proxy: number | null;
  density_bucket: DensityBucket;
  top_tokens: string;
  histogram: string;
  logit_lens: string;
  neighbours: string;
  quantiles: string;
}

interface ExampleRow {
  group_index: number;
  peak_index: number;
  peak_activation: number;
  token_ids: Buffer;
  activations: Buffer;
  window_index: number;
  peak_position: number;
  sample_ordinal: number | null;
}

/** BLOB → typed array copy (SQLite BLOB buffers need not be aligned for a view). */
function blob<T extends Uint32Array | Float32Array>(b: Buffer, make: (n: number) => T): T {
  const out = make(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/**
 * Streams an SAE's features out of the app's database (read-only, from a worker): one feature with
 * its details and examples at a time, so an export never holds all of them. The SQL mirrors what
 * main's results loader writes (src/main/core/features/results-load.ts).
 */
export function* readSaeFeatures(dbPath: string, saeId: string): Generator<{ feature: FeaturePassFeature; notes: FeatureNotes }> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(
      `SELECT f.feature_index, f.pass_id, f.label, f.notes, f.is_favorite, f.suggested_label, f.frequency, f.firing_count, f.max_activation,
              f.mean_activation, f.proxy, f.density_bucket, f.top_tokens, d.histogram, d.logit_lens, d.neighbours, d.quantiles
       FROM features f JOIN feature_details d USING (sae_id, feature_index) WHERE f.sae_id = ? AND f.feature_index = ?`,
    );
    const examples = db.prepare(
      'SELECT group_index, peak_index, peak_activation, token_ids, activations, window_index, peak_position, sample_ordinal FROM feature_examples WHERE sae_id = ? AND feature_index = ? ORDER BY group_index, rank',
    );
    const tokenTextsOf = db.prepare('SELECT token_texts FROM feature_passes WHERE id = ?').pluck();
    const texts = new Map<string, Record<string, string>>();
    const textsOf = (passId: string) => {
      let t = texts.get(passId);
      if (!t) texts.set(passId, (t = JSON.parse((tokenTextsOf.get(passId) as string | null) ?? '{}') as Record<string, string>));
      return t;
    };
    // Indices first (ints, small), then one feature at a time: better-sqlite3 runs no statement while another iterates.
    const indices = db.prepare('SELECT feature_index FROM features WHERE sae_id = ? ORDER BY feature_index').pluck().all(saeId) as number[];
    for (const index of indices) {
      const r = rows.get(saeId, index) as FeatureRow | undefined;
      if (!r) continue;
      const tokenTexts = textsOf(r.pass_id);
      const quantiles: QuantileGroup[] = (JSON.parse(r.quantiles) as Omit<QuantileGroup, 'contexts'>[]).map((q) => ({
        ...q,
        contexts: [],
      }));
      const top: FeatureContext[] = [];
      for (const e of examples.all(saeId, r.feature_index) as ExampleRow[]) {
        const tokenIds = Array.from(blob(e.token_ids, (n) => new Uint32Array(n)));
        const c: FeatureContext = {
          tokens: tokenIds.map((id) => tokenTexts[id] ?? `#${id}`),
          tokenIds,
          activations: Array.from(blob(e.activations, (n) => new Float32Array(n))),
          peakIndex: e.peak_index,
          peakActivation: e.peak_activation,
          source: { datasetId: '', sampleOrdinal: e.sample_ordinal, windowIndex: e.window_index, peakPosition: e.peak_position },
        };
        if (e.group_index < 0) top.push(c);
        else quantiles[e.group_index]?.contexts.push(c);
      }
      yield {
        feature: {
          featureIndex: r.feature_index,
          firingCount: r.firing_count,
          frequency: r.frequency,
          maxActivation: r.max_activation,
          meanActivation: r.mean_activation,
          proxy: r.proxy,
          densityBucket: r.density_bucket,
          suggestedLabel: r.suggested_label,
          topTokens: JSON.parse(r.top_tokens) as string[],
          histogram: JSON.parse(r.histogram) as FeatureHistogram,
          logitLens: JSON.parse(r.logit_lens) as LogitLens,
          neighbours: JSON.parse(r.neighbours) as { featureIndex: number; cosine: number }[],
          top,
          quantiles,
        },
        notes: { label: r.label, notes: r.notes, isFavorite: r.is_favorite === 1 },
      };
    }
  } finally {
    db.close();
  }
}
