import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { FeatureAccumulator } from './accumulator';
import { META_LENGTH, META_PEAK, META_SAMPLE, META_START, META_WINDOW, SLOT_META_I32 } from './context-slots';
import { bandRange, HIST_BINS } from './histogram';
import { summarizeTopTokens } from './labels';
import {
  contextRecordBytes,
  CONTEXT_HEADER_I32,
  FEATURE_F64,
  FILES,
  GROUP_F64,
  type LabelsFile,
  type ResultManifest,
} from './result-format';
import type { RowExtremes } from './row-extremes';
import { fsyncDirSync } from '../../node-shared/fs/atomic';

/** Appends to a file through a 1 MiB buffer; close() fsyncs. */
class BufferedFile {
  private readonly fd: number;
  private readonly buf = new Uint8Array(1 << 20);
  private used = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) writeSync(this.fd, bytes);
    else {
      this.buf.set(bytes, this.used);
      this.used += bytes.length;
    }
  }

  private flush(): void {
    if (this.used) writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }

  close(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

const bytesOf = (a: Float64Array | Float32Array | Int32Array | Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function writeFileSynced(file: string, data: string | Uint8Array): void {
  const f = new BufferedFile(file);
  f.write(typeof data === 'string' ? new TextEncoder().encode(data) : data);
  f.close();
}

export interface ResultParts {
  acc: FeatureAccumulator;
  lens: { positive: RowExtremes; negative: RowExtremes };
  neighbours: RowExtremes;
  vocab: string[];
  /** The manifest minus what the writer counts (layout, buckets are filled in by the caller). */
  manifest: Omit<ResultManifest, 'layout'>;
}

/**
 * Writes a result folder's files (result-format.ts) into `dir` (the pass's `.partial-` folder),
 * each fsynced, the manifest last. The caller renames the folder into place.
 */
export function writeFeaturePass(dir: string, parts: ResultParts): ResultManifest {
  const { acc, lens, neighbours, vocab } = parts;
  const d = acc.dSae;
  const slots = acc.slots;
  const width = slots.width;
  const features = new BufferedFile(path.join(dir, FILES.features));
  const groups = new BufferedFile(path.join(dir, FILES.groups));
  const contexts = new BufferedFile(path.join(dir, FILES.contexts));
  const labels: LabelsFile = { suggestedLabel: [], topTokens: [] };
  const record = new ArrayBuffer(contextRecordBytes(width));
  const header = new Int32Array(record, 0, CONTEXT_HEADER_I32);
  const tokens = new Int32Array(record, CONTEXT_HEADER_I32 * 4, width);
  const acts = new Float32Array(record, (CONTEXT_HEADER_I32 + width) * 4, width);
  let nContexts = 0;
  let nGroups = 0;
  const writeContext = (slot: number): void => {
    const m = slot * SLOT_META_I32;
    header.set([
      slots.meta[m + META_WINDOW]!,
      slots.meta[m + META_PEAK]!,
      slots.meta[m + META_START]!,
      slots.meta[m + META_LENGTH]!,
      slots.meta[m + META_SAMPLE]!,
      0,
    ]);
    tokens.set(slots.tokens.subarray(slot * width, (slot + 1) * width));
    acts.set(slots.acts.subarray(slot * width, (slot + 1) * width));
    contexts.write(new Uint8Array(record));
    nContexts++;
  };
  const row = new Float64Array(FEATURE_F64);
  const group = new Float64Array(GROUP_F64);
  for (let j = 0; j < d; j++) {
    const top = acc.topSlots(j);
    const peaks = top.map(
      (s) => slots.tokens[s * width + (slots.meta[s * SLOT_META_I32 + META_PEAK]! - slots.meta[s * SLOT_META_I32 + META_START]!)]!,
    );
    const summary = summarizeTopTokens(peaks, vocab);
    labels.suggestedLabel.push(summary.suggestedLabel);
    labels.topTokens.push(summary.topTokens);
    const firstContext = nContexts;
    for (const s of top) writeContext(s);
    const bands = acc.quantileBands(j);
    const firstGroup = nGroups;
    for (const b of bands) {
      const r = bandRange(b.band);
      group.set([r.low, Number.isFinite(r.high) ? r.high : acc.max[j]!, b.population, nContexts, b.slots.length]);
      groups.write(bytesOf(group));
      nGroups++;
      for (const s of b.slots) writeContext(s);
    }
    row.set([acc.fireCount[j]!, acc.sum[j]!, acc.max[j]!, summary.proxy ?? NaN, firstContext, top.length, firstGroup, bands.length]);
    features.write(bytesOf(row));
  }
  features.close();
  groups.close();
  contexts.close();
  writeFileSynced(path.join(dir, FILES.histograms), bytesOf(acc.hist));
  const lensFile = new BufferedFile(path.join(dir, FILES.logitLens));
  const L = lens.positive.count;
  for (let j = 0; j < d; j++) {
    for (const side of [lens.positive, lens.negative]) {
      lensFile.write(bytesOf(side.indices.subarray(j * L, (j + 1) * L)));
      lensFile.write(bytesOf(side.values.subarray(j * L, (j + 1) * L)));
    }
  }
  lensFile.close();
  const nbFile = new BufferedFile(path.join(dir, FILES.neighbours));
  const N = neighbours.count;
  for (let j = 0; j < d; j++) {
    nbFile.write(bytesOf(neighbours.indices.subarray(j * N, (j + 1) * N)));
    nbFile.write(bytesOf(neighbours.values.subarray(j * N, (j + 1) * N)));
  }
  nbFile.close();
  writeFileSynced(path.join(dir, FILES.labels), JSON.stringify(labels));
  writeFileSynced(path.join(dir, FILES.vocab), JSON.stringify(vocab));
  const manifest: ResultManifest = {
    ...parts.manifest,
    layout: { contextWidth: width, logitLensTokens: L, neighbours: N, histogramBins: HIST_BINS, groups: nGroups, contexts: nContexts },
  };
  writeFileSynced(path.join(dir, FILES.manifest), JSON.stringify(manifest, null, 2));
  fsyncDirSync(dir);
  return manifest;
}
