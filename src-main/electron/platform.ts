import path from 'node:path';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import type { AttachmentFiles, ExportFiles, FileFilter, Platform, UrlOpener } from '../services/platform/interfaces';
import { parseSafeExternalUrl } from '../../src-preload/safe-external-url';
import type { NotificationTarget } from '../../src-preload/contract';
import { createElectronBadge, createElectronNotifier } from './notifier';
import { ElectronOAuthAgent } from './oauth-window';
import { createSafeStorageSecretStore } from './secrets';
import { createElectronSettingsStore } from './settings';
import { createElectronUpdates } from './updater';

/** Opens links with the user's browser or mail program, after the same check as everywhere else. */
class ShellUrlOpener implements UrlOpener {
  async open(url: URL): Promise<boolean> {
    // Checked again here: this is the last stop before the OS runs a handler.
    const safe = parseSafeExternalUrl(url.href);
    if (!safe) return false;
    try {
      await shell.openExternal(safe.href, { activate: true });
      return true;
    } catch (err) {
      console.warn('[platform] openExternal failed:', err);
      return false;
    }
  }
}

/** The system's save dialog, starting in Downloads with the suggested name; null when the agent closed it. */
async function askSavePath(parent: BrowserWindow | null, suggestedName: string, filters: FileFilter[]): Promise<string | null> {
  const options = { defaultPath: path.join(app.getPath('downloads'), suggestedName), filters };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** Exports go where the agent says in the system's save dialog, starting in Downloads. */
class SaveDialogExportFiles implements ExportFiles {
  constructor(private readonly parent: () => BrowserWindow | null) {}

  chooseExportPath(suggestedName: string, filters: FileFilter[]): Promise<string | null> {
    return askSavePath(this.parent(), suggestedName, filters);
  }

  showInFolder(file: string): boolean {
    shell.showItemInFolder(file);
    return true;
  }
}

/** Attachments open in the system's app for their type and save where the agent says, starting in Downloads. */
class ShellAttachmentFiles implements AttachmentFiles {
  constructor(private readonly parent: () => BrowserWindow | null) {}

  openWithSystem(file: string): Promise<string> {
    return shell.openPath(file);
  }

  chooseSavePath(suggestedName: string): Promise<string | null> {
    return askSavePath(this.parent(), suggestedName, []);
  }
}

export interface ElectronPlatformOptions {
  userDataDir: string;
  /** What a click on a desktop notification does: bring the main window forward and open the target. */
  onNotificationClick: (target: NotificationTarget) => void;
  /** Opens (or focuses) the settings window. */
  openSettings: () => void;
  /** The window save dialogs belong to. */
  mainWindow: () => BrowserWindow | null;
}

/** The Electron implementations of the platform interfaces; call after app 'ready'. */
export async function createElectronPlatform(options: ElectronPlatformOptions): Promise<Platform> {
  return {
    secrets: await createSafeStorageSecretStore(options.userDataDir),
    settings: createElectronSettingsStore(options.userDataDir),
    notifier: createElectronNotifier(options.onNotificationClick),
    badge: createElectronBadge(),
    urlOpener: new ShellUrlOpener(),
    windows: {
      openSettings: () => {
        options.openSettings();
        return true;
      },
    },
    oauthAgent: new ElectronOAuthAgent(),
    updates: createElectronUpdates(),
    files: new SaveDialogExportFiles(options.mainWindow),
    attachmentFiles: new ShellAttachmentFiles(options.mainWindow),
  };
}
