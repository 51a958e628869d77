import type { Handlers } from '../dispatch';
import type { AnalysisService } from './service';

export function analysisHandlers(a: AnalysisService): Pick<Handlers, `analysis.${string}` & keyof Handlers> {
  return {
    'analysis.startAblation': (args) => a.startAblation(args),
    'analysis.ablation': ({ saeId, featureIndex, mode }) => a.ablation(saeId, featureIndex, mode),
    'analysis.startCorrelations': (args) => a.startCorrelations(args),
    'analysis.partners': ({ saeId, featureIndex }) => a.partners(saeId, featureIndex),
    'analysis.heatmap': (q) => a.heatmap(q),
    'analysis.startMap': (args) => a.startMap(args),
    'analysis.map': ({ saeId, method }) => a.map(saeId, method),
    'analysis.active': ({ saeId }) => a.active(saeId),
  };
}
