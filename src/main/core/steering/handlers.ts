import type { Handlers } from '../dispatch';
import type { SteeringPresetsService } from './presets';
import type { SteeringService } from './service';

export function steeringHandlers(
  s: SteeringService,
  presets: SteeringPresetsService,
): Pick<Handlers, `steering.${string}` & keyof Handlers> {
  return {
    'steering.generate': (args) => s.generate(args),
    'steering.sweep': (args) => s.sweep(args),
    'steering.stop': ({ jobId }) => s.stop(jobId),
    'steering.presets.list': ({ saeId }) => presets.list(saeId),
    'steering.presets.get': ({ id }) => presets.get(id),
    'steering.presets.save': (args) => presets.save(args),
    'steering.presets.rename': ({ id, name }) => presets.rename(id, name),
    'steering.presets.favorite': ({ id, isFavorite }) => presets.setFavorite(id, isFavorite),
    'steering.presets.delete': ({ id }) => presets.delete(id),
    'steering.presets.export': (args) => presets.export(args),
    'steering.presets.import': ({ json }) => presets.import(json),
  };
}
