import path from 'node:path';
import { settingsSchema, type Settings, type SettingsPatch, type SettingsView } from '../../../shared/types/settings';
import type { EventBus } from '../events';
import type { Logger } from '../util/logger';
import type { SecretStore, SettingsBackend } from './stores';

export function defaultSettings(dataDir: string): Settings {
  return {
    hfCacheDir: path.join(dataDir, 'hf-cache'),
    computeDevice: 'auto',
    executionProvider: 'auto',
    trainingEngine: 'auto',
    // the hyperparameters' defaults (docs/training.md)
    trainingDefaults: { learningRate: 2e-3, batchSize: 1024, l1Coefficient: 4, expansionFactor: 8 },
    dataDir,
  };
}

/**
 * Versions ≤ 0.1.0 shipped the product plan's values (lr 1e-4, batch 256, L1 1e-3) as training defaults
 * and stored them whole on any settings save; with normalised inputs that L1 gives a barely
 * sparse SAE. Values still equal to those old defaults are dropped so today's defaults apply.
 */
const OLD_TRAINING_DEFAULTS: Record<string, number> = { learningRate: 1e-4, batchSize: 256, l1Coefficient: 1e-3 };
function withoutOldDefaults(stored: unknown): Record<string, unknown> {
  if (!stored || typeof stored !== 'object') return {};
  return Object.fromEntries(Object.entries(stored).filter(([k, v]) => OLD_TRAINING_DEFAULTS[k] !== v));
}

/** Settings with validation on every write; a stored file that fails validation falls back field by field. */
export class SettingsService {
  private current: Settings;

  constructor(
    private readonly backend: SettingsBackend,
    private readonly secrets: SecretStore,
    private readonly runningDataDir: string,
    private readonly events: EventBus,
    private readonly log: Logger,
  ) {
    this.current = this.load();
  }

  private load(): Settings {
    const defaults = defaultSettings(this.runningDataDir);
    const stored = this.backend.read();
    const merged = {
      ...defaults,
      ...stored,
      trainingDefaults: { ...defaults.trainingDefaults, ...withoutOldDefaults(stored.trainingDefaults) },
    };
    const parsed = settingsSchema.safeParse(merged);
    if (parsed.success) return parsed.data;
    this.log.warn(
      `stored settings invalid (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}); using defaults for those fields`,
    );
    const repaired: Record<string, unknown> = { ...merged };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      repaired[key] = defaults[key as keyof Settings];
    }
    return settingsSchema.parse(repaired);
  }

  get settings(): Settings {
    return this.current;
  }

  view(): SettingsView {
    return {
      ...this.current,
      hfTokenSet: this.secrets.get() !== null,
      hfTokenStorage: this.secrets.kind,
      dataDirPendingRestart: path.resolve(this.current.dataDir) !== path.resolve(this.runningDataDir),
    };
  }

  update(patch: SettingsPatch): SettingsView {
    const next = settingsSchema.parse({
      ...this.current,
      ...patch,
      trainingDefaults: { ...this.current.trainingDefaults, ...(patch.trainingDefaults ?? {}) },
    });
    this.backend.write(next);
    this.current = next;
    this.events.emit('settings.changed', { keys: Object.keys(patch) });
    return this.view();
  }

  reset(): SettingsView {
    this.current = defaultSettings(this.runningDataDir);
    this.backend.write(this.current);
    this.events.emit('settings.changed', { keys: Object.keys(this.current) });
    return this.view();
  }

  /** For the hub client only. */
  hfToken(): string | null {
    return this.secrets.get();
  }

  async setHfToken(token: string): Promise<SettingsView> {
    await this.secrets.set(token);
    this.log.info('HF token stored');
    this.events.emit('settings.changed', { keys: ['hfToken'] });
    return this.view();
  }

  clearHfToken(): SettingsView {
    this.secrets.clear();
    this.log.info('HF token cleared');
    this.events.emit('settings.changed', { keys: ['hfToken'] });
    return this.view();
  }
}
