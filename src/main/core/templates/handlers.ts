import type { Handlers } from '../dispatch';
import type { TemplatesService } from './service';

export function templatesHandlers(t: TemplatesService): Pick<Handlers, `templates.${string}` & keyof Handlers> {
  return {
    'templates.list': ({ kind }) => t.list(kind),
    'templates.save': ({ kind, ...rest }) => t.save(kind, rest),
    'templates.setFavorite': ({ kind, id, isFavorite }) => t.setFavorite(kind, id, isFavorite),
    'templates.delete': ({ kind, id }) => t.delete(kind, id),
  };
}
