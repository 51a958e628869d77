/**
 * A lock file beside a download (`<dest>.lock`) so two jobs — possibly in two worker
 * threads of the io pool — never write the same .part at once. The holder touches it
 * every 5 s; a lock untouched for 30 s belongs to a dead job and is taken over.
 */
import { promises as fs } from 'node:fs';
import { HubError } from './errors';

const HEARTBEAT_MS = 5_000;
const STALE_MS = 30_000;

export interface FileLock {
  release(): Promise<void>;
}

export async function lockDownload(dest: string, what: string): Promise<FileLock> {
  const lock = `${dest}.lock`;
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await fs.open(lock, 'wx');
      await handle.close();
      const timer = setInterval(() => {
        const now = new Date();
        fs.utimes(lock, now, now).catch(() => undefined); // best effort: a missed beat only risks a takeover after 30 s
      }, HEARTBEAT_MS);
      timer.unref();
      return {
        release: async () => {
          clearInterval(timer);
          await fs.rm(lock, { force: true });
        },
      };
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
      const stat = await fs.stat(lock).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs < STALE_MS) break;
      await fs.rm(lock, { force: true }); // stale (or just released): take it over
    }
  }
  throw new HubError('BUSY', `${what} is being downloaded by another job; wait for it to finish, then run again`, { file: what });
}
