/**
 * Steering interventions at one hook (docs/steering.md). Every feature carries a coefficient
 * in units of `scale`, the feature's max activation (taken from the feature pass by the
 * caller), so +1 means "as strongly as it ever fires":
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
  mode: SteeringMode;
  positions: SteeringPositions;
  features: SteeringFeature[];
}

export function validateSpec(sae: SteeringSae, spec: SteeringSpec): void {
  if (spec.features.length === 0) throw new Error('no features to steer with: add at least one feature');
  for (const f of spec.features) {
    checkFeature(sae, f.feature);
    if (!Number.isFinite(f.coefficient)) throw new RangeError(`feature ${f.feature}: coefficient must be a finite number`);
    if (!(f.scale > 0) || !Number.isFinite(f.scale)) throw new RangeError(`feature ${f.feature}: scale (its max activation) must be > 0, got ${f.scale}`);
  }
  const ids = spec.features.map((f) => f.feature);
  if (new Set(ids).size !== ids.length) throw new Error(`a feature is listed twice (${ids.join(', ')}); give each feature once`);
}

/** Additive steering vector Σ_f c_f · scale_f · W_dec[f]: [d_in], float32 (accumulated in float64). */
export function steeringVector(sae: SteeringSae, features: readonly SteeringFeature[]): Float32Array {
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
  const a = featureActivations(sae, x, n, features.map((f) => f.feature));
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
 * Deltas [n, d_in] for hook positions start … start+n−1. `x` (the hook's value there, read
 * with no delta) is needed for clamp only. Unsteered positions get zeros.
 */
export function interventionDeltas(sae: SteeringSae, spec: SteeringSpec, start: number, n: number, promptLength: number, x?: Float32Array): Float32Array {
  const d = sae.dIn;
  const out = new Float32Array(n * d);
  if (spec.mode === 'additive') {
    const v = steeringVector(sae, spec.features);
    for (let r = 0; r < n; r++) if (positionSteered(spec.positions, start + r, promptLength)) out.set(v, r * d);
    return out;
  }
  if (!x || x.length !== n * d) throw new Error(`clamp needs the hook value at the ${n} positions (${n}×${d} values), got ${x?.length ?? 'none'}`);
  const rows = Array.from({ length: n }, (_, r) => r).filter((r) => positionSteered(spec.positions, start + r, promptLength));
  if (rows.length === 0) return out;
  const xs = new Float32Array(rows.length * d);
  rows.forEach((r, i) => xs.set(x.subarray(r * d, (r + 1) * d), i * d));
  const deltas = clampDeltas(sae, spec.features, xs, rows.length);
  rows.forEach((r, i) => out.set(deltas.subarray(i * d, (i + 1) * d), r * d));
  return out;
}

/** ‖v‖₂ of a vector (the UI shows the steering vector's norm against the residual's). */
export function l2Norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] ?? 0) ** 2;
  return Math.sqrt(s);
}
