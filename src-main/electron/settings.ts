import Conf from 'conf';
import type { SettingsStore } from '../services/platform/interfaces';

/**
 * SettingsStore on conf: small, non-secret preferences in settings.json in
 * userData, written atomically by the library. conf is electron-store's core;
 * electron-store itself would also register an ipcMain listener
 * ('electron-store-get-data') that our IPC door does not guard, so it is not used.
 */
class ConfSettingsStore implements SettingsStore {
  constructor(private readonly store: Conf<Record<string, unknown>>) {}

  get<T>(key: string, fallback: T): T {
    return this.store.has(key) ? (this.store.get(key) as T) : fallback;
  }

  set<T>(key: string, value: T): void {
    // conf refuses undefined; storing "nothing" means forgetting the key.
    if (value === undefined) this.store.delete(key);
    else this.store.set(key, value);
  }
}

export function createElectronSettingsStore(userDataDir: string): SettingsStore {
  const store = new Conf<Record<string, unknown>>({
    // The same file electron-store wrote, so existing preferences carry over.
    configName: 'settings',
    cwd: userDataDir,
    // Keys are flat names like "ui.theme", the same as in the Node settings store.
    accessPropertiesByDotNotation: false,
    // A hand-broken file should not stop the app; preferences are cheap to set again.
    clearInvalidConfig: true,
  });
  return new ConfSettingsStore(store);
}
