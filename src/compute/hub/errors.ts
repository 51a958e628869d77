/**
 * Hub errors a researcher can act on. Each carries a `code` (the worker harness
 * forwards it to the job row) and never the token: messages and details name the
 * repo, revision, file and HTTP status only.
 */
import { CodedError } from '../../shared/coded-error';
export type HubErrorCode =
  | 'GATED' // 401/403 on a gated or private repo
  | 'NOT_FOUND' // repo, revision or file
  | 'OFFLINE' // hub unreachable and nothing usable cached
  | 'NETWORK' // connection lost mid-transfer (the .part stays for resume)
  | 'BUSY' // another job is downloading the same file right now
  | 'ABORTED' // cancelled through the AbortSignal (the .part stays for resume)
  | 'SIZE_MISMATCH'
  | 'CHECKSUM_MISMATCH'
  | 'NOT_ONNX_REPO' // no onnx/model*.onnx or no config/tokenizer: not transformers.js layout
  | 'DTYPE_UNAVAILABLE' // the repo has no weights for the requested dtype
  | 'BAD_RESPONSE' // the hub answered something we cannot parse
  | 'BAD_REPO_ID' // not "owner/name", or a path that would leave the cache
  | `HTTP_${number}`;

export class HubError extends CodedError<HubErrorCode> {
  declare readonly details: Record<string, unknown> | undefined;
}

export function isHubError(err: unknown, code?: HubErrorCode): err is HubError {
  return err instanceof HubError && (code === undefined || err.code === code);
}

/** What the failed request was after, to word the message. */
export interface RequestSubject {
  repo: string; // "owner/name"
  kind: 'model' | 'dataset';
  revision: string;
  file?: string; // path inside the repo, for downloads
  hasToken: boolean;
}

/**
 * Map a non-2xx hub answer to a HubError. The hub says more in `X-Error-Code`
 * (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo); note that it answers
 * 401 for a repo that does not exist (or is private) when no token is sent.
 */
export function errorForStatus(status: number, xErrorCode: string | null, s: RequestSubject): HubError {
  const where = `${s.kind} ${s.repo}`;
  const details = { status, repo: s.repo, revision: s.revision, ...(s.file ? { file: s.file } : {}) };
  if (xErrorCode === 'RepoNotFound' || (status === 404 && !xErrorCode && !s.file)) {
    const hint = s.hasToken ? '' : ' (if it is private, set a token in Settings)';
    return new HubError('NOT_FOUND', `${where} not found on the hub${hint}`, details);
  }
  if (xErrorCode === 'RevisionNotFound') {
    return new HubError('NOT_FOUND', `revision "${s.revision}" not found in ${where}`, details);
  }
  if (xErrorCode === 'EntryNotFound' || status === 404) {
    return new HubError('NOT_FOUND', `${s.file ?? 'file'} not found in ${where} at revision "${s.revision}"`, details);
  }
  if (status === 401 || status === 403 || xErrorCode === 'GatedRepo') {
    const msg = s.hasToken
      ? `${where} is gated and the token set in Settings has no access (HTTP ${status}): accept its licence on huggingface.co with the account that owns the token, or set another token`
      : `${where} is gated: accept its licence on huggingface.co and set a token in Settings`;
    return new HubError('GATED', msg, { ...details, tokenSent: s.hasToken });
  }
  if (status === 429) {
    return new HubError('HTTP_429', `the hub is rate-limiting requests for ${where}; wait a minute and retry`, details);
  }
  return new HubError(`HTTP_${status}`, `the hub answered HTTP ${status} for ${where}${s.file ? ` file ${s.file}` : ''}`, details);
}

/** Node's fetch throws TypeError('fetch failed') with a system error in `cause`. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** True when the error is "could not talk to the server" rather than an HTTP answer. */
export function isNetworkError(err: unknown): boolean {
  if (err instanceof HubError) return err.code === 'NETWORK' || err.code === 'OFFLINE';
  if (!(err instanceof Error)) return false;
  const cause = (err as { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' ? (cause as { code?: unknown }).code : (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNREACHABLE.has(code)) return true;
  return err.name === 'TypeError' && /fetch failed|terminated|other side closed/i.test(err.message);
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || (err instanceof HubError && err.code === 'ABORTED'));
}
