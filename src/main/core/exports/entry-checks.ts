import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors';
import { DENSITY_BUCKETS } from '../../../shared/types/features';
import type { NeuronpediaFeature } from '../../../compute/exports/neuronpedia';

/** What each known file of an export must look like; a file that is not refuses the whole archive. */
const bad = (name: string, why: string) => new ApiError('VALIDATION', `${name} in the archive is not valid: ${why}. Nothing was written.`);

/** Reads a small entry whole, refusing one larger than `max` bytes. */
export async function readSmall(name: string, data: Readable, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of data as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > max) throw bad(name, `it is larger than ${max} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw bad(name, `not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

export interface SafetensorsShape {
  tensors: Record<string, { dtype: string; shape: number[] }>;
  bytes: number;
}

type SafetensorsHeader = Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2 };
const MAX_HEADER = 100 * 2 ** 20;

/**
 * Checks a safetensors file as it streams past: the 8-byte header length, the JSON header, every
 * tensor's byte span against dtype × shape, and the spans against the file's real length (a header
 * lying about offsets, or a truncated file, is refused).
 */
export async function checkSafetensors(name: string, data: Readable, declaredBytes: number): Promise<SafetensorsShape> {
  let head = Buffer.alloc(0);
  let total = 0;
  let header: SafetensorsHeader | null = null;
  let headerLen = -1;
  for await (const c of data as AsyncIterable<Buffer>) {
    total += c.length;
    if (header) continue;
    head = Buffer.concat([head, c]);
    if (headerLen < 0 && head.length >= 8) {
      const n = head.readBigUInt64LE(0);
      if (n > BigInt(MAX_HEADER)) throw bad(name, `its header claims ${n} bytes`);
      headerLen = Number(n);
    }
    if (headerLen >= 0 && head.length >= 8 + headerLen) {
      header = parseJson(name, head.subarray(8, 8 + headerLen).toString('utf8')) as SafetensorsHeader;
      head = Buffer.alloc(0);
    }
  }
  if (!header || typeof header !== 'object') throw bad(name, 'it ends before its header does (truncated)');
  if (total !== declaredBytes) throw bad(name, `it holds ${total} bytes but the archive says ${declaredBytes}`);
  const dataBytes = total - 8 - headerLen;
  const tensors: SafetensorsShape['tensors'] = {};
  let end = 0;
  for (const [key, t] of Object.entries(header)) {
    if (key === '__metadata__') continue;
    const size = DTYPE_BYTES[t.dtype];
    if (!size) throw bad(name, `tensor ${key} has dtype ${t.dtype}; F32, F16 and BF16 are read`);
    const [a, b] = t.data_offsets ?? [];
    if (!Array.isArray(t.shape) || !Number.isInteger(a) || !Number.isInteger(b) || a! > b!)
      throw bad(name, `tensor ${key} has no valid shape / data_offsets`);
    if (b! - a! !== t.shape.reduce((p, d) => p * d, 1) * size)
      throw bad(name, `tensor ${key}: ${b! - a!} bytes for shape [${t.shape.join(', ')}] of ${t.dtype}`);
    if (b! > dataBytes)
      throw bad(name, `tensor ${key} ends at byte ${b} of ${dataBytes} data bytes (truncated, or the header lies about offsets)`);
    end = Math.max(end, b!);
    tensors[key] = { dtype: t.dtype, shape: t.shape };
  }
  if (end !== dataBytes) throw bad(name, `${dataBytes - end} bytes after the last tensor`);
  return { tensors, bytes: total };
}

const num = z.number();
const context = z.object({
  tokens: z.array(z.string()),
  values: z.array(num),
  maxValue: num,
  maxValueTokenIndex: z.number().int().min(0),
  binMin: num,
  binMax: num,
  binContains: num,
  tokenIds: z.array(z.number().int().min(0)),
  group: z.number().int().min(-1),
  windowIndex: z.number().int().min(0),
  peakPosition: z.number().int().min(0),
  sampleOrdinal: z.number().int().nullable(),
});
const logitEntry = z.object({ tokenId: z.number().int(), token: z.string(), value: num });
/** One line of features.json (src/compute/exports/neuronpedia.ts); extra Neuronpedia fields pass. */
export const featureLineSchema = z.object({
  index: z.string().regex(/^\d+$/),
  maxActApprox: num,
  frac_nonzero: num.min(0).max(1),
  topkCosSimIndices: z.array(z.number().int().min(0)),
  topkCosSimValues: z.array(num),
  activations: z.array(context),
  mistudio: z.object({
    label: z.string().nullable(),
    notes: z.string().nullable(),
    isFavorite: z.boolean(),
    suggestedLabel: z.string().nullable(),
    firingCount: z.number().int().min(0),
    meanActivation: num,
    proxy: num.nullable(),
    densityBucket: z.enum(DENSITY_BUCKETS),
    topTokens: z.array(z.string()),
    histogram: z.object({ edges: z.array(num), counts: z.array(num) }),
    logitLens: z.object({ positive: z.array(logitEntry), negative: z.array(logitEntry), finalNormScale: z.string().nullable() }),
    quantiles: z.array(z.object({ low: num, high: num, population: num })),
  }),
});

/**
 * features.json as we write it: `[`, one feature per line (comma-ended but the last), `]`. Each line
 * is parsed and checked on its own, so a large file streams; `onFeature` sees each one.
 */
export async function readFeatureLines(
  name: string,
  data: Readable,
  onFeature: (f: NeuronpediaFeature, line: number) => void | Promise<void>,
): Promise<number> {
  const lines = createInterface({ input: data, crlfDelay: Infinity });
  let n = 0;
  let line = 0;
  let closed = false;
  for await (const raw of lines) {
    line++;
    const t = raw.trim();
    if (line === 1) {
      if (t !== '[') throw bad(name, 'it does not start with "[" on its own line (not a miStudio features export)');
      continue;
    }
    if (t === ']') {
      closed = true;
      continue;
    }
    if (t === '') continue;
    if (closed) throw bad(name, `text after the closing "]" (line ${line})`);
    const parsed = featureLineSchema.safeParse(parseJson(`${name} line ${line}`, t.endsWith(',') ? t.slice(0, -1) : t));
    if (!parsed.success)
      throw bad(
        name,
        `line ${line}: ${parsed.error.issues
          .slice(0, 2)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    await onFeature(parsed.data as NeuronpediaFeature, line);
    n++;
  }
  if (!closed) throw bad(name, 'it ends before its closing "]" (truncated)');
  return n;
}
