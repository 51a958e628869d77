import { z } from 'zod';
import { method } from './define';
import { settingsPatchSchema, type SettingsView } from '../types/settings';

export const settingsMethods = {
  'settings.get': method<SettingsView>()(z.object({}).strict()),
  'settings.update': method<SettingsView>()(settingsPatchSchema),
  'settings.reset': method<SettingsView>()(z.object({}).strict()),
  /** Stores the HF token encrypted; it is never returned to the renderer. */
  'settings.setHfToken': method<SettingsView>()(
    z.object({ token: z.string().trim().min(8).max(512).regex(/^\S+$/, 'a token has no spaces') }).strict(),
  ),
  'settings.clearHfToken': method<SettingsView>()(z.object({}).strict()),
};
