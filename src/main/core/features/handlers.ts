import type { Handlers } from '../dispatch';
import type { FeaturesService } from './service';

export function featuresHandlers(fs: FeaturesService): Pick<Handlers, `features.${string}` & keyof Handlers> {
  return {
    'features.startPass': (args) => fs.startPass(args),
    'features.passStatus': ({ saeId }) => fs.passStatus(saeId),
    'features.passes': ({ saeId }) => fs.passList(saeId),
    'features.cancelPass': ({ saeId }) => fs.cancelPass(saeId),
    'features.list': (q) => fs.list(q),
    'features.get': ({ saeId, featureIndex }) => fs.get(saeId, featureIndex),
    'features.examples': ({ saeId, featureIndex }) => fs.examples(saeId, featureIndex),
    'features.update': ({ saeId, featureIndex, ...patch }) => fs.update(saeId, featureIndex, patch),
    'features.probe': ({ saeId, text, topFeatures, featureIndex }) => fs.probe(saeId, text, topFeatures, featureIndex),
  };
}
