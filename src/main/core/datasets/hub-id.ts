import type { DatasetRecord } from '../../../shared/types/datasets';

/** A hub dataset's repo id ("owner/name") from its source ref; null for local and bundled datasets. */
export function datasetHubId(d: DatasetRecord | null): string | null {
  if (d?.source !== 'hf' || !d.sourceRef) return null;
  return d.sourceRef.split('/').slice(0, 2).join('/');
}
