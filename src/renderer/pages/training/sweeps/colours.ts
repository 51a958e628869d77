import type { TrainableArchitecture } from '../../../../shared/sae-architectures';

/** One colour per architecture on the sweep plots (distinct on the dark theme; the frontier line is pale grey). */
export const ARCHITECTURE_COLORS: Record<TrainableArchitecture, string> = {
  standard: '#22d3ee',
  topk: '#fb923c',
  batchtopk: '#a78bfa',
  jumprelu: '#34d399',
  gated: '#f472b6',
};
