/**
 * Steering interventions at one hook (docs/steering.md). Every feature carries a coefficient
 * in units of `scale`, the feature's max activation (taken from the feature pass by the
 * caller), so +1 means "as strongly as it ever fires", and its own mode; one run may mix
 * them: delta = Σ_additive c·scale·W_dec[f] + Σ_clamp (a_f′ − a_f(x))·W_dec[f].
 *   additive: x′ = x + Σ_f c_f · scale_f · W_dec[f]                       (one vector [d_in])
 *   clamp:    a_f′ = c_f · scale_f;  x′ = x + Σ_f (a_f′ − a_f(x)) · W_dec[f]
 *             — the SAE's reconstruction error x − x̂ is kept, as Anthropic clamped features;
 *             c_f = 0 ablates the feature.
 * Positions: the hook's positions whose input token is a prompt token (0 … P−1) or a
 * generated one (P …); "generated" leaves the first generated token's distribution unsteered.
 */
import { checkFeature, decoderRow, featureActivations, type SteeringSae } from './sae';
import type { SteeringMode, SteeringPositions, SteeringFeature } from '../../shared/types/steering';
export type { SteeringMode, SteeringPositions, SteeringFeature };

export interface SteeringSpec {
  positions: SteeringPositions;
  features: SteeringFeature[];
}

export function validateSpec(sae: SteeringSae, spec: SteeringSpec): void {
  if (spec.features.length === 0) throw new Error('no features to steer with: add at least one feature');
  for (const f of spec.features) {
    checkFeature(sae, f.feature);
    if (!Number.isFinite(f.coefficient)) throw new RangeError(`feature ${f.feature}: coefficient must be a finite number`);
    if (f.mode !== 'additive' && f.mode !== 'clamp')
      throw new RangeError(`feature ${f.feature}: mode must be additive or clamp, got "${String(f.mode)}"`);
    if (!(f.scale > 0) || !Number.isFinite(f.scale))
      throw new RangeError(`feature ${f.feature}: scale (its max activation) must be > 0, got ${f.scale}`);
  }
  const ids = spec.features.map((f) => f.feature);
  if (new Set(ids).size !== ids.length) throw new Error(`a feature is listed twice (${ids.join(', ')}); give each feature once`);
}

export const additiveFeatures = (features: readonly SteeringFeature[]) => features.filter((f) => f.mode === 'additive');
export const clampedFeatures = (features: readonly SteeringFeature[]) => features.filter((f) => f.mode === 'clamp');

/** Steering vector Σ_f c_f · scale_f · W_dec[f] of the given features (whatever their mode): [d_in], float32 (accumulated in float64). */
export function steeringVector(
  sae: SteeringSae,
  features: readonly Pick<SteeringFeature, 'feature' | 'coefficient' | 'scale'>[],
): Float32Array {
  const acc = new Float64Array(sae.dIn);
  for (const { feature, coefficient, scale } of features) {
    const row = decoderRow(sae, feature);
    const c = coefficient * scale;
    for (let i = 0; i < sae.dIn; i++) acc[i]! += c * row[i]!;
  }
  return Float32Array.from(acc);
}

/** Is hook position `pos` steered, given the prompt's length P? */
export function positionSteered(positions: SteeringPositions, pos: number, promptLength: number): boolean {
  return positions === 'all' || (positions === 'prompt' ? pos < promptLength : pos >= promptLength);
}

/**
 * Clamp deltas for positions of x [n, d_in] (the hook's value before any write): row r gets
 * Σ_f (c_f·scale_f − a_f(x_r)) · W_dec[f]. Returns [n, d_in] float32.
 */
export function clampDeltas(sae: SteeringSae, features: readonly SteeringFeature[], x: Float32Array, n: number): Float32Array {
  const a = featureActivations(
    sae,
    x,
    n,
    features.map((f) => f.feature),
  );
  const out = new Float32Array(n * sae.dIn);
  const acc = new Float64Array(sae.dIn);
  for (let r = 0; r < n; r++) {
    acc.fill(0);
    features.forEach(({ feature, coefficient, scale }, i) => {
      const d = coefficient * scale - a[r * features.length + i]!;
      if (d === 0) return;
      const row = decoderRow(sae, feature);
      for (let c = 0; c < sae.dIn; c++) acc[c]! += d * row[c]!;
    });
    out.set(acc, r * sae.dIn);
  }
  return out;
}

/**
 * Deltas [n, d_in] for hook positions start … start+n−1: the additive features' vector plus
 * the clamped features' (a_f′ − a_f(x))·W_dec[f]. `x` (the hook's value there, read with no
 * delta) is needed only when a feature is clamped. Unsteered positions get zeros.
 */
export function interventionDeltas(
  sae: SteeringSae,
  spec: SteeringSpec,
  start: number,
  n: number,
  promptLength: number,
  x?: Float32Array,
): Float32Array {
  const d = sae.dIn;
  const out = new Float32Array(n * d);
  const rows = Array.from({ length: n }, (_, r) => r).filter((r) => positionSteered(spec.positions, start + r, promptLength));
  if (rows.length === 0) return out;
  const added = additiveFeatures(spec.features);
  if (added.length) {
    const v = steeringVector(sae, added);
    for (const r of rows) out.set(v, r * d);
  }
  const clamped = clampedFeatures(spec.features);
  if (clamped.length === 0) return out;
  if (!x || x.length !== n * d)
    throw new Error(`clamp needs the hook value at the ${n} positions (${n}×${d} values), got ${x?.length ?? 'none'}`);
  const xs = new Float32Array(rows.length * d);
  rows.forEach((r, i) => xs.set(x.subarray(r * d, (r + 1) * d), i * d));
  const deltas = clampDeltas(sae, clamped, xs, rows.length);
  rows.forEach((r, i) => {
    // float32 sum, as the in-graph clamp's Add(delta, recon) computes it
    for (let c = 0; c < d; c++) out[r * d + c] = Math.fround(out[r * d + c]! + deltas[i * d + c]!);
  });
  return out;
}

/** ‖v‖₂ of a vector (the UI shows the steering vector's norm against the residual's). */
export function l2Norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] ?? 0) ** 2;
  return Math.sqrt(s);
}
