import { Rng } from './rng';

/**
 * Synthetic sparse-dictionary activations for tests and benches: `nFeatures` unit-norm
 * ground-truth directions in R^d_in; each token is a sum of a few of them (each fires with
 * probability `pFire`) with magnitudes in [0.5, 1.5), plus a constant offset.
 */
export class SparseDictionaryData {
  readonly dictionary: Float32Array; // [n_features, d_in]
  private readonly rng: Rng;

  constructor(
    readonly dIn: number,
    readonly nFeatures: number,
    readonly pFire: number,
    seed: number,
    readonly offset = 0,
  ) {
    this.rng = new Rng(seed);
    this.dictionary = new Float32Array(nFeatures * dIn);
    for (let j = 0; j < nFeatures; j++) {
      let s = 0;
      for (let c = 0; c < dIn; c++) {
        const v = this.rng.normal();
        this.dictionary[j * dIn + c] = v;
        s += v * v;
      }
      const inv = 1 / Math.sqrt(s);
      for (let c = 0; c < dIn; c++) this.dictionary[j * dIn + c] = (this.dictionary[j * dIn + c] ?? 0) * inv;
    }
  }

  /** A batch [n, d_in]. */
  batch(n: number): Float32Array {
    const { dIn } = this;
    const out = new Float32Array(n * dIn).fill(this.offset);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < this.nFeatures; j++) {
        if (this.rng.next() >= this.pFire) continue;
        const a = 0.5 + this.rng.next();
        for (let c = 0; c < dIn; c++) out[r * dIn + c] = (out[r * dIn + c] ?? 0) + a * (this.dictionary[j * dIn + c] ?? 0);
      }
    }
    return out;
  }
}
