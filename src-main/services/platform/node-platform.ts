import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appError } from '../errors/app-error';
import type { DesktopNotification, SecretsProtection } from '../../../src-preload/contract';
import type { ExportFiles, Notifier, OAuthAgent, Platform, SecretStore, SettingsStore, UrlOpener, Updates } from './interfaces';
import { readJsonFile, writeJsonFileAtomic } from './json-file';

/**
 * Node implementations of the platform interfaces, for the browser host and
 * benchmarks. Secrets are AES-256-GCM encrypted with MAILROOM_SECRET_KEY (64 hex
 * characters) or, failing that, a key file in the data dir, which protects
 * nothing against someone who can read the folder: protection says so.
 */
class NodeSecretStore implements SecretStore {
  readonly protection: SecretsProtection;
  private readonly key: Buffer;
  private readonly file: string;

  constructor(dataDir: string, envKey: string | undefined) {
    this.file = path.join(dataDir, 'secrets.json');
    if (envKey && /^[0-9a-f]{64}$/i.test(envKey)) {
      this.key = Buffer.from(envKey, 'hex');
      this.protection = 'encrypted';
    } else {
      const keyFile = path.join(dataDir, 'secret.key');
      if (!fs.existsSync(keyFile)) {
        fs.mkdirSync(dataDir, { recursive: true });
        fs.writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
      }
      this.key = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex');
      this.protection = 'weak';
    }
  }

  async get(key: string): Promise<string | null> {
    const sealed = readJsonFile<Record<string, string>>(this.file, {})[key];
    if (!sealed) return null;
    const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
    if (!iv || !tag || !data) return null;
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }

  async set(key: string, value: string): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    const all = readJsonFile<Record<string, string>>(this.file, {});
    all[key] = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
    writeJsonFileAtomic(this.file, all);
  }

  async delete(key: string): Promise<void> {
    const all = readJsonFile<Record<string, string>>(this.file, {});
    delete all[key];
    writeJsonFileAtomic(this.file, all);
  }
}

class JsonSettingsStore implements SettingsStore {
  constructor(private readonly file: string) {}

  get<T>(key: string, fallback: T): T {
    const all = readJsonFile<Record<string, unknown>>(this.file, {});
    return key in all ? (all[key] as T) : fallback;
  }

  set<T>(key: string, value: T): void {
    const all = readJsonFile<Record<string, unknown>>(this.file, {});
    all[key] = value;
    writeJsonFileAtomic(this.file, all, 0o644);
  }
}

/** Nobody to show notifications to (benchmarks, a host without pages); title and body carry mail content, which never goes to the log. */
class LogNotifier implements Notifier {
  notify(): void {
    console.log('[notification] not shown: nothing here shows desktop notifications');
  }
}

/** The host has no desktop to hand links to; the renderer tells the user instead. */
class NoUrlOpener implements UrlOpener {
  async open(): Promise<boolean> {
    return false;
  }
}

/** Only the installed app updates itself. */
const NO_UPDATES: Updates = { status: () => ({ state: 'off' }), restartToUpdate: () => false, onChange: () => undefined };

/**
 * Nobody can be asked where to save: exports go to dataDir/exports under the suggested
 * name, numbered ("name (2).csv") when that is taken on disk or by an export still running.
 */
class DataDirExportFiles implements ExportFiles {
  private readonly dir: string;
  private readonly reserved = new Set<string>();

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'exports');
  }

  async chooseExportPath(suggestedName: string): Promise<string> {
    fs.mkdirSync(this.dir, { recursive: true });
    const ext = path.extname(suggestedName);
    const stem = suggestedName.slice(0, suggestedName.length - ext.length);
    for (let n = 1; ; n += 1) {
      const candidate = path.join(this.dir, n === 1 ? suggestedName : `${stem} (${n})${ext}`);
      if (this.reserved.has(candidate) || fs.existsSync(candidate)) continue;
      // Kept for this run: a finished export is on disk by then, a cancelled one frees nothing twice.
      this.reserved.add(candidate);
      return candidate;
    }
  }

  showInFolder(): boolean {
    return false;
  }
}

export interface NodePlatformOptions {
  /**
   * Shows a provider's sign-in page: the browser host forwards it to the page (oauthUrl
   * event); tests sign in headlessly. A returned promise reports when that page is done,
   * like a closed sign-in window; return nothing when that cannot be known.
   */
  onOAuthUrl?: (url: string) => void | Promise<void>;
  /** Shows a desktop notification: the browser host hands it to the page (notificationShow event). */
  onNotification?: (notification: DesktopNotification) => void;
}

/** Node has no windows: whoever created the platform decides where the sign-in page goes. */
class CallbackOAuthAgent implements OAuthAgent {
  constructor(private readonly onOAuthUrl: NodePlatformOptions['onOAuthUrl']) {}

  async open(authorizationUrl: string, options: { signal: AbortSignal }): Promise<void> {
    if (!this.onOAuthUrl) {
      throw appError(
        'oauth/no-browser',
        "This Mailroom host cannot show the provider's sign-in page.",
        'Sign in from the Mailroom desktop app, or start the host with a way to show sign-in pages.',
      );
    }
    const done = this.onOAuthUrl(authorizationUrl);
    if (done) return done;
    // Nothing tells us when the page is closed: the attempt ends with the callback or its timeout.
    return new Promise((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
  }
}

export function createNodePlatform(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  options: NodePlatformOptions = {},
): Platform {
  return {
    secrets: new NodeSecretStore(dataDir, env.MAILROOM_SECRET_KEY),
    settings: new JsonSettingsStore(path.join(dataDir, 'settings.json')),
    notifier: options.onNotification ? { notify: options.onNotification } : new LogNotifier(),
    // No app icon: the page's title carries the count.
    badge: { setCount: () => undefined },
    urlOpener: new NoUrlOpener(),
    // The host's page shows settings itself (#/settings).
    windows: { openSettings: () => false },
    oauthAgent: new CallbackOAuthAgent(options.onOAuthUrl),
    updates: NO_UPDATES,
    files: new DataDirExportFiles(dataDir),
    // The page downloads attachments itself.
    attachmentFiles: null,
  };
}
