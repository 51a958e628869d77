/**
 * Reads a dotted path such as "a.b.c" or "messages.0.content" (a number indexes an
 * array). Returns `undefined` where any step is missing.
 */
export function valueAtPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const step of path.split('.')) {
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(step)) return undefined;
      cur = cur[Number(step)];
    } else if (cur !== null && typeof cur === 'object') {
      if (!Object.prototype.hasOwnProperty.call(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    } else {
      return undefined;
    }
  }
  return cur;
}

export interface MetadataLimits {
  maxKeys: number;
  maxChars: number;
}

export const DEFAULT_METADATA_LIMITS: MetadataLimits = { maxKeys: 32, maxChars: 1024 };

/**
 * Keeps the scalar fields of a record (strings, finite numbers, booleans, null) as
 * metadata, bounded in keys and string length so a wide or huge row cannot bloat the DB.
 */
export function scalarMetadata(
  record: Record<string, unknown>,
  exclude: ReadonlySet<string>,
  limits: MetadataLimits,
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  let n = 0;
  for (const [key, value] of Object.entries(record)) {
    if (n >= limits.maxKeys) break;
    if (exclude.has(key)) continue;
    let kept: unknown;
    if (typeof value === 'string') kept = value.length > limits.maxChars ? value.slice(0, limits.maxChars) : value;
    else if (typeof value === 'number' && Number.isFinite(value)) kept = value;
    else if (typeof value === 'boolean' || value === null) kept = value;
    else if (typeof value === 'bigint') kept = Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    else continue;
    out ??= {};
    out[key] = kept;
    n++;
  }
  return out;
}

export function metadataLimits(opts: { maxMetadataKeys?: number; maxMetadataChars?: number }): MetadataLimits {
  return {
    maxKeys: opts.maxMetadataKeys ?? DEFAULT_METADATA_LIMITS.maxKeys,
    maxChars: opts.maxMetadataChars ?? DEFAULT_METADATA_LIMITS.maxChars,
  };
}

/** A split value as text, or undefined for a missing/empty one. */
export function splitValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return undefined;
}
