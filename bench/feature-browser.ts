/**
 * Feature-browser benchmark (docs/features.md), one run prints ours and the peer's:
 * 65,536 synthetic features of one SAE (bench/feature-browser-data.ts) in the app's own SQLite
 * schema, then every query kind of the browser — sort keys, deep pages, searches by id / label /
 * top token, density / favourite / labelled filters, and all of them at once — timed through the
 * real contract path (`core.dispatch('features.list')`: zod validation, the query, the count, the
 * row mapping), 40 varied calls per kind after warm-up. p50 / p95 per kind; goal < 100 ms each.
 * Peer: bench/python/feature_browser_peer.py runs the very same SQL (page + count) on the same
 * database file with Python's sqlite3 — the raw SQLite floor for this work (a PyTorch peer has no
 * counterpart for a server-side text + sort + page query).
 * Run: `npx tsx bench/feature-browser.ts` (`--quick`: 4,096 features, 5 calls per kind).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../src/main/core';
import { featureListSchema, type FeatureListQuery } from '../src/shared/contract/features';
import { FeatureBrowserQuery } from '../src/main/core/features/browser-query';
import { corpusWords, rng, seedFeatures } from './feature-browser-data';
import { DEBIAN_PYTHON, repoRoot } from './torch-peer';

const QUICK = process.argv.includes('--quick');
const N = QUICK ? 4096 : 65_536;
const CALLS = QUICK ? 5 : 40;
const WARMUP = 3;
const PEER = path.join(repoRoot, 'bench', 'python', 'feature_browser_peer.py');

const dir = mkdtempSync(path.join(os.tmpdir(), 'mistudio-bench-browser-'));
const core = await createCore({ dataDir: dir, mode: 'serve', demoModelDir: null, demoDatasetDir: null, demoSaeDir: null });
try {
  const words = corpusWords();
  const t0 = performance.now();
  const { saeId, labelled, starred } = seedFeatures(core, N, words);
  console.log(
    `${N.toLocaleString('en-US')} synthetic features written in ${((performance.now() - t0) / 1000).toFixed(1)} s (${labelled} labelled, ${starred} starred); node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  const r = rng(99);
  const word = () => words[Math.floor(r() * 400)]!;
  const deep = () => Math.floor(r() * (N - 100));
  /** Each kind: a function giving the i-th call's arguments (pages and search words vary). */
  const kinds: Record<string, () => Record<string, unknown>> = {
    'id order, random page': () => ({ offset: deep() }),
    'sort frequency desc, page 1': () => ({ sort: 'frequency', order: 'desc' }),
    'sort max asc, deep page': () => ({ sort: 'maxActivation', order: 'asc', offset: deep() }),
    'sort proxy desc, deep page': () => ({ sort: 'proxy', order: 'desc', offset: deep() }),
    'search top token, sort frequency desc': () => ({ search: word(), sort: 'frequency', order: 'desc' }),
    'search id': () => ({ search: `#${Math.floor(r() * N)}` }),
    'search label, labelled only': () => ({ search: 'detector', labelled: 'yes', sort: 'maxActivation', order: 'desc' }),
    'hide dead, sort max desc, deep page': () => ({
      density: ['ultra-low', 'normal', 'dense'],
      sort: 'maxActivation',
      order: 'desc',
      offset: Math.floor(deep() / 2),
    }),
    'dense only, sort proxy asc': () => ({ density: ['dense'], sort: 'proxy', order: 'asc' }),
    'favourites, sort id desc': () => ({ favouritesOnly: true, order: 'desc' }),
    'everything: search + filter + proxy sort + page 3': () => ({
      search: word().slice(0, 3),
      density: ['normal', 'dense'],
      labelled: 'any',
      sort: 'proxy',
      order: 'desc',
      offset: 200,
    }),
  };
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const ours: Record<string, { p50: number; p95: number; total: number }> = {};
  const peerQueries: {
    kind: string;
    pageSql: string;
    countSql: string;
    params: Record<string, string | number>;
    countParams: Record<string, string | number>;
  }[] = [];
  for (const [kind, make] of Object.entries(kinds)) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < WARMUP + CALLS; i++) {
      const args = { saeId, limit: 100, ...make() };
      const t = performance.now();
      const env = await core.dispatch('features.list', args);
      const ms = performance.now() - t;
      if (!env.ok) throw new Error(`${kind}: ${env.error.message}`);
      total = (env.result as { total: number }).total;
      if (i >= WARMUP) times.push(ms);
      peerQueries.push({ kind, ...FeatureBrowserQuery.build(featureListSchema.parse(args) as FeatureListQuery) });
    }
    ours[kind] = { p50: pct(times, 0.5), p95: pct(times, 0.95), total };
  }
  const queriesFile = path.join(dir, 'queries.json');
  writeFileSync(queriesFile, JSON.stringify({ warmup: WARMUP, queries: peerQueries }));
  await core.close();
  const peer = spawnSync(DEBIAN_PYTHON, [PEER, '--db', path.join(dir, 'mistudio.db'), '--queries', queriesFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const theirs =
    peer.status === 0
      ? (JSON.parse(peer.stdout) as {
          sqlite_version: string;
          python: string;
          kinds: Record<string, { p50: number; p95: number; total: number }>;
        })
      : null;
  console.log(`\nfeatures.list over ${N.toLocaleString('en-US')} features, 100 rows a page, ${CALLS} calls per kind (ms; goal < 100)`);
  console.log(
    `peer: Python ${theirs?.python ?? '?'} sqlite3 ${theirs?.sqlite_version ?? '?'} running the same SQL on the same file${theirs ? '' : ' — FAILED, see above'}`,
  );
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `${pad('query', 52)}${pad('ours p50', 10)}${pad('ours p95', 10)}${pad('peer p50', 10)}${pad('peer p95', 10)}${pad('matches', 9)}`,
  );
  let worst = 0;
  for (const [kind, o] of Object.entries(ours)) {
    const t = theirs?.kinds[kind];
    worst = Math.max(worst, o.p95);
    if (t && t.total !== o.total) throw new Error(`${kind}: the peer counted ${t.total} matches, ours ${o.total}`);
    console.log(
      `${pad(kind, 52)}${pad(o.p50.toFixed(2), 10)}${pad(o.p95.toFixed(2), 10)}${pad(t ? t.p50.toFixed(2) : '—', 10)}${pad(t ? t.p95.toFixed(2) : '—', 10)}${pad(String(o.total), 9)}`,
    );
  }
  console.log(`\nslowest p95: ${worst.toFixed(2)} ms — ${worst < 100 ? 'under' : 'OVER'} the 100 ms goal`);
} finally {
  await core.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
}
