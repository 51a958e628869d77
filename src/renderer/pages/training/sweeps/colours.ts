import type { TrainableArchitecture } from '../../../../shared/sae-architectures';
import type { Marker } from '../../../charts/FrontierScatter';

/** One colour per architecture on the sweep plots (distinct on the dark theme; the frontier line is pale grey). */
export const ARCHITECTURE_COLORS: Record<TrainableArchitecture, string> = {
  standard: '#22d3ee',
  topk: '#fb923c',
  batchtopk: '#a78bfa',
  jumprelu: '#34d399',
  gated: '#f472b6',
  matryoshka: '#facc15',
};

/** And one shape: TopK and BatchTopK runs at the same k land on the same L0, one over the other. */
export const ARCHITECTURE_MARKERS: Record<TrainableArchitecture, Marker> = {
  standard: 'circle',
  topk: 'square',
  batchtopk: 'diamond',
  jumprelu: 'triangle',
  gated: 'circle',
  matryoshka: 'square',
};
