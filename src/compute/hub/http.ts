/**
 * One GET against the hub, following redirects ourselves so the token goes only to
 * the hub's own origin: the real hub 302s file downloads to a CDN with a signed URL,
 * and a bearer token must not leak there.
 */
import { HubError, isNetworkError } from './errors';

export interface HttpConfig {
  /** Hub base URL, e.g. https://huggingface.co (no trailing slash). */
  endpoint: string;
  token: string | undefined;
  fetchImpl: typeof fetch;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 8;

export interface GetOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function abortedError(what: string): HubError {
  return new HubError('ABORTED', `${what} was cancelled`);
}

/**
 * GET `url`, following up to 8 redirects. Returns the final response (any status;
 * the caller maps errors since it knows what was asked for). Throws HubError
 * OFFLINE when the server cannot be reached at all, ABORTED on abort.
 */
export async function hubGet(cfg: HttpConfig, url: string, opts: GetOptions = {}): Promise<Response> {
  const hubOrigin = new URL(cfg.endpoint).origin;
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = { ...opts.headers };
    if (cfg.token && current.origin === hubOrigin) headers.authorization = `Bearer ${cfg.token}`;
    let res: Response;
    try {
      res = await cfg.fetchImpl(current, { headers, redirect: 'manual', ...(opts.signal ? { signal: opts.signal } : {}) });
    } catch (err) {
      if (opts.signal?.aborted) throw abortedError(`request to ${current.host}`);
      if (isNetworkError(err)) {
        const cause = (err as { cause?: { code?: unknown } }).cause;
        throw new HubError('OFFLINE', `cannot reach ${current.host}`, {
          host: current.host,
          ...(typeof cause?.code === 'string' ? { cause: cause.code } : {}),
        });
      }
      throw err;
    }
    const location = res.headers.get('location');
    if (!REDIRECTS.has(res.status) || !location) return res;
    await res.body?.cancel();
    current = new URL(location, current); // the hub also sends relative Locations
  }
  throw new HubError('BAD_RESPONSE', `too many redirects fetching ${new URL(url).pathname}`);
}

/** GET JSON from the hub; non-2xx answers are returned to `onError` to map. */
export async function hubGetJson(
  cfg: HttpConfig,
  url: string,
  onError: (status: number, xErrorCode: string | null) => HubError,
  signal?: AbortSignal,
): Promise<unknown> {
  const res = await hubGet(cfg, url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  if (!res.ok) {
    await res.body?.cancel();
    throw onError(res.status, res.headers.get('x-error-code'));
  }
  try {
    return await res.json();
  } catch {
    throw new HubError('BAD_RESPONSE', `the hub answered ${new URL(url).pathname} with something that is not JSON`);
  }
}
