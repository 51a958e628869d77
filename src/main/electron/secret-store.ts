import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../core/settings/stores';
import { ensurePrivateDir } from '../core/storage/private-files';
import { writeFileAtomic } from '../core/util/atomic-write';

/** HF token encrypted with the OS keychain (Electron safeStorage), ciphertext in a 0600 file. */
export function safeStorageSecretStore(dir: string): SecretStore {
  const file = path.join(dir, 'hf-token.enc');
  return {
    kind: 'safeStorage',
    get() {
      if (!existsSync(file)) return null;
      try {
        return safeStorage.decryptString(readFileSync(file)) || null;
      } catch {
        return null; // keychain changed: the token must be entered again
      }
    },
    async set(secret) {
      if (!safeStorage.isEncryptionAvailable())
        throw new Error('The OS keychain is not available, so the token cannot be stored encrypted.');
      ensurePrivateDir(dir); // an existing secrets/ at 0755 is tightened too
      await writeFileAtomic(file, safeStorage.encryptString(secret), { mode: 0o600 });
    },
    clear: () => rmSync(file, { force: true }),
  };
}
