/** Human-readable output of `mistudio steer` (the --json output is the task result itself). */
import type { SteeringGenerateResult, SteeringSweepResult } from '../../compute/steering/protocol';
import type { MeanSpread } from '../../compute/steering/metrics';

const f = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const spread = (m: MeanSpread, digits = 4) =>
  `${f(m.mean, digits)}${m.sd === null ? '' : ` ± ${f(m.sd, digits)}`}${m.n > 1 ? ` (n=${m.n}, min ${f(m.min, digits)}, max ${f(m.max, digits)})` : ''}`;
const show = (s: string) => JSON.stringify(s);
/** Probabilities: 3 significant digits (they span 1e-5 … 1 across a sweep). */
const prob = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : 'n/a');

export function printComparison(r: SteeringGenerateResult, featureLines: string[]): void {
  const out: string[] = [`hook ${r.hook}; ${r.promptTokenIds.length} prompt tokens; provider ${r.provider}`, ...featureLines];
  if (r.steeringVectorNorm !== null)
    out.push(
      `steering vector ‖Σ c·scale·W_dec‖₂ = ${f(r.steeringVectorNorm)}, ${f(r.steeringVectorNorm / r.promptResidualNorm, 2)}× the mean residual norm at the hook on the prompt (${f(r.promptResidualNorm, 2)})`,
    );
  for (const p of r.pairs) {
    out.push(
      '',
      `sample ${p.sample + 1} (seed ${p.seed})`,
      `  unsteered: ${show(p.unsteered.text)}`,
      `  steered:   ${show(p.steered.text)}`,
    );
    const m = p.metrics;
    out.push(
      `  KL(unsteered‖steered) ${f(m.meanKl)} nats · perplexity ${f(m.perplexityUnsteered, 2)} → ${f(m.perplexitySteered, 2)} (Δ ${f(m.perplexityDelta, 2)}) · Jaccard ${f(m.wordJaccard, 3)} · trigram cosine ${f(m.similarity, 3)}`,
    );
  }
  const a = r.aggregate;
  out.push('', `over ${r.pairs.length} sample(s), mean ± sd:`);
  out.push(`  mean KL(unsteered‖steered), nats   ${spread(a.meanKl)}`);
  out.push(`  perplexity, unsteered output       ${spread(a.perplexityUnsteered, 2)}`);
  out.push(`  perplexity, steered output         ${spread(a.perplexitySteered, 2)}`);
  out.push(`  perplexity difference              ${spread(a.perplexityDelta, 2)}`);
  out.push(`  word Jaccard                       ${spread(a.wordJaccard, 3)}`);
  out.push(`  character-trigram cosine           ${spread(a.similarity, 3)}`);
  out.push('', 'largest next-token probability shifts at the first generated position (baseline → steered):');
  for (const s of r.firstTokenShifts)
    out.push(`  ${show(s.text).padEnd(16)} ${prob(s.baseline)} → ${prob(s.steered)}  (${s.delta >= 0 ? '+' : ''}${prob(s.delta)})`);
  if (r.stopped) out.push('', '(stopped early)');
  process.stdout.write(`${out.join('\n')}\n`);
}

export function printSweep(prompt: string, r: SteeringSweepResult, scale: number, scaleSource: string): void {
  const out = [
    `sweep of feature ${r.feature} at ${r.hook}, scale ${f(scale)} (${scaleSource}); prompt ${show(prompt)}`,
    `logit lens top: ${r.logitLens.top.map((t) => `${show(t.text)} ${f(t.score, 2)}`).join(', ')}`,
    `logit lens bottom: ${r.logitLens.bottom.map((t) => `${show(t.text)} ${f(t.score, 2)}`).join(', ')}`,
    `target tokens: ${r.targetTokenTexts.map(show).join(' ')}`,
    `unsteered: ${show(r.unsteered.text)}  p(targets) first ${prob(r.unsteered.targetProbabilityFirst)}, mean ${prob(r.unsteered.targetProbabilityMean)}`,
    '',
    `${'coef'.padStart(7)} ${'KL'.padStart(8)} ${'ppl'.padStart(9)} ${'Δppl'.padStart(9)} ${'p(tgt)1st'.padStart(10)} ${'p(tgt)mean'.padStart(10)}  text`,
  ];
  for (const p of r.points) {
    out.push(
      `${f(p.coefficient, 2).padStart(7)} ${f(p.meanKl).padStart(8)} ${f(p.perplexitySteered, 2).padStart(9)} ${f(p.perplexityDelta, 2).padStart(9)} ${prob(p.targetProbabilityFirst).padStart(10)} ${prob(p.targetProbabilityMean).padStart(10)}  ${show(p.text)}`,
    );
  }
  if (r.stopped) out.push('(stopped early)');
  process.stdout.write(`${out.join('\n')}\n`);
}
