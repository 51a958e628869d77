/**
 * Colour scales of the analysis views. Sequential: viridis (perceptually uniform, dark = low);
 * diverging: red–white–blue centred on 0 (negative red, positive blue). Stops from matplotlib.
 */
export type ScaleKind = 'sequential' | 'diverging';

const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];
const RDBU = ['#b2182b', '#d6604d', '#f4a582', '#fddbc7', '#f7f7f7', '#d1e5f0', '#92c5de', '#4393c3', '#2166ac'];

function hex(c: string): [number, number, number] {
  return [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
}

/** Linear interpolation along the stops, t ∈ [0, 1] (clamped). */
function along(stops: readonly string[], t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = hex(stops[i]!);
  const b = hex(stops[i + 1]!);
  const mix = (k: number) => Math.round(a[k]! + (b[k]! - a[k]!) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** Sequential: value in [0, max] → viridis. */
export function sequential(value: number, max: number): string {
  return along(VIRIDIS, max > 0 ? value / max : 0);
}

/** Diverging: value in [−limit, limit] → red … white (0) … blue. */
export function diverging(value: number, limit: number): string {
  return along(RDBU, limit > 0 ? 0.5 + value / (2 * limit) : 0.5);
}

export function colourOf(kind: ScaleKind, value: number, limit: number): string {
  return kind === 'sequential' ? sequential(value, limit) : diverging(value, limit);
}

/** Legend stops (for a CSS linear-gradient) of a scale. */
export function gradient(kind: ScaleKind): string {
  const stops = kind === 'sequential' ? VIRIDIS : RDBU;
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** A stable categorical colour per string (labels on the feature map). */
export function categorical(key: string): string {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return `hsl(${(h >>> 0) % 360}, 65%, 60%)`;
}
