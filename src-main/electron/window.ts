import path from 'node:path';
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { parseSafeExternalUrl } from '../../src-preload/safe-external-url';
import { isRendererUrl, rendererFilePath, rendererPageUrl } from './policy/renderer-url';

/**
 * The main window and the security hooks every web page in the app gets.
 * The renderer is only ever our built index.html, served at mailroom://app/
 * (renderer-protocol.ts); it reaches main only through
 * the preload's narrow bridge, and nothing it shows may navigate, open windows,
 * embed webviews or ask for device permissions.
 */

/** The main bundle is dist/main/index.js, so its siblings are found from __dirname. */
export const appPaths = {
  preload: path.join(__dirname, '..', 'preload', 'index.js'),
  rendererDir: path.join(__dirname, '..', 'renderer'),
};

/**
 * Applied to http(s) documents, which the app itself never loads: if one ever ends
 * up in a frame, it runs no foreign script and reaches nothing. The renderer's own
 * page carries its policy in a meta tag (src-renderer/index.html).
 */
export const REMOTE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ExternalOpener = (url: URL) => Promise<boolean>;

/** Sub-frames may only show srcdoc/blank documents or files of the renderer bundle. */
function isAllowedSubframeUrl(rawUrl: string): boolean {
  return rawUrl === 'about:blank' || rawUrl === 'about:srcdoc' || rendererFilePath(appPaths.rendererDir, rawUrl) !== null;
}

/** Hands a link to the OS only if it is a plain web or mailto link. */
function openOutside(rawUrl: string, openExternal: ExternalOpener, why: string): void {
  const url = parseSafeExternalUrl(rawUrl);
  if (!url) {
    console.warn(`[security] ${why}: refused to open ${JSON.stringify(rawUrl.slice(0, 200))}`);
    return;
  }
  openExternal(url).catch((err: unknown) => console.warn('[security] opening a link failed:', err));
}

/**
 * Installed on every webContents the app creates (from app 'web-contents-created'),
 * so a window or frame added later cannot forget them.
 */
export function hardenWebContents(contents: WebContents, openExternal: ExternalOpener): void {
  // The top document never leaves our index.html; in-page #routes do not fire this.
  contents.on('will-navigate', (event) => {
    if (isRendererUrl(event.url)) return;
    event.preventDefault();
    console.warn(`[security] blocked navigation to ${JSON.stringify(event.url.slice(0, 200))}`);
  });

  // Frames (the sandboxed email view) stay on srcdoc/blank documents. A link clicked
  // inside an email is not followed in place; opening it is the window-open path below.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || isAllowedSubframeUrl(event.url)) return;
    event.preventDefault();
    console.warn(`[security] blocked frame navigation to ${JSON.stringify(event.url.slice(0, 200))}`);
  });

  // No new Electron windows from web content, ever. target=_blank links and
  // window.open of web or mailto links go to the user's browser or mail program.
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, openExternal, 'window.open');
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    console.warn('[security] blocked a <webview>');
  });
}

/**
 * Session-wide rules: no permission for web content (notifications are shown by
 * main, not the page) and a strict CSP on anything fetched over http(s).
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    // Writing plain text to the clipboard (a "Copy address" button) is the one thing
    // our own page may do; reading it, devices, location, media and the rest are not.
    const allowed = permission === 'clipboard-sanitized-write' && isRendererUrl(details.requestingUrl ?? contents.getURL());
    if (!allowed) console.warn(`[security] denied permission '${permission}'`);
    callback(allowed);
  });
  session.setPermissionCheckHandler(
    (_contents, permission, _origin, details) =>
      permission === 'clipboard-sanitized-write' && details.isMainFrame && isRendererUrl(details.requestingUrl ?? ''),
  );
  session.setDevicePermissionHandler(() => false);

  // A session has one onHeadersReceived listener; this is it. Policies already sent
  // by the server are kept: with several policies the browser enforces all of them.
  session.webRequest.onHeadersReceived({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) headers[name] = [...value];
    const existing = Object.keys(headers).find((name) => name.toLowerCase() === 'content-security-policy');
    const key = existing ?? 'Content-Security-Policy';
    headers[key] = [...(headers[key] ?? []), REMOTE_CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}

interface AppWindowOptions {
  title: string;
  width: number;
  height: number;
  /** The renderer route, e.g. "/settings" for the admin's settings window. */
  route?: string;
  parent?: BrowserWindow;
}

export function createMainWindow(): BrowserWindow {
  return createAppWindow({ title: 'Mailroom', width: 1280, height: 820 });
}

export function createSettingsWindow(parent: BrowserWindow | undefined): BrowserWindow {
  return createAppWindow({ title: 'Mailroom settings', width: 1100, height: 780, route: '/settings', ...(parent ? { parent } : {}) });
}

function createAppWindow(options: AppWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: options.title,
    width: options.width,
    height: options.height,
    ...(options.parent ? { parent: options.parent } : {}),
    minWidth: 760,
    minHeight: 480,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: appPaths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      safeDialogs: true,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  // Show the (blank) window even when the page fails, rather than an invisible app.
  win.webContents.once('did-fail-load', () => {
    if (!win.isDestroyed() && !win.isVisible()) win.show();
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    console.error(`[window] renderer gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  win.webContents.on('preload-error', (_event, preloadPath, error) => {
    console.error(`[window] preload ${preloadPath} failed:`, error);
  });
  const page = rendererPageUrl(options.route);
  void win.loadURL(page).catch((err: unknown) => {
    console.error(`[window] could not load ${page} from ${appPaths.rendererDir}; was the renderer built (npm run build:renderer)?`, err);
  });
  return win;
}
