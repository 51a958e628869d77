import { productRowExtremes, type RowExtremes } from './row-extremes';

/**
 * Decoder-direction nearest neighbours (docs/features.md): cosine similarity of W_dec rows,
 * cos(f, g) = W_dec[f] · W_dec[g] / (‖W_dec[f]‖ ‖W_dec[g]‖), the `count` highest per feature
 * (itself excluded; a zero row has cosine 0 with everything). W_dec: [d_sae, d_in].
 */
export async function decoderNeighbours(
  wDec: Float32Array,
  dSae: number,
  dIn: number,
  count: number,
  opts: { between?: () => Promise<void>; provider?: string; chunkBytes?: number } = {},
): Promise<RowExtremes> {
  const unit = new Float32Array(wDec.length);
  for (let r = 0; r < dSae; r++) {
    let s = 0;
    for (let c = 0; c < dIn; c++) s += wDec[r * dIn + c]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let c = 0; c < dIn; c++) unit[r * dIn + c] = wDec[r * dIn + c]! * inv;
  }
  const { top } = await productRowExtremes(unit, dSae, dIn, unit, dSae, true, {
    top: Math.min(count, dSae - 1),
    bottom: 0,
    skipDiagonal: true,
    ...opts,
  });
  return top;
}
