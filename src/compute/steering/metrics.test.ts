import { describe, expect, it } from 'vitest';
import {
  charNgrams,
  charTrigramCosine,
  klDivergence,
  meanKl,
  meanSpread,
  perplexity,
  tokenSetProbability,
  topProbabilityShifts,
  wordJaccard,
  words,
} from './metrics';

const logitsOf = (p: number[]) => Float32Array.from(p, Math.log);

describe('steering metrics vs direct computations', () => {
  it('KL(P‖Q) of fixed distributions', () => {
    // P = (1/2, 1/4, 1/4), Q = (1/4, 1/2, 1/4): Σ p log(p/q) = ½ ln 2 + ¼ ln ½ = ¼ ln 2.
    expect(klDivergence(logitsOf([0.5, 0.25, 0.25]), logitsOf([0.25, 0.5, 0.25]))).toBeCloseTo(Math.log(2) / 4, 7);
    // Logits shifted by a constant are the same distribution.
    expect(klDivergence([1, 2, 3], [11, 12, 13])).toBeCloseTo(0, 12);
    // Asymmetric: KL(Q‖P) = ¼ ln ½ + ½ ln 2 = ¼ ln 2 here too, but not in general:
    const p = [0.7, 0.2, 0.1];
    const q = [0.1, 0.3, 0.6];
    const direct = p.reduce((s, pi, i) => s + pi * Math.log(pi / q[i]!), 0);
    expect(klDivergence(logitsOf(p), logitsOf(q))).toBeCloseTo(direct, 6);
    expect(klDivergence(logitsOf(q), logitsOf(p))).not.toBeCloseTo(direct, 2);
  });

  it('mean KL averages over positions', () => {
    const P = Float32Array.from([...logitsOf([0.5, 0.25, 0.25]), ...logitsOf([0.7, 0.2, 0.1])]);
    const Q = Float32Array.from([...logitsOf([0.25, 0.5, 0.25]), ...logitsOf([0.7, 0.2, 0.1])]);
    expect(meanKl(P, Q, 3)).toBeCloseTo(Math.log(2) / 8, 7);
  });

  it('perplexity = exp(mean NLL) of the tokens', () => {
    // Token 0 at p = ½, then token 1 at p = ¼: exp(−(ln ½ + ln ¼)/2) = √8.
    const logits = Float32Array.from([...logitsOf([0.5, 0.25, 0.25]), ...logitsOf([0.25, 0.25, 0.5])]);
    expect(perplexity(logits, [0, 1], 3)).toBeCloseTo(Math.sqrt(8), 5);
    expect(perplexity(logitsOf([1 / 3, 1 / 3, 1 / 3]), [2], 3)).toBeCloseTo(3, 5);
    expect(perplexity(new Float32Array(0), [], 3)).toBeNaN();
  });

  it('word Jaccard of fixed texts', () => {
    expect(words('And God said, Let there be light: and there was light.')).toEqual([
      'and',
      'god',
      'said',
      'let',
      'there',
      'be',
      'light',
      'and',
      'there',
      'was',
      'light',
    ]);
    // {the, light, was, good} vs {the, light, was, dark, and, good}: 4 / 6.
    expect(wordJaccard('The light was good.', 'the light was dark and good')).toBeCloseTo(4 / 6, 12);
    expect(wordJaccard('', '')).toBe(1);
    expect(wordJaccard('a b', 'c d')).toBe(0);
  });

  it('character-trigram cosine of fixed texts', () => {
    expect([...charNgrams('Abab')]).toEqual([
      ['aba', 1],
      ['bab', 1],
    ]);
    // "abab" → {aba:1, bab:1}, "aba" → {aba:1}: 1 / (√2 · 1).
    expect(charTrigramCosine('abab', 'aba')).toBeCloseTo(1 / Math.SQRT2, 12);
    // "aaaa" → {aaa:2}, "aaa" → {aaa:1}: counts matter only through direction → 1.
    expect(charTrigramCosine('aaaa', 'aaa')).toBeCloseTo(1, 12);
    // {abc:1,bcd:1} vs {bcd:1,cde:1}: 1/2.
    expect(charTrigramCosine('abcd', 'bcde')).toBeCloseTo(0.5, 12);
    expect(charTrigramCosine('ab', 'abc')).toBe(0);
    expect(charTrigramCosine('light  was', 'LIGHT was')).toBeCloseTo(1, 12);
  });

  it('top probability shifts and token-set probability', () => {
    const base = logitsOf([0.5, 0.3, 0.2]);
    const steered = logitsOf([0.2, 0.3, 0.5]);
    const shifts = topProbabilityShifts(base, steered, 2);
    expect(shifts.map((s) => s.tokenId)).toEqual([0, 2]);
    expect(shifts[0]!.delta).toBeCloseTo(-0.3, 6);
    expect(shifts[1]).toMatchObject({ tokenId: 2 });
    expect(shifts[1]!.baseline).toBeCloseTo(0.2, 6);
    expect(shifts[1]!.steered).toBeCloseTo(0.5, 6);
    expect(tokenSetProbability(steered, [1, 2, 2])).toBeCloseTo(0.8, 6);
  });

  it('mean ± sample standard deviation, NaN left out', () => {
    const m = meanSpread([1, 2, 3, 4, Number.NaN]);
    expect(m.mean).toBe(2.5);
    expect(m.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(m).toMatchObject({ min: 1, max: 4, n: 4 });
    expect(meanSpread([7]).sd).toBeNull();
  });
});
