import { BadRowTally, readSamples } from './read';
import type { BadRowPolicy, DatasetFormat, RawSample, ReaderOptions } from './types';

/** Bytes as a named source, fed in small chunks so line/record boundaries straddle reads. */
export function bytesSource(name: string, data: string | Uint8Array, chunkBytes = 7) {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkBytes) yield bytes.subarray(i, i + chunkBytes);
  }
  return { name, chunks: chunks() };
}

/** Reads a whole in-memory source (tests only). */
export async function readAll(
  name: string,
  data: string | Uint8Array,
  format: DatasetFormat,
  opts: ReaderOptions = {},
  policy: BadRowPolicy = 'fail',
): Promise<{ samples: RawSample[]; tally: BadRowTally }> {
  const tally = new BadRowTally(policy);
  const samples: RawSample[] = [];
  for await (const s of readSamples(bytesSource(name, data), format, opts, tally.hooks())) samples.push(s);
  return { samples, tally };
}
