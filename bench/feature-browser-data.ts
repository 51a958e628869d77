/**
 * Synthetic features for bench/feature-browser.ts: N features of one SAE written through the
 * app's own results loader (one transaction), with distributions shaped like a real pass —
 * ~10 % dead, log-uniform frequencies over 1e-6…0.3, top tokens drawn from the KJV corpus's
 * words, ~8 % labelled, ~1 % starred. Deterministic (seeded), so every run queries the same rows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '../src/main/core';
import type { FeaturePassFeature } from '../src/compute/features/protocol';
import { densityBucketOf } from '../src/shared/types/features';
import { repoRoot } from './torch-peer';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s >>> 12;
    return (s >>> 0) / 2 ** 32;
  };
}

/** The corpus's distinct words, most frequent first (the vocabulary of top tokens and labels). */
export function corpusWords(limit = 4000): string[] {
  const text = readFileSync(path.join(repoRoot, 'resources', 'demo-dataset', 'kjv-train.jsonl'), 'utf8').slice(0, 4_000_000);
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[a-z]{2,}/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([w]) => w);
}

export function seedFeatures(
  core: Core,
  n: number,
  words: string[],
  seed = 7,
): { saeId: string; passId: string; labelled: number; starred: number } {
  const r = rng(seed);
  const now = Date.now();
  const saeId = 'sae_benchbrowser';
  const passId = 'fp_benchbrowser';
  core.saes.store.insert({
    id: saeId,
    name: 'bench',
    source: 'import',
    hook: 'blocks.6.hook_resid_post',
    dIn: 768,
    dSae: n,
    architecture: 'standard',
    dtype: 'float32',
    weightsPath: '/bench',
    provenance: {},
    createdAt: now,
    updatedAt: now,
  });
  const tokens = 1_000_000;
  core.features.passes.insert({
    id: passId,
    saeId,
    status: 'completed',
    params: {
      saeId,
      datasetId: 'bench',
      split: 'validation',
      tokens,
      topK: 20,
      contextWindow: 8,
      quantileGroups: 5,
      quantileExamples: 5,
      batchTokens: 4096,
    },
    progress: { tokensDone: tokens, tokensTotal: tokens, featuresSeen: n },
    createdAt: now,
  });
  const pick = () => words[Math.floor(r() ** 2 * words.length)]!; // skewed to common words
  const empty = { edges: [], counts: [] };
  const noLens = { positive: [], negative: [], finalNormScale: null };
  let labelled = 0;
  let starred = 0;
  const texts: Record<string, string> = {};
  core.database.sqlite.transaction(() => {
    for (let j = 0; j < n; j++) {
      const dead = r() < 0.1;
      const frequency = dead ? 0 : 10 ** (-6 + r() * 5.5);
      const firingCount = Math.round(frequency * tokens);
      const maxActivation = dead ? 0 : Math.exp(r() * 3);
      const topTokens = dead ? [] : Array.from({ length: 5 }, () => ` ${pick()}`);
      const f: FeaturePassFeature = {
        featureIndex: j,
        firingCount,
        frequency: firingCount / tokens,
        maxActivation,
        meanActivation: maxActivation * (0.1 + 0.5 * r()),
        proxy: dead ? null : r(),
        densityBucket: densityBucketOf(firingCount / tokens),
        suggestedLabel: dead
          ? null
          : topTokens
              .slice(0, 2)
              .map((t) => `"${t.trim()}"`)
              .join(' / '),
        topTokens,
        histogram: empty,
        logitLens: noLens,
        neighbours: [],
        top: [],
        quantiles: [],
      };
      core.features.loader.writeFeature(saeId, passId, f, texts);
    }
  })();
  core.features.loader.analyze(); // as a pass load does
  for (let j = 0; j < n; j++) {
    const label = r() < 0.08 ? `${pick()} ${r() < 0.5 ? 'detector' : 'context'}` : undefined;
    const star = r() < 0.01;
    if (label || star) core.features.store.update(saeId, j, { ...(label ? { label } : {}), ...(star ? { isFavorite: true } : {}) });
    if (label) labelled++;
    if (star) starred++;
  }
  return { saeId, passId, labelled, starred };
}
