/**
 * Feature-map projections (docs/analysis.md) on 16,384 × 256 decoder rows: our PCA, UMAP
 * (umap-js on our cosine k-NN) and Barnes-Hut t-SNE against scikit-learn's PCA and t-SNE on the
 * same rows (Debian python3-sklearn, bench/python/projections_peer.py, same t-SNE settings:
 * perplexity 30 on 91 cosine neighbours, θ 0.5, random 1e-4 start, exaggeration 12 for 250 of
 * 1,000 iterations, learning rate max(n / 48, 50), early stopping off). No UMAP peer is installed
 * on this machine (umap-learn is not packaged in Debian); the run says so. One run each (they are
 * long): wall and CPU seconds (the peer's CPU time sums its threads), and ours / peer.
 *
 * Each map is also scored alike: the share of rows whose nearest 2-D neighbour comes from the same
 * synthetic topic (of 64) — so "faster" is not bought with a worse map.
 *
 *   npx tsx bench/projections.ts            # 16,384 rows
 *   npx tsx bench/projections.ts --rows 2048
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
const TOPICS = 64;
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

/** Decoder-like rows: 64 random unit "topics", each row a topic plus noise (so the maps have structure). */
function rows(): { x: Float32Array; topic: Int32Array } {
  const rng = new Rng(42);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const topics = Array.from({ length: TOPICS }, () => Array.from({ length: D }, gauss));
  const x = new Float32Array(N * D);
  const topic = new Int32Array(N);
  for (let r = 0; r < N; r++) {
    topic[r] = Math.floor(rng.next() * TOPICS);
    const t = topics[topic[r]!]!;
    for (let c = 0; c < D; c++) x[r * D + c] = t[c]! / Math.sqrt(D) + (0.6 * gauss()) / Math.sqrt(D);
  }
  return { x, topic };
}

/** Share of points whose nearest other point in the map [n, 2] has the same topic (brute force, O(n²)). */
function sameTopicShare(y: Float64Array, topic: Int32Array): number {
  let same = 0;
  for (let i = 0; i < N; i++) {
    const xi = y[2 * i]!;
    const yi = y[2 * i + 1]!;
    let best = -1;
    let bd = Infinity;
    for (let j = 0; j < N; j++) {
      const dx = xi - y[2 * j]!;
      const dy = yi - y[2 * j + 1]!;
      const dd = dx * dx + dy * dy;
      if (dd < bd && j !== i) {
        bd = dd;
        best = j;
      }
    }
    if (topic[best] === topic[i]) same++;
  }
  return same / N;
}

interface Run {
  wall: number;
  cpu: number;
  share: number;
}

async function run(what: string, fn: () => Promise<Float64Array> | Float64Array): Promise<Run> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const y = await fn();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const r = { wall, cpu: (c.user + c.system) / 1e6, share: sameTopicShare(y, topic) };
  console.error(
    `  ours ${what}: ${wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, same-topic neighbour ${(100 * r.share).toFixed(1)} % (load ${loadavg()})`,
  );
  return r;
}

const { x, topic } = rows();
console.error(
  `projections of ${N.toLocaleString('en-US')} × ${D} rows (${os.cpus().length} logical CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}; node ${process.version}); load average at start ${loadavg()}`,
);
const ours = {
  pca: await run('PCA', () => pcaMap(x, N, D).points),
  umap: await run('UMAP', () => umapMap(x, N, D, { seed: 0 })),
  tsne: await run('t-SNE', () => tsneMap(x, N, D, { seed: 0 })),
};
const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'proj-')), 'rows.f32');
writeFileSync(file, new Uint8Array(x.buffer));
console.error(`  scikit-learn peer … (load ${loadavg()})`);
const peer = spawnSync(DEBIAN_PYTHON, [path.join(repoRoot, 'bench', 'python', 'projections_peer.py'), file, String(N), String(D)], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
type PeerOut = {
  sklearn: string;
  pca_s: number;
  pca_cpu_s: number;
  tsne_s: number;
  tsne_cpu_s: number;
  tsne_iterations: number;
  umap: string | null;
};
const p = peer.status === 0 ? (JSON.parse(peer.stdout.trim().split('\n').pop()!) as PeerOut) : null;
const peerMap = (name: string): Run | null => {
  if (!p) return null;
  const y = new Float64Array(new Uint8Array(readFileSync(`${file}.${name}.f64`)).buffer);
  return { wall: p[`${name}_s` as 'pca_s'], cpu: p[`${name}_cpu_s` as 'pca_cpu_s'], share: sameTopicShare(y, topic) };
};
const theirs = { pca: peerMap('pca'), tsne: peerMap('tsne') };

const cell = (r: Run | null) =>
  r
    ? `${r.wall.toFixed(1).padStart(7)} s ${r.cpu.toFixed(1).padStart(7)} s  ${(100 * r.share).toFixed(1).padStart(5)} %`
    : '      n/a                      ';
const row = (name: string, o: Run, q: Run | null) =>
  console.log(`${name.padEnd(6)} ${cell(o)}   ${cell(q)}   ${q ? `${(o.wall / q.wall).toFixed(2)}×` : ''}`);
console.log(
  `\nFeature-map projections, ${N.toLocaleString('en-US')} × ${D} rows, one run each; peer: ${p ? `scikit-learn ${p.sklearn} (t-SNE ran ${p.tsne_iterations} iterations)` : `failed (exit ${peer.status}${peer.error ? `, ${peer.error.message}` : ''})`}`,
);
console.log(`load average at end: ${loadavg()} (1 / 5 / 15 min, ${os.cpus().length} logical CPUs)`);
console.log('method   ours: wall      CPU  same-topic   peer: wall      CPU  same-topic   ours/peer wall');
row('PCA', ours.pca, theirs.pca);
row('UMAP', ours.umap, null);
row('t-SNE', ours.tsne, theirs.tsne);
console.log(p?.umap ? '' : 'UMAP peer: none — umap-learn is not installed on this machine (not in Debian); our UMAP has no peer figure.');
