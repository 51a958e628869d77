/**
 * Child process of bench/feature-pass.ts (c): runs one whole feature pass with the params given as
 * JSON in argv[2] and prints its resident memory: at start, at each tenth of the tokens, and the
 * peak (getrusage maxrss) — the pass keeps fixed-size per-feature state, so RSS should stay flat.
 */
import { fakeContext } from '../test/task-support';
import { featurePassTask } from '../src/compute/features/pass-task';
import type { FeaturePassReport, FeaturePassTaskParams } from '../src/compute/features/protocol';

const params = JSON.parse(process.argv[2] ?? '{}') as FeaturePassTaskParams;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const start = process.memoryUsage().rss;
const curve: string[] = [];
let nextTenth = 1;
const ctx = {
  ...fakeContext(),
  report(m: unknown) {
    const r = m as FeaturePassReport;
    if (r.type !== 'progress') return;
    while (r.tokensDone >= (nextTenth / 10) * r.tokensTotal && nextTenth <= 10) {
      curve.push(`${nextTenth * 10} %: ${mib(process.memoryUsage().rss)}`);
      nextTenth++;
    }
  },
};
const t0 = performance.now();
const r = await featurePassTask(params, ctx);
const peakBytes = process.resourceUsage().maxRSS * 1024;
console.log(`  RSS before the pass ${mib(start)} (node + tsx); during the streaming phase: ${curve.join(', ')}`);
console.log(
  `  peak RSS (getrusage maxrss) ${mib(peakBytes)} over ${r.tokens.toLocaleString('en-US')} tokens; ${r.seconds.toFixed(0)} s in all (${((performance.now() - t0) / 1000).toFixed(0)} s wall), streaming ${Math.round(r.tokensPerSecond).toLocaleString('en-US')} tok/s`,
);
console.log(`  buckets: ${r.dead} dead, ${r.ultraLow} ultra-low, ${r.normal} normal, ${r.dense} dense of ${r.dSae}`);
