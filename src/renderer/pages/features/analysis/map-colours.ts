import type { FeatureMapView } from '../../../../shared/types/analysis';
import { categorical, sequential } from './colour-scales';

export const COLOUR_BY = ['frequency', 'proxy', 'density', 'label'] as const;
export type ColourBy = (typeof COLOUR_BY)[number];

export const DENSITY_COLOURS: Record<string, string> = {
  dead: '#555b66',
  'ultra-low': '#e3b341',
  normal: '#35b779',
  dense: '#e5534b',
  unknown: '#8b949e',
};

/** One colour per point: frequency on a log10 viridis scale (dead grey), proxy on viridis 0…1, density bucket, label (unlabelled grey). */
export function pointColours(m: FeatureMapView, by: ColourBy): { colours: string[]; range: [number, number] | null } {
  const n = m.frequency.length;
  if (by === 'frequency') {
    const logs = m.frequency.filter((f) => f > 0).map(Math.log10);
    const lo = logs.length ? Math.min(...logs) : 0;
    const hi = logs.length ? Math.max(...logs) : 0;
    return {
      colours: m.frequency.map((f) => (f > 0 ? sequential(Math.log10(f) - lo, hi - lo || 1) : DENSITY_COLOURS.dead!)),
      range: [lo, hi],
    };
  }
  if (by === 'proxy') return { colours: m.proxy.map((p) => (p === null ? DENSITY_COLOURS.dead! : sequential(p, 1))), range: [0, 1] };
  if (by === 'density') return { colours: m.densityBucket.map((d) => DENSITY_COLOURS[d] ?? DENSITY_COLOURS.unknown!), range: null };
  return { colours: Array.from({ length: n }, (_, i) => (m.label[i] ? categorical(m.label[i]!) : '#3b4048')), range: null };
}
