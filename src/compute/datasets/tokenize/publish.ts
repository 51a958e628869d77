import path from 'node:path';

/** Staging and publishing folders: one recipe for the app (src/node-shared/fs/atomic.ts). */
export { partialDirFor, publishDir } from '../../../node-shared/fs/atomic';

/** Where a dataset's tokenization lives: <dataDir>/datasets/<id>/tokens/<tokenizationHash>/. */
export function tokenShardDir(dataDir: string, datasetId: string, settingsHash: string): string {
  return path.join(dataDir, 'datasets', datasetId, 'tokens', settingsHash);
}
