import path from 'node:path';
import type { OpenedDatabase } from './db/connection';
import { reclaimFreePages } from './db/space';
import type { dataPaths } from './paths';
import type { Logger } from './util/logger';
import { removePartialOutputs } from './storage/partial-outputs';
import { tightenDataDir } from './storage/private-files';

/**
 * Start-up hygiene, run while this process holds the data-dir lock and before any job
 * starts: modes tightened, partial outputs of killed jobs removed (docs/security.md).
 */
export async function prepareDataDir(paths: ReturnType<typeof dataPaths>, database: OpenedDatabase, log: Logger): Promise<void> {
  if (database.autoVacuum === 'vacuumed') log.info('turned on incremental vacuum for the database (a one-off VACUUM)');
  const tightened = tightenDataDir(paths.root);
  if (tightened) log.warn(`made ${tightened} files and folders under ${paths.root} private (owner only)`);
  const roots = [paths.datasets, paths.models, paths.activations, paths.saes, paths.exports, path.join(paths.root, 'hf-cache')];
  const cleanup = await removePartialOutputs(roots);
  for (const dir of cleanup.restored) log.warn(`restored ${dir}: a write was cut between its two renames`);
  if (cleanup.removed.length) {
    log.warn(
      `removed ${cleanup.removed.length} partial outputs left by jobs that did not finish (${cleanup.bytes} bytes): ${cleanup.removed.slice(0, 5).join(', ')}${cleanup.removed.length > 5 ? ', …' : ''}`,
    );
  }
}

/** How often an idle app looks for free pages to give back. */
const RECLAIM_EVERY_MS = 10 * 60 * 1000;

/** Gives free DB pages back after large deletes: on demand (a delete just happened) and every few minutes. */
export function startSpaceKeeper(database: OpenedDatabase, log: Logger): { check(reason: string): void; stop(): void } {
  const check = (reason: string) => {
    try {
      const r = reclaimFreePages(database.sqlite);
      if (r.reclaimedBytes > 0) log.info(`gave ${r.reclaimedBytes} bytes of free database pages back to the disk (${reason})`);
    } catch (err) {
      log.warn(`could not reclaim database space (${reason}): ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const timer = setInterval(() => check('periodic'), RECLAIM_EVERY_MS);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
