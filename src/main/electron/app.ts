/**
 * Electron main process: constructs the same core as `mistudio serve` and attaches the
 * IPC transport. The renderer is sandboxed and only sees the preload's typed object.
 */
import path from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, shell } from 'electron';
import Store from 'electron-store';
import { createCore, type Core } from '../core';
import { DataDirLockedError } from '../core/data-dir-lock';
import { defaultPaths, appRoot } from '../core/paths';
import { defaultSettings } from '../core/settings/service';
import { confBackend } from '../core/settings/stores';
import { attachIpcTransport } from '../transports/ipc';
import { safeStorageSecretStore } from './secret-store';

app.setName('miStudio');
let core: Core | null = null;

// One window per user: a second launch focuses the running one and quits (docs/security.md).
// A `mistudio serve` on the same data dir is caught by the data-dir lock in createCore.
const primaryInstance = app.requestSingleInstanceLock();
if (!primaryInstance) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
}

function dataDirFrom(store: Store<Record<string, unknown>>): string {
  const flag = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
  const stored = store.get('dataDir');
  return path.resolve(flag ?? process.env.MISTUDIO_DATA_DIR ?? (typeof stored === 'string' ? stored : app.getPath('userData')));
}

function createMainCore(store: Store<Record<string, unknown>>, dataDir: string): Promise<Core> {
  return createCore({
    dataDir,
    mode: 'electron',
    electronVersion: process.versions.electron ?? null,
    settingsBackend: confBackend(store),
    secretStore: safeStorageSecretStore(path.join(app.getPath('userData'), 'secrets')),
  });
}

async function createWindow(): Promise<void> {
  // settings.json is private like everything else we write (0600).
  const store = new Store<Record<string, unknown>>({ name: 'settings', configFileMode: 0o600 });
  const dataDir = dataDirFrom(store);
  if (!store.has('dataDir')) store.store = { ...defaultSettings(dataDir), ...store.store };
  try {
    core = await createMainCore(store, dataDir);
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    dialog.showErrorBox('miStudio is already using this data dir', err.message);
    app.exit(1);
    return;
  }
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    backgroundColor: '#0f172a',
    title: 'miStudio',
    webPreferences: {
      preload: path.join(appRoot(), 'dist', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  const detach = attachIpcTransport(core, ipcMain, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  win.on('closed', detach);
  // Links open in the system browser, never inside the app.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  await win.loadFile(path.join(defaultPaths.renderer(), 'index.html'));
}

if (primaryInstance) {
  app
    .whenReady()
    .then(createWindow)
    .catch((err: unknown) => {
      console.error(err);
      app.exit(1);
    });
}

app.on('window-all-closed', () => {
  app.quit();
});

app.on('will-quit', (e) => {
  if (!core) return;
  e.preventDefault();
  const c = core;
  core = null;
  void c.close().finally(() => app.exit(0));
});
