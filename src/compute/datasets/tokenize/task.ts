import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../node-shared/fs/atomic';
import type { TaskContext } from '../../runtime/context';
import { loadDatasetTokenizer } from './dataset-tokenizer';
import { MANIFEST_FILE, type TokenShardManifest } from './manifest';
import { partialDirFor, publishDir } from './publish';
import { createRowSink } from './row-sink';
import { SampleReader, TokenCountWriter } from './sample-source';
import { parseTokenizationSettings, tokenizationHash, type TokenizationSettingsInput } from './settings';
import { TokenShardWriter } from './shard-writer';

export interface TokenizeDatasetParams {
  datasetId: string;
  /** The app's SQLite file (mistudio.db). */
  dbPath: string;
  /** transformers.js-layout model folder holding tokenizer.json + tokenizer_config.json. */
  modelDir: string;
  settings: TokenizationSettingsInput;
  /** datasets/<id>/tokens/<tokenizationHash>/ — written under a temp name, renamed into place. */
  outDir: string;
  /** Tokens per shard (default 16 Mi = 64 MB of uint32). */
  shardTokens?: number;
  /** Samples between progress reports and pause/cancel checks (default 256). */
  checkpointEvery?: number;
  /** Write dataset_samples.token_count (default true). */
  updateTokenCounts?: boolean;
}

export interface TokenizeDatasetResult {
  path: string;
  settingsHash: string;
  totals: TokenShardManifest['totals'];
  shards: number;
  vocabSize: number;
  tokenizerName: string;
}

const DEFAULT_SHARD_TOKENS = 16 * 1024 * 1024;

/**
 * Tokenizes a dataset into token shards (see manifest.ts for the layout). Samples stream from
 * SQLite in ordinal order; memory holds one window (concat_chunk) or one padding batch
 * (per_sample) plus the 4 MiB write buffers. The manifest is written last, inside a temp folder
 * that is then renamed into place; a failure or cancel removes the temp folder, so `outDir`
 * never looks complete unless it is.
 *
 * dataset_samples.token_count gets each sample's *untruncated, unpadded* token count under this
 * tokenizer (per_sample: content plus the special tokens `addSpecialTokens` adds; concat_chunk:
 * content only) — a property of the text and tokenizer, so it stays right whatever window or
 * truncation settings come later, and a cancelled run leaves only correct counts behind.
 */
export async function tokenizeDatasetTask(p: TokenizeDatasetParams, ctx: TaskContext): Promise<TokenizeDatasetResult> {
  const settings = parseTokenizationSettings(p.settings);
  const tok = loadDatasetTokenizer(p.modelDir);
  const settingsHash = tokenizationHash(settings, tok.name);
  const every = p.checkpointEvery ?? 256;
  const reader = new SampleReader(p.dbPath, p.datasetId);
  const counts = p.updateTokenCounts === false ? null : new TokenCountWriter(p.dbPath);
  const tempDir = partialDirFor(p.outDir);
  let writer: TokenShardWriter | null = null;
  try {
    await fs.mkdir(tempDir, { recursive: true });
    const shardWriter = new TokenShardWriter(tempDir, p.shardTokens ?? DEFAULT_SHARD_TOKENS);
    writer = shardWriter;
    const sink = createRowSink(settings, tok, (row) => shardWriter.write(row));
    ctx.progress(0, `Tokenizing ${reader.count} samples with ${tok.name}`);
    ctx.log('info', `tokenizer engine: ${tok.engine.name} (${tok.engine.reason})`);
    let done = 0;
    for (const s of reader.iterate()) {
      const sample = { ordinal: s.ordinal, content: tok.encodeContent(s.text) };
      sink.add(sample);
      counts?.set(s.id, sink.sampleTokenCount(sample));
      done += 1;
      if (done % every === 0) {
        ctx.progress(reader.count ? (0.98 * done) / reader.count : 0, `${done} / ${reader.count} samples`);
        await ctx.checkpoint();
      }
    }
    sink.finish();
    counts?.flush();
    const shards = shardWriter.finish();
    await ctx.checkpoint();
    const manifest: TokenShardManifest = {
      format: 'mistudio-token-shards',
      version: 1,
      datasetId: p.datasetId,
      createdAt: Date.now(),
      mode: settings.mode,
      contextSize: settings.mode === 'concat_chunk' ? settings.contextSize : null,
      settings,
      settingsHash,
      tokenizer: {
        name: tok.name,
        modelDir: p.modelDir,
        tokenizerClass: tok.tokenizerClass,
        vocabSize: tok.vocabSize,
        bosTokenId: tok.tokenizer.bosTokenId,
        eosTokenId: tok.tokenizer.eosTokenId,
        padTokenId: tok.tokenizer.padTokenId,
        engine: tok.engine,
      },
      specialTokens: sink.specialTokens,
      totals: { samples: done, ...sink.totals },
      dtype: 'uint32le',
      shards,
    };
    await writeFileAtomic(path.join(tempDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await publishDir(tempDir, p.outDir);
    ctx.progress(1, `${manifest.totals.rows} rows, ${manifest.totals.tokens} tokens in ${shards.length} shard(s)`);
    return {
      path: p.outDir,
      settingsHash,
      totals: manifest.totals,
      shards: shards.length,
      vocabSize: tok.vocabSize,
      tokenizerName: tok.name,
    };
  } catch (err) {
    writer?.abort();
    await fs.rm(tempDir, { recursive: true, force: true });
    throw err;
  } finally {
    reader.close();
    counts?.close();
  }
}
