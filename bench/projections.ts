/**
 * Feature-map projections (docs/analysis.md) on 16,384 × 256 decoder rows: our PCA, UMAP
 * (umap-js on our cosine k-NN) and Barnes-Hut t-SNE against scikit-learn's PCA and t-SNE on the
 * same rows (Debian python3-sklearn). No UMAP peer is installed on this machine (umap-learn is
 * not packaged); the run says so. One run each (they are long); seconds, and ours / peer.
 *
 *   npx tsx bench/projections.ts            # 16,384 rows
 *   npx tsx bench/projections.ts --rows 2048
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pcaMap, tsneMap, umapMap } from '../src/compute/analysis/projections';
import { Rng } from '../src/compute/sae/rng';
import { DEBIAN_PYTHON, repoRoot } from './torch-peer';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('--rows', 16_384);
const D = 256;

/** Decoder-like rows: 64 random unit "topics", each row a topic plus noise (so the maps have structure). */
function rows(): Float32Array {
  const rng = new Rng(42);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const topics = Array.from({ length: 64 }, () => Array.from({ length: D }, gauss));
  const x = new Float32Array(N * D);
  for (let r = 0; r < N; r++) {
    const t = topics[Math.floor(rng.next() * 64)]!;
    for (let c = 0; c < D; c++) x[r * D + c] = t[c]! / Math.sqrt(D) + (0.6 * gauss()) / Math.sqrt(D);
  }
  return x;
}

async function time<T>(what: string, fn: () => Promise<T> | T): Promise<number> {
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  console.error(`  ours ${what}: ${s.toFixed(1)} s`);
  return s;
}

const x = rows();
console.error(`projections of ${N.toLocaleString('en-US')} × ${D} rows (${os.cpus().length} cores)`);
const ours = {
  pca: await time('PCA', () => pcaMap(x, N, D)),
  umap: await time('UMAP', () => umapMap(x, N, D, { seed: 0 })),
  tsne: await time('t-SNE', () => tsneMap(x, N, D, { seed: 0 })),
};
const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'proj-')), 'rows.f32');
writeFileSync(file, new Uint8Array(x.buffer));
console.error('  scikit-learn peer …');
const peer = spawnSync(DEBIAN_PYTHON, [path.join(repoRoot, 'bench', 'python', 'projections_peer.py'), file, String(N), String(D)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const p = peer.status === 0 ? (JSON.parse(peer.stdout.trim().split('\n').pop()!) as { sklearn: string; pca_s: number; tsne_s: number; umap: string | null }) : null;
const row = (name: string, o: number, q: number | null) => console.log(`${name.padEnd(6)} ours ${o.toFixed(2).padStart(8)} s   peer ${q === null ? '     n/a' : `${q.toFixed(2).padStart(8)} s`}   ${q === null ? '' : `ours/peer time ${(o / q).toFixed(2)}×`}`);
console.log(`\nFeature-map projections, ${N.toLocaleString('en-US')} × ${D} rows, one run each; peer: ${p ? `scikit-learn ${p.sklearn}` : `failed (${peer.stderr ?? peer.error?.message ?? 'no output'})`}`);
row('PCA', ours.pca, p?.pca_s ?? null);
row('UMAP', ours.umap, null);
row('t-SNE', ours.tsne, p?.tsne_s ?? null);
console.log(p?.umap ? '' : 'UMAP peer: none — umap-learn is not installed on this machine (not in Debian); our UMAP has no peer figure.');
