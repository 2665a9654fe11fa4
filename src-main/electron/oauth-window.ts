/**
 * Where the provider's sign-in page is shown in the app: a dedicated window, or
 * the system browser when the admin asks for it (RFC 8252 prefers it; Google
 * requires it). Either way the provider ends on the loopback redirect, which
 * OAuthService receives; this file only shows the page.
 */
import { randomUUID } from 'node:crypto';
import { BrowserWindow, session, shell, type Session, type WebContents } from 'electron';
import { appError } from '../services/errors/app-error';
import type { OAuthAgent } from '../services/platform/interfaces';
import { parseSafeExternalUrl } from '../../src-preload/safe-external-url';
import { isSignInNavigationAllowed, loopbackRedirectOf } from './policy/sign-in-navigation';

const signInSessions = new WeakSet<Session>();

/**
 * True for a sign-in window's contents. The app's 'web-contents-created' hardening
 * keeps windows on our own index.html, which would stop the provider's login form
 * from ever submitting; sign-in windows get the rules below instead.
 */
export function isSignInContents(contents: WebContents): boolean {
  return signInSessions.has(contents.session);
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export class ElectronOAuthAgent implements OAuthAgent {
  async open(authorizationUrl: string, options: { useSystemBrowser: boolean; signal: AbortSignal }): Promise<void> {
    const url = parseSafeExternalUrl(authorizationUrl);
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw appError('oauth/bad-url', 'The sign-in address of the provider is not a web address.', 'Check the authorization endpoint in the OAuth settings.');
    }
    if (!options.useSystemBrowser) {
      if (url.protocol !== 'https:') {
        throw appError(
          'oauth/insecure-url',
          "The provider's sign-in page is not served over https, and the sign-in window shows https pages only.",
          'Use an https authorization endpoint, or turn on "Use the system browser" for this account.',
          `${url.protocol}//${url.host}`,
        );
      }
      return showSignInWindow(url, options.signal);
    }
    try {
      await shell.openExternal(url.href, { activate: true });
    } catch (err) {
      throw appError(
        'oauth/no-browser',
        'The web browser could not be opened for the sign-in.',
        'Set a default web browser in the system settings, or turn off "Use the system browser".',
        err instanceof Error ? err.message : String(err),
      );
    }
    // The browser tab is out of our sight: the attempt ends with the redirect or its timeout.
    return untilAborted(options.signal);
  }
}

/**
 * Resolves when the window closes: when the user closes it, or when the attempt ends
 * (the service aborts `signal` after the redirect has loaded and the code was redeemed).
 */
function showSignInWindow(url: URL, signal: AbortSignal): Promise<void> {
  // No "persist:" prefix: an in-memory session of its own, so no cookie of an earlier
  // sign-in picks the account, and nothing of this one reaches the disk.
  const signInSession = session.fromPartition(`oauth-${randomUUID()}`);
  signInSessions.add(signInSession);
  signInSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  signInSession.setPermissionCheckHandler(() => false);
  signInSession.setDevicePermissionHandler(() => false);

  const win = new BrowserWindow({
    title: 'Sign in',
    width: 520,
    height: 720,
    parent: BrowserWindow.getFocusedWindow() ?? undefined,
    autoHideMenuBar: true,
    webPreferences: {
      session: signInSession,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    },
  });
  const contents = win.webContents;
  const redirect = loopbackRedirectOf(url.href);
  // Both a click (will-navigate) and a server's 3xx (will-redirect) must pass the same rule.
  const guard = (event: Electron.Event, target: string) => {
    if (isSignInNavigationAllowed(target, redirect)) return;
    event.preventDefault();
    console.warn(`[oauth] blocked sign-in window navigation to ${JSON.stringify(target.slice(0, 200))}`);
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  // The window has no address bar: the title says whose page this is.
  contents.on('page-title-updated', (event) => event.preventDefault());
  contents.on('did-navigate', (_event, target) => win.setTitle(`Sign in – ${new URL(target).host}`));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // Help and privacy links go to the system browser, never into another Electron window.
  contents.setWindowOpenHandler(({ url: target }) => {
    const safe = parseSafeExternalUrl(target);
    if (safe) void shell.openExternal(safe.href).catch(() => undefined);
    return { action: 'deny' };
  });

  return new Promise((resolve) => {
    win.once('closed', () => {
      void signInSession.clearStorageData().catch(() => undefined);
      resolve();
    });
    signal.addEventListener('abort', () => win.isDestroyed() || win.close(), { once: true });
    contents.loadURL(url.href).catch((err: unknown) => console.warn('[oauth] the sign-in page did not load:', err));
  });
}
