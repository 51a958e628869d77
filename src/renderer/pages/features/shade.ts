/**
 * How an activation is drawn on a token: emerald with opacity ∝ activation / scale
 * (scale = the feature's max activation over the pass, so shades compare across examples).
 * SAE activations are ≥ 0 after ReLU/TopK/JumpReLU; anything ≤ 0 is unshaded.
 */
export function activationShade(value: number, scale: number): string {
  if (!(value > 0) || !(scale > 0)) return 'transparent';
  const t = Math.min(1, value / scale);
  // A floor keeps a weak but non-zero activation visible; 0.85 keeps text readable at the peak.
  const alpha = 0.12 + 0.73 * t;
  return `rgba(16, 185, 129, ${alpha.toFixed(3)})`;
}

/** A token as text on screen: newlines and tabs made visible, an empty token as ∅. */
export function visibleToken(text: string): string {
  if (text === '') return '∅';
  return text.replace(/\n/g, '↵').replace(/\t/g, '⇥');
}

/**
 * A token shown on its own (a bar label, a chip), where a leading space would vanish but
 * matters: " ern" starts a word, "ern" continues one. The space is drawn as ␣.
 */
export function tokenLabel(text: string): string {
  return visibleToken(text).replace(/^ /, '␣');
}

/** An activation value for reading: 3 significant digits, no exponent below 1e-3. */
export function formatActivation(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1e-3) return Number(v.toPrecision(3)).toString();
  return v.toExponential(2);
}

/** A frequency (fraction of tokens) as a percentage a researcher reads at a glance. */
export function formatFrequency(f: number): string {
  if (!Number.isFinite(f)) return '—';
  if (f === 0) return '0%';
  const p = f * 100;
  if (p >= 1) return `${p.toFixed(2)}%`;
  if (p >= 0.001) return `${Number(p.toPrecision(3))}%`;
  return `${p.toExponential(1)}%`;
}
