/**
 * The real Electron app, when an Electron binary is installed: the window, the
 * preload's bridge and the renderer's isolation. Everything else end to end runs
 * against the browser host, because the binary cannot be downloaded everywhere
 * (npm install with ELECTRON_SKIP_BINARY_DOWNLOAD, or no access to GitHub).
 *
 * Needs `npm run build` first (dist/main, dist/preload, dist/renderer).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { channels, type MailroomBridge } from '../../src-preload/contract';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * What the page sees, typed here so this file does not need the DOM lib. Used as
 * `(globalThis as unknown as PageGlobals)` inside evaluate(): those callbacks run in
 * the page, so they cannot close over anything from this file.
 */
type PageGlobals = {
  mailroom: MailroomBridge;
  open(url: string): unknown;
  location: { href: string };
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
} & Record<string, unknown>;

/**
 * Where `require('electron')` would point, without requiring it: the electron
 * package tries to download the binary when it is required and it is missing.
 */
function electronBinary(): { path: string } | { missing: string } {
  const notInstalled =
    'Electron binary not installed here (it cannot be downloaded offline); run npm start on a machine with internet';
  try {
    const pkgDir = path.dirname(require.resolve('electron/package.json', { paths: [repoRoot] }));
    const pathFile = path.join(pkgDir, 'path.txt');
    if (!fs.existsSync(pathFile)) return { missing: notInstalled };
    const relative = fs.readFileSync(pathFile, 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist');
    const binary = path.join(distDir, relative);
    return fs.existsSync(binary) ? { path: binary } : { missing: notInstalled };
  } catch {
    return { missing: notInstalled };
  }
}

function unavailable(): string | null {
  const binary = electronBinary();
  if ('missing' in binary) return binary.missing;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'No display for Electron windows here; run this under xvfb-run (or in a desktop session)';
  }
  return null;
}

const skipReason = unavailable();

test.describe('Electron app', () => {
  let app: ElectronApplication | null = null;
  let page: Page;
  let dataDir = '';

  test.beforeAll(async () => {
    if (skipReason) {
      console.log(`[electron.spec] skipped: ${skipReason}`);
      return;
    }
    const binary = electronBinary();
    if (!('path' in binary)) return;
    for (const built of ['dist/main/index.js', 'dist/preload/index.js', 'dist/renderer/index.html']) {
      if (!fs.existsSync(path.join(repoRoot, built))) throw new Error(`${built} is missing: run npm run build first.`);
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-electron-'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    env.MAILROOM_DATA_DIR = dataDir;
    app = await electron.launch({ executablePath: binary.path, args: ['.'], cwd: repoRoot, env, timeout: 60_000 });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test.beforeEach(() => {
    test.skip(skipReason !== null, skipReason ?? '');
  });

  test('serves the app from mailroom://app/, never file://, and nothing outside the renderer', async () => {
    expect(page.url()).toMatch(/^mailroom:\/\/app\/index\.html(#.*)?$/);

    // The page's own assets load over the scheme; ways out of the renderer folder do not.
    const answers = await page.evaluate(async () => {
      const status = async (url: string) => {
        try {
          return (await fetch(url)).status;
        } catch {
          return 'refused';
        }
      };
      return {
        index: await status('mailroom://app/index.html'),
        encodedDots: await status('mailroom://app/%2e%2e/%2e%2e/package.json'),
        encodedSlash: await status('mailroom://app/..%2f..%2fpackage.json'),
        backslash: await status('mailroom://app/..%5c..%5cpackage.json'),
        // Another origin: the CSP (connect-src 'self') stops these before any handler.
        otherHost: await status('mailroom://evil/index.html'),
        file: await status('file:///etc/passwd'),
      };
    });
    expect(answers).toEqual({ index: 200, encodedDots: 404, encodedSlash: 404, backslash: 404, otherHost: 'refused', file: 'refused' });

    // The app's policy is the strict one: the browser host's ws://127.0.0.1:* is not in it.
    const policy = await page.evaluate(
      () =>
        (globalThis as unknown as PageGlobals).document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    );
    expect(policy).toContain("connect-src 'self';");
    expect(policy).not.toContain('ws:');
  });

  test('opens one window titled Mailroom', async () => {
    expect(await page.title()).toBe('Mailroom');

    const windows = await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((win) => win.getTitle()));
    expect(windows).toEqual(['Mailroom']);
  });

  test('exposes exactly the contract as window.mailroom', async () => {
    const bridge = await page.evaluate(() =>
      Object.entries((globalThis as unknown as PageGlobals).mailroom as unknown as Record<string, unknown>).map(([name, value]) => [name, typeof value]),
    );
    expect(Object.fromEntries(bridge)).toEqual(Object.fromEntries([...channels, 'on'].map((name) => [name, 'function'])));

    const status = await page.evaluate(() => (globalThis as unknown as PageGlobals).mailroom.getStatus({}));
    expect(status.host).toBe('electron');

    // A malformed request is refused by main with a typed error that survives contextBridge.
    const code = await page.evaluate(async () => {
      try {
        await (globalThis as unknown as PageGlobals).mailroom.listMessages({} as never);
        return 'resolved';
      } catch (err) {
        return (err as { info?: { code?: string } }).info?.code ?? 'no info';
      }
    });
    expect(code).toBe('ipc/invalid-request');
  });

  test('gives the page no Node, no ipcRenderer and no new windows', async () => {
    const globals = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return {
        require: typeof g.require,
        process: typeof g.process,
        module: typeof g.module,
        Buffer: typeof g.Buffer,
        ipcRenderer: typeof g.ipcRenderer,
        electron: typeof g.electron,
      };
    });
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      Buffer: 'undefined',
      ipcRenderer: 'undefined',
      electron: 'undefined',
    });

    // Neither URL is handed to the OS (not http(s)/mailto), so nothing opens outside either.
    const opened = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      return [g.open('about:blank'), g.open('file:///etc/passwd')].map((w) => w === null);
    });
    expect(opened).toEqual([true, true]);
    expect(app!.windows()).toHaveLength(1);
  });

  test('keeps the window on the app when the page tries to navigate away', async () => {
    const before = page.url();
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
  });
});
