/**
 * The Electron-only capabilities the services need, as small interfaces.
 * Electron implementations live in src-main/electron/, Node ones beside this file,
 * so every service runs unchanged in the app, the browser host and benchmarks.
 */
import type { DesktopNotification, SecretsProtection, UpdateStatus } from '../../../src-preload/contract';

/** Keeps passwords and tokens encrypted at rest (safeStorage in the app). */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * encrypted: with a key the OS guards. weak: stored, but with a key anyone can
   * find (Linux basic_text, the host's key file). unavailable: not stored at all;
   * kept for this run only.
   */
  readonly protection: SecretsProtection;
}

/** The update channel of the installed app (electron-updater); off elsewhere. */
export interface Updates {
  status(): UpdateStatus;
  /** Quits and installs a downloaded update; false when none is ready. Only ever called at the user's request. */
  restartToUpdate(): boolean;
  /** Called whenever status() changes. */
  onChange(listener: () => void): void;
}

/** Small non-secret preferences (conf in the app). */
export interface SettingsStore {
  get<T>(key: string, fallback: T): T;
  set<T>(key: string, value: T): void;
}

/**
 * Desktop notifications: Electron Notification in the app (a click brings the window
 * forward and opens the target), the page's Web Notification in the browser host.
 */
export interface Notifier {
  notify(notification: DesktopNotification): void;
}

/** The unread count on the app icon (app.setBadgeCount where the desktop has one); nothing elsewhere. */
export interface Badge {
  setCount(count: number): void;
}

/** Opens a link outside the app (shell.openExternal in the app); false when it cannot. */
export interface UrlOpener {
  open(url: URL): Promise<boolean>;
}

/** App windows other than the main one (Electron); false where there are none (browser host). */
export interface WindowOpener {
  openSettings(): boolean;
}

/** Shows an OAuth provider's sign-in page: a sign-in window in the app, the page itself in the browser host. */
export interface OAuthAgent {
  /**
   * Shows `authorizationUrl`; the provider then sends the browser to the loopback redirect.
   * Resolves when the user is done with the page: the sign-in window closed, after the
   * redirect or because the user gave up (the service then fails the attempt unless the
   * redirect already arrived). Where no closing can be seen (the system browser) it resolves
   * when `signal` aborts, which the service does when the attempt ends; a window still open
   * then closes. Rejects when the page cannot be shown at all.
   */
  open(authorizationUrl: string, options: { useSystemBrowser: boolean; signal: AbortSignal }): Promise<void>;
}

/** A kind of file a save dialog offers, e.g. { name: 'CSV', extensions: ['csv'] }. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/** Where exports go: a save dialog in the app; a folder in the data dir where nobody can be asked (browser host, benchmarks). */
export interface ExportFiles {
  /** A path to write the export to, not taken by another file or export; null when the agent closed the dialog. */
  chooseExportPath(suggestedName: string, filters: FileFilter[]): Promise<string | null>;
  /** Shows the file in the system's file manager (shell.showItemInFolder); false where there is none. */
  showInFolder(file: string): boolean;
}

/** Attachments handed to the desktop (the app only: the browser host's page downloads them instead). */
export interface AttachmentFiles {
  /** Opens the file with the system's app for its type (shell.openPath); resolves to '' or the system's reason it could not. */
  openWithSystem(file: string): Promise<string>;
  /** Where the agent chose in a save dialog suggesting `suggestedName`; null when the dialog was closed. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
}

export interface Platform {
  secrets: SecretStore;
  settings: SettingsStore;
  notifier: Notifier;
  badge: Badge;
  urlOpener: UrlOpener;
  windows: WindowOpener;
  oauthAgent: OAuthAgent;
  updates: Updates;
  files: ExportFiles;
  /** null where there is no desktop to hand a file to (browser host, benchmarks). */
  attachmentFiles: AttachmentFiles | null;
}
