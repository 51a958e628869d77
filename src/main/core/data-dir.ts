import os from 'node:os';
import path from 'node:path';

/**
 * The default data dir — the same folder Electron uses as userData for productName
 * "miStudio", so the desktop app and `mistudio serve` share data.
 */
export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'miStudio');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'miStudio');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'miStudio');
}

/** `--data-dir` beats MISTUDIO_DATA_DIR beats the default. */
export function resolveDataDir(flag: string | undefined): string {
  return path.resolve(flag ?? process.env.MISTUDIO_DATA_DIR ?? defaultDataDir());
}
