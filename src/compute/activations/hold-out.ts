import Database from 'better-sqlite3';
import type { HoldOut } from '../../shared/jobs/activations';
import type { ShardRow } from '../datasets/tokenize';

/**
 * Samples of held-out splits (validation, test) kept out of SAE training data, so the splice
 * evaluation — which reads those splits' text — measures the SAE on text it never saw.
 * A token window is left out when any of its segments comes from a held-out sample
 * (concatenated windows can straddle samples).
 */
export type { HoldOut };

/** Ordinals of the held-out samples (a read-only connection; only those ordinals are kept in memory). */
export function heldOutOrdinals(h: HoldOut): Set<number> {
  if (h.splits.length === 0) return new Set();
  const db = new Database(h.dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const q = db.prepare(`SELECT ordinal FROM dataset_samples WHERE dataset_id = ? AND split IN (${h.splits.map(() => '?').join(',')})`);
    const out = new Set<number>();
    for (const r of q.iterate(h.datasetId, ...h.splits) as IterableIterator<{ ordinal: number }>) out.add(r.ordinal);
    return out;
  } finally {
    db.close();
  }
}

export function touchesHeldOut(row: Pick<ShardRow, 'segments'>, heldOut: Set<number>): boolean {
  return heldOut.size > 0 && row.segments.some((s) => heldOut.has(s.sampleOrdinal));
}
