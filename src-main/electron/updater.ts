import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { UpdateStatus } from '../../src-preload/contract';
import type { Updates } from '../services/platform/interfaces';
import { updateFeedUrl } from './policy/update-feed';

/**
 * The update channel on electron-updater. Off unless the app is packaged with an
 * https feed (electron-builder.yml `publish`). When on, it checks at start and every
 * few hours and downloads quietly; the only restart is the one the user asks for with
 * "Restart to update", so nothing an agent is writing is ever cut off. An update that
 * is not installed that way waits for the next one (no install on quit either: the deb
 * would ask for an administrator password at an unexpected moment).
 */

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

const OFF: Updates = { status: () => ({ state: 'off' }), restartToUpdate: () => false, onChange: () => undefined };

function packagedFeed(): string | null {
  if (!app.isPackaged) return null;
  try {
    return updateFeedUrl(fs.readFileSync(path.join(process.resourcesPath, 'app-update.yml'), 'utf8'));
  } catch {
    return null; // No app-update.yml: this package has no update channel (macOS without zip, a portable build).
  }
}

export function createElectronUpdates(): Updates {
  const feed = packagedFeed();
  if (!feed) return OFF;

  let status: UpdateStatus = { state: 'idle' };
  const listeners: Array<() => void> = [];
  const set = (next: UpdateStatus) => {
    status = next;
    for (const listener of listeners) listener();
  };

  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.on('update-available', (info) => set({ state: 'downloading', version: info.version }));
  autoUpdater.on('update-downloaded', (info) => set({ state: 'ready', version: info.version }));
  autoUpdater.on('error', (err) => {
    console.warn(`[updates] checking ${feed} failed:`, err.message);
    // A downloaded update stays ready; a failed download goes back to waiting for the next check.
    if (status.state === 'downloading') set({ state: 'idle' });
  });
  const check = () => {
    if (status.state === 'ready') return;
    autoUpdater.checkForUpdates().catch((err: unknown) => console.warn('[updates] check failed:', err instanceof Error ? err.message : err));
  };
  check();
  setInterval(check, CHECK_EVERY_MS).unref();

  return {
    status: () => status,
    restartToUpdate: () => {
      if (status.state !== 'ready') return false;
      // After the reply has gone back to the page: quitting closes the windows.
      setImmediate(() => autoUpdater.quitAndInstall(false, true));
      return true;
    },
    onChange: (listener) => listeners.push(listener),
  };
}
