import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write';
import { ensurePrivateDir } from '../storage/private-files';

/**
 * Where settings persist. Electron passes an electron-store; serve mode a `conf`
 * store in the data dir (electron-store is conf plus Electron's paths: same format).
 */
export interface SettingsBackend {
  read(): Record<string, unknown>;
  write(value: Record<string, unknown>): void;
}

/** The subset of conf / electron-store we use. */
export interface ConfLike {
  store: Record<string, unknown>;
}

export function confBackend(store: ConfLike): SettingsBackend {
  return {
    read: () => ({ ...store.store }),
    write: (value) => {
      store.store = value;
    },
  };
}

/** The HF token's home: never logged, never sent to the renderer. */
export interface SecretStore {
  readonly kind: 'safeStorage' | 'file';
  get(): string | null;
  set(secret: string): Promise<void>;
  clear(): void;
}

/** Serve mode: <dataDir>/secrets/hf-token, mode 0600 in a 0700 folder. */
export function fileSecretStore(dataDir: string): SecretStore {
  const dir = path.join(dataDir, 'secrets');
  const file = path.join(dir, 'hf-token');
  return {
    kind: 'file',
    get: () => (existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null),
    async set(secret) {
      ensurePrivateDir(dir); // an existing secrets/ at 0755 is tightened too
      await writeFileAtomic(file, secret, { mode: 0o600 });
    },
    clear: () => rmSync(file, { force: true }),
  };
}
