import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { densityBucketOf, type FeatureContext, type LogitLensEntry } from '../../shared/types/features';
import { trimmedHistogram } from './histogram';
import type { FeaturePassFeature, FeaturePassReader } from './protocol';
import {
  contextRecordBytes,
  CONTEXT_HEADER_I32,
  FEATURE_F64,
  FILES,
  GROUP_F64,
  type LabelsFile,
  type ResultManifest,
} from './result-format';
import { CodedError } from '../../shared/coded-error';

export class FeaturePassFormatError extends CodedError<'FEATURE_PASS_INVALID'> {
  constructor(message: string) {
    super('FEATURE_PASS_INVALID', message);
  }
}

/** Positional reads of fixed-size records from one file. */
class RecordFile {
  private readonly fd: number;
  constructor(
    readonly file: string,
    readonly recordBytes: number,
  ) {
    this.fd = openSync(file, 'r');
  }

  read(index: number, count = 1): ArrayBuffer {
    const buf = new ArrayBuffer(this.recordBytes * count);
    const got = readSync(this.fd, new Uint8Array(buf), 0, buf.byteLength, index * this.recordBytes);
    if (got !== buf.byteLength) throw new FeaturePassFormatError(`${this.file}: record ${index} (+${count}) is past the end of the file`);
    return buf;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Opens a finished feature-pass folder (result-format.ts) for main to load into SQLite:
 * synchronous (so one better-sqlite3 transaction can take every record), one feature read at a
 * time by positional reads. A folder without manifest.json is not a finished pass.
 */
export function openFeaturePass(dir: string): FeaturePassReader {
  let manifest: ResultManifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, FILES.manifest), 'utf8')) as ResultManifest;
  } catch (err) {
    throw new FeaturePassFormatError(
      `${dir}: no readable ${FILES.manifest} (${err instanceof Error ? err.message : String(err)}); not a finished feature pass`,
    );
  }
  if (manifest.format !== 'mistudio-feature-pass' || manifest.version !== 1)
    throw new FeaturePassFormatError(`${dir}: not a version-1 feature pass`);
  const { layout } = manifest;
  const vocab = JSON.parse(readFileSync(path.join(dir, FILES.vocab), 'utf8')) as string[];
  const labels = JSON.parse(readFileSync(path.join(dir, FILES.labels), 'utf8')) as LabelsFile;
  const W = layout.contextWidth;
  const L = layout.logitLensTokens;
  const N = layout.neighbours;
  const files = {
    features: new RecordFile(path.join(dir, FILES.features), FEATURE_F64 * 8),
    histograms: new RecordFile(path.join(dir, FILES.histograms), layout.histogramBins * 4),
    groups: new RecordFile(path.join(dir, FILES.groups), GROUP_F64 * 8),
    contexts: new RecordFile(path.join(dir, FILES.contexts), contextRecordBytes(W)),
    lens: new RecordFile(path.join(dir, FILES.logitLens), L * 16),
    neighbours: new RecordFile(path.join(dir, FILES.neighbours), N * 8),
  };
  const text = (id: number) => vocab[id] ?? `#${id}`;

  const contextAt = (index: number): FeatureContext => {
    const buf = files.contexts.read(index);
    const h = new Int32Array(buf, 0, CONTEXT_HEADER_I32);
    const [windowIndex, peakPosition, start, length, sample] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!];
    const tokenIds = Array.from(new Int32Array(buf, CONTEXT_HEADER_I32 * 4, length));
    const activations = Array.from(new Float32Array(buf, (CONTEXT_HEADER_I32 + W) * 4, length));
    const peakIndex = peakPosition - start;
    return {
      tokens: tokenIds.map(text),
      tokenIds,
      activations,
      peakIndex,
      peakActivation: activations[peakIndex] ?? 0,
      source: { datasetId: manifest.datasetId, sampleOrdinal: sample >= 0 ? sample : null, windowIndex, peakPosition },
    };
  };

  const lensSide = (buf: ArrayBuffer, at: number): LogitLensEntry[] => {
    const ids = new Int32Array(buf, at, L);
    const values = new Float32Array(buf, at + L * 4, L);
    const out: LogitLensEntry[] = [];
    for (let i = 0; i < L; i++) if (ids[i]! >= 0) out.push({ tokenId: ids[i]!, token: text(ids[i]!), value: values[i]! });
    return out;
  };

  const feature = (j: number): FeaturePassFeature => {
    if (!Number.isInteger(j) || j < 0 || j >= manifest.dSae)
      throw new FeaturePassFormatError(`feature ${j} is outside 0…${manifest.dSae - 1}`);
    const [fireCount, sum, max, proxy, firstContext, nTop, firstGroup, nGroups] = Array.from(
      new Float64Array(files.features.read(j)),
    ) as number[];
    const frequency = manifest.tokens > 0 ? fireCount! / manifest.tokens : 0;
    const top: FeatureContext[] = [];
    for (let c = 0; c < nTop!; c++) top.push(contextAt(firstContext! + c));
    const quantiles = [];
    if (nGroups! > 0) {
      const g = new Float64Array(files.groups.read(firstGroup!, nGroups!));
      for (let i = 0; i < nGroups!; i++) {
        const [low, high, population, first, count] = Array.from(g.subarray(i * GROUP_F64, (i + 1) * GROUP_F64)) as number[];
        const contexts: FeatureContext[] = [];
        for (let c = 0; c < count!; c++) contexts.push(contextAt(first! + c));
        quantiles.push({ low: low!, high: high!, population: population!, contexts });
      }
    }
    const lensBuf = files.lens.read(j);
    const nb = files.neighbours.read(j);
    const nbIds = new Int32Array(nb, 0, N);
    const nbCos = new Float32Array(nb, N * 4, N);
    const neighbours: { featureIndex: number; cosine: number }[] = [];
    for (let i = 0; i < N; i++) if (nbIds[i]! >= 0) neighbours.push({ featureIndex: nbIds[i]!, cosine: nbCos[i]! });
    return {
      featureIndex: j,
      firingCount: fireCount!,
      frequency,
      maxActivation: max!,
      meanActivation: fireCount! > 0 ? sum! / fireCount! : 0,
      proxy: Number.isNaN(proxy) ? null : proxy!,
      densityBucket: densityBucketOf(frequency),
      suggestedLabel: labels.suggestedLabel[j] ?? null,
      topTokens: labels.topTokens[j] ?? [],
      histogram: trimmedHistogram(new Uint32Array(files.histograms.read(j)), max!),
      logitLens: { positive: lensSide(lensBuf, 0), negative: lensSide(lensBuf, L * 8), finalNormScale: manifest.finalNormScale },
      neighbours,
      top,
      quantiles,
    };
  };

  return {
    summary: manifest,
    *features() {
      for (let j = 0; j < manifest.dSae; j++) yield feature(j);
    },
    feature,
    close() {
      for (const f of Object.values(files)) f.close();
    },
  };
}
