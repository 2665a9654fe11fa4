/**
 * The Electron entry point: app lifecycle, the main window and the security hooks.
 * Everything the app does lives in the services behind startMailroom(); this file
 * only wires them to Electron.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { startMailroom, type Mailroom } from './bootstrap';
import { createElectronPlatform } from './electron/platform';
import { createEventSink, registerIpcHandlers } from './electron/ipc';
import { isSignInContents } from './electron/oauth-window';
import { registerRendererScheme, serveRenderer } from './electron/renderer-protocol';
import { appPaths, createMainWindow, createSettingsWindow, hardenSession, hardenWebContents, type ExternalOpener } from './electron/window';
import { AppError } from './services/errors/app-error';
import type { Platform } from './services/platform/interfaces';

const APP_ID = 'app.mailroom.desktop';
const CLOSE_TIMEOUT_MS = 10_000;

// Tests and side-by-side profiles: a separate data folder (and single-instance lock).
// Must happen before 'ready' and before the lock, which lives in userData.
const dataDirOverride = process.env.MAILROOM_DATA_DIR;
if (dataDirOverride) app.setPath('userData', path.resolve(dataDirOverride));

// Every renderer runs sandboxed, including any a library might create.
app.enableSandbox();
// The app's pages come from mailroom://app/, never file:// (the file fuse is off).
registerRendererScheme();
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

if (!app.requestSingleInstanceLock()) {
  // Another Mailroom owns this data folder; it is told to show itself ('second-instance').
  app.quit();
} else {
  run();
}

function run(): void {
  let mainWindow: BrowserWindow | null = null;
  let settingsWindow: BrowserWindow | null = null;
  let platform: Platform | null = null;
  let mailroom: Promise<Mailroom | null> | null = null;
  let unregisterIpc: (() => void) | null = null;
  let shutdown: 'running' | 'closing' | 'closed' = 'running';

  const getWindows = () => [mainWindow, settingsWindow].filter((w): w is BrowserWindow => w !== null);
  const emit = createEventSink(getWindows);
  const openExternal: ExternalOpener = async (url) => (platform ? platform.urlOpener.open(url) : false);

  function showMainWindow(): void {
    if (shutdown !== 'running' || !unregisterIpc) return;
    if (!mainWindow || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow();
      const created = mainWindow;
      created.on('closed', () => {
        if (mainWindow === created) mainWindow = null;
      });
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  function showSettingsWindow(): void {
    if (shutdown !== 'running') return;
    if (settingsWindow && !settingsWindow.isDestroyed()) {
      settingsWindow.show();
      settingsWindow.focus();
      return;
    }
    const created = createSettingsWindow(mainWindow ?? undefined);
    settingsWindow = created;
    created.on('closed', () => {
      if (settingsWindow === created) settingsWindow = null;
    });
  }

  // Every webContents (main window, any future window) gets the same guards.
  // Sign-in windows show the provider's pages and get their own rules (oauth-window.ts).
  app.on('web-contents-created', (_event, contents) => {
    if (!isSignInContents(contents)) hardenWebContents(contents, openExternal);
  });

  app.on('second-instance', () => showMainWindow());

  // macOS apps stay in the Dock with no window open (and keep syncing); others quit.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showMainWindow();
  });

  // Close the services (sync, database) before the process ends. will-quit is held
  // until close() settles, with a time limit so a stuck server never blocks quitting.
  app.on('will-quit', (event) => {
    if (shutdown === 'closed' || !mailroom) return;
    event.preventDefault();
    if (shutdown === 'closing') return;
    shutdown = 'closing';
    unregisterIpc?.();
    unregisterIpc = null;
    const starting = mailroom;
    void closeWithin(starting, CLOSE_TIMEOUT_MS).finally(() => {
      shutdown = 'closed';
      app.quit();
    });
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  process.on('unhandledRejection', (reason) => console.error('[main] unhandled rejection:', reason));

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    serveRenderer(appPaths.rendererDir);
    try {
      platform = await createElectronPlatform({
        userDataDir: app.getPath('userData'),
        onNotificationClick: (target) => {
          showMainWindow();
          emit('notificationOpen', target);
        },
        openSettings: showSettingsWindow,
        mainWindow: () => mainWindow,
      });
      mailroom = startMailroom({
        dataDir: app.getPath('userData'),
        platform,
        host: 'electron',
        version: app.getVersion(),
        emit,
        headerWorkerScript: headerWorkerBundle(),
      });
      const started = await mailroom;
      if (!started || shutdown !== 'running') return;
      unregisterIpc = registerIpcHandlers(started.handlers, getWindows);
      showMainWindow();
    } catch (err) {
      mailroom = null;
      if (shutdown === 'running') reportStartupFailure(err);
      else console.error('[main] startup failed while quitting:', err);
      app.exit(1);
    }
  });
}

/**
 * The sync workers' entry, built beside this bundle with its chunks (scripts/build-electron.mjs).
 * A worker thread cannot load its code from inside app.asar, so the installed app runs
 * the copy electron-builder unpacks next to it (asarUnpack in electron-builder.yml).
 */
function headerWorkerBundle(): string {
  const dir = app.isPackaged ? path.join(process.resourcesPath, 'app.asar.unpacked', 'dist', 'main') : __dirname;
  return path.join(dir, 'worker', 'header-worker.mjs');
}

async function closeWithin(mailroom: Promise<Mailroom | null>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`[main] services did not close within ${ms} ms; quitting anyway`);
      resolve();
    }, ms);
  });
  const close = mailroom
    .then((started) => started?.close())
    .catch((err: unknown) => console.error('[main] closing the services failed:', err));
  await Promise.race([close, timeout]);
  clearTimeout(timer);
}

function reportStartupFailure(err: unknown): void {
  console.error('[main] Mailroom could not start:', err);
  const text =
    err instanceof AppError
      ? `${err.info.cause}\n\n${err.info.fix}${err.info.detail ? `\n\n(${err.info.detail})` : ''}`
      : `${err instanceof Error ? err.message : String(err)}\n\nData folder: ${app.getPath('userData')}`;
  dialog.showErrorBox('Mailroom could not start', text);
}
