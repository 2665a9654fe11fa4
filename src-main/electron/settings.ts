import { ipcMain } from 'electron';
import Store from 'electron-store';
import type { SettingsStore } from '../services/platform/interfaces';

/**
 * electron-store's constructor registers an ipcMain listener for renderers
 * that use the store directly. Ours never do, and that listener would answer
 * any frame without passing our IPC door, so it is removed right away.
 */
const ELECTRON_STORE_IPC_CHANNEL = 'electron-store-get-data';

/**
 * SettingsStore on electron-store: small, non-secret preferences in
 * settings.json in userData, written atomically by the library.
 */
class ElectronSettingsStore implements SettingsStore {
  constructor(private readonly store: Store<Record<string, unknown>>) {}

  get<T>(key: string, fallback: T): T {
    return this.store.has(key) ? (this.store.get(key) as T) : fallback;
  }

  set<T>(key: string, value: T): void {
    // electron-store refuses undefined; storing "nothing" means forgetting the key.
    if (value === undefined) this.store.delete(key);
    else this.store.set(key, value);
  }
}

export function createElectronSettingsStore(userDataDir: string): SettingsStore {
  const store = new Store<Record<string, unknown>>({
    name: 'settings',
    cwd: userDataDir,
    // Keys are flat names like "ui.theme", the same as in the Node settings store.
    accessPropertiesByDotNotation: false,
    // A hand-broken file should not stop the app; preferences are cheap to set again.
    clearInvalidConfig: true,
  });
  ipcMain.removeAllListeners(ELECTRON_STORE_IPC_CHANNEL);
  return new ElectronSettingsStore(store);
}
