import { randomBytes } from 'node:crypto';

/** Random 16-char base32-ish id, prefixed by what it names ("job_…"), sortable enough by createdAt. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').slice(0, 14)}`;
}
