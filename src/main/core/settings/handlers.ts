import type { Handlers } from '../dispatch';
import type { SettingsService } from './service';

export function settingsHandlers(settings: SettingsService): Pick<Handlers, `settings.${string}` & keyof Handlers> {
  return {
    'settings.get': () => settings.view(),
    'settings.update': (patch) => settings.update(patch),
    'settings.reset': () => settings.reset(),
    'settings.setHfToken': ({ token }) => settings.setHfToken(token),
    'settings.clearHfToken': () => settings.clearHfToken(),
  };
}
