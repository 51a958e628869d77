/**
 * Dataset import + tokenization throughput on the demo corpus (KJV, 1,189 chapters,
 * ~4 MB), ours vs a Python peer doing the same work (JSON parse + the same byte-level
 * BPE, scripts/demo-model/bpe.py), one run. `npx tsx bench/datasets.ts`
 * Then, for reference, the same tokenization on transformers.js alone (the fallback engine).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { importDatasetTask } from '../src/compute/datasets/import';
import { MANIFEST_FILE, tokenizeDatasetTask, type TokenShardManifest } from '../src/compute/datasets/tokenize';
import { ENGINE_ENV } from '../src/compute/datasets/tokenize/encoder/engine';
import { createTaskContext } from '../src/compute/runtime/context';
import { openDatabase } from '../src/main/core/db/connection';
import { appRoot, defaultPaths } from '../src/main/core/paths';

const root = appRoot();
const demo = path.join(root, 'resources', 'demo-dataset');
const files = ['train', 'validation', 'test'].map((split) => ({
  path: path.join(demo, `kjv-${split}.jsonl`),
  format: 'jsonl' as const,
  split,
}));
const modelDir = path.join(root, 'resources', 'demo-model');

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`load average (1/5/15 min) at start: ${load()} on ${os.availableParallelism()} cores`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'mistudio-bench-'));
const { sqlite, path: dbPath } = openDatabase(dir, defaultPaths.migrations());
sqlite
  .prepare("INSERT INTO datasets (id, name, source, status, created_at, updated_at) VALUES ('bench', 'bench', 'local', 'importing', 0, 0)")
  .run();
const ctx = () => createTaskContext('bench', dir, new MessageChannel().port1);

const cpu0 = process.cpuUsage();
let t0 = performance.now();
const imported = await importDatasetTask(
  { datasetId: 'bench', dbPath, files, options: { textField: 'text', splitMode: 'data' }, datasetDir: path.join(dir, 'datasets', 'bench') },
  ctx(),
);
const importSeconds = (performance.now() - t0) / 1000;

t0 = performance.now();
const settings = {
  mode: 'concat_chunk',
  maxLength: 128,
  padding: 'none',
  truncation: 'longest_first',
  addSpecialTokens: false,
  returnAttentionMask: true,
  contextSize: 128,
  prependBos: true,
} as const;
const outDir = path.join(dir, 'datasets', 'bench', 'tokens', 'demo');
const tokenized = await tokenizeDatasetTask({ datasetId: 'bench', dbPath, modelDir, settings, outDir }, ctx());
const tokenizeSeconds = (performance.now() - t0) / 1000;
// CPU seconds of the whole process (all its threads: JIT and GC included) for import + tokenize.
const cpuUsed = process.cpuUsage(cpu0);
const oursCpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
const engine = (JSON.parse(readFileSync(path.join(outDir, MANIFEST_FILE), 'utf8')) as TokenShardManifest).tokenizer.engine;

// Reference: the same tokenization with the fast path off (today's transformers.js-only path).
process.env[ENGINE_ENV] = 'transformers.js';
t0 = performance.now();
const slow = await tokenizeDatasetTask(
  { datasetId: 'bench', dbPath, modelDir, settings, outDir: path.join(dir, 'datasets', 'bench', 'tokens', 'slow') },
  ctx(),
);
const slowSeconds = (performance.now() - t0) / 1000;
delete process.env[ENGINE_ENV];
const shardFiles = (d: string) =>
  (JSON.parse(readFileSync(path.join(d, MANIFEST_FILE), 'utf8')) as TokenShardManifest).shards.flatMap((s) =>
    [s.tokensFile, s.rowsFile, s.indexFile].map((f) => readFileSync(path.join(d, f))),
  );
const fastShards = shardFiles(outDir);
const slowShards = shardFiles(slow.path);
const identical = fastShards.length === slowShards.length && fastShards.every((b, i) => b.equals(slowShards[i] as Buffer));
sqlite.close();
rmSync(dir, { recursive: true, force: true });

const textTokens = tokenized.totals.contentTokens + tokenized.totals.droppedTokens;
const peer = spawnSync('/usr/bin/python3', [path.join(root, 'bench', 'python', 'tokenize_peer.py'), ...files.map((f) => f.path)], {
  encoding: 'utf8',
});
const py =
  peer.status === 0
    ? (JSON.parse(peer.stdout.trim().split('\n').pop()!) as {
        docs: number;
        tokens: number;
        parse_seconds: number;
        tokenize_seconds: number;
        cpu_seconds: number;
      })
    : null;

const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;
console.log(
  `Demo corpus: ${imported.sampleCount} documents, ${(imported.sizeBytes / 1e6).toFixed(1)} MB, ${textTokens.toLocaleString('en-US')} tokens`,
);
console.log(
  `ours   import (parse + SQLite + FTS5 index + raw copy): ${importSeconds.toFixed(2)} s  (${rate(imported.sampleCount, importSeconds)} docs, ${(imported.sizeBytes / 1e6 / importSeconds).toFixed(1)} MB/s)`,
);
console.log(
  `ours   tokenize (concat+chunk 128, shards + index):    ${tokenizeSeconds.toFixed(2)} s  (${rate(textTokens, tokenizeSeconds)} tokens)`,
);
console.log(`       tokenizer engine: ${engine?.name ?? '?'} (${engine?.reason ?? 'not recorded'})`);
console.log(
  `ours   import + tokenize:                               ${(importSeconds + tokenizeSeconds).toFixed(2)} s  (${rate(textTokens, importSeconds + tokenizeSeconds)} tokens)`,
);
if (py) {
  console.log(
    `python parse + tokenize (same BPE, pure Python):       ${(py.parse_seconds + py.tokenize_seconds).toFixed(2)} s  (${rate(py.tokens, py.parse_seconds + py.tokenize_seconds)} tokens; ${py.tokens.toLocaleString('en-US')} tokens)`,
  );
  console.log(
    `ratio (ours import+tokenize tokens/s ÷ python tokens/s): ${(textTokens / (importSeconds + tokenizeSeconds) / (py.tokens / (py.parse_seconds + py.tokenize_seconds))).toFixed(2)}×`,
  );
  console.log(
    `cpu time (less sensitive to load): ours ${oursCpuSeconds.toFixed(2)} s, python ${py.cpu_seconds.toFixed(2)} s (python ÷ ours ${(py.cpu_seconds / oursCpuSeconds).toFixed(2)}×)`,
  );
  if (py.tokens !== textTokens) console.log(`note: token counts differ (ours ${textTokens}, python ${py.tokens})`);
} else {
  console.log(`python peer did not run: ${peer.stderr || peer.error?.message}`);
}
const slowTokens = slow.totals.contentTokens + slow.totals.droppedTokens;
console.log(
  `reference: tokenize on transformers.js only:           ${slowSeconds.toFixed(2)} s  (${rate(slowTokens, slowSeconds)} tokens; shards ${identical ? 'byte-identical to' : 'DIFFERENT from'} the fast path's)`,
);
console.log(`load average (1/5/15 min) at end: ${load()}`);
