import path from 'node:path';
import { safeStorage } from 'electron';
import { appError } from '../services/errors/app-error';
import type { SecretStore } from '../services/platform/interfaces';
import { readJsonFile, writeJsonFileAtomic } from '../services/platform/json-file';

/**
 * SecretStore on Electron safeStorage: each value is encrypted with the OS
 * keychain's key (Keychain, DPAPI, libsecret/kwallet) and only the ciphertext,
 * base64, is written to secrets.json in userData.
 *
 * On Linux without a keyring Chromium falls back to 'basic_text', a key hard-coded
 * in Chromium: values are still stored (so the app works) but isSecure is false and
 * the UI says so. When no encryption is available at all, nothing is stored.
 */

/** Linux backends that protect nothing: the key is public. */
const WEAK_BACKENDS = new Set(['basic_text', 'plaintext']);

export function secretsBackend(): string {
  if (process.platform !== 'linux') return process.platform === 'darwin' ? 'keychain' : 'dpapi';
  try {
    return safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function keyringMissing(detail?: string) {
  const fix =
    process.platform === 'linux'
      ? 'Install and unlock a keyring (gnome-keyring with libsecret, or KWallet), sign out and back in, then start Mailroom again.'
      : 'Sign in to your desktop session normally (the system keychain must be unlocked), then start Mailroom again.';
  return appError('secrets/unavailable', 'Mailroom cannot encrypt passwords because no system keyring is available.', fix, detail);
}

class SafeStorageSecretStore implements SecretStore {
  /** Writes are chained so two concurrent set() calls cannot lose each other's key. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly available: boolean,
    readonly isSecure: boolean,
  ) {}

  async get(key: string): Promise<string | null> {
    const sealed = this.readAll()[key];
    if (sealed === undefined) return null;
    if (!this.available) throw keyringMissing();
    let decrypted: Electron.DecryptStringAsyncReturnValue;
    try {
      decrypted = await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'));
    } catch (err) {
      throw appError(
        'secrets/unreadable',
        'A saved password could not be decrypted; the system keyring may have been reset or replaced.',
        'Open the account settings and enter the password again.',
        err instanceof Error ? err.message : String(err),
      );
    }
    // The keyring rotated its key or got stronger: store it under the current key.
    if (decrypted.shouldReEncrypt) {
      await this.set(key, decrypted.result).catch((err: unknown) => console.warn('[secrets] re-encryption failed:', err));
    }
    return decrypted.result;
  }

  async set(key: string, value: string): Promise<void> {
    if (!this.available) throw keyringMissing(`storage backend: ${secretsBackend()}`);
    const sealed = (await safeStorage.encryptStringAsync(value)).toString('base64');
    await this.update((all) => {
      all[key] = sealed;
    });
  }

  async delete(key: string): Promise<void> {
    await this.update((all) => {
      delete all[key];
    });
  }

  private readAll(): Record<string, string> {
    return readJsonFile<Record<string, string>>(this.file, {});
  }

  private update(change: (all: Record<string, string>) => void): Promise<void> {
    const next = this.queue.then(() => {
      const all = this.readAll();
      change(all);
      writeJsonFileAtomic(this.file, all);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** Call after app 'ready': safeStorage cannot tell which backend it has before that. */
export async function createSafeStorageSecretStore(userDataDir: string): Promise<SecretStore> {
  let available = false;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch (err) {
    console.error('[secrets] safeStorage is not usable:', err);
  }
  const weak = process.platform === 'linux' && WEAK_BACKENDS.has(secretsBackend());
  if (!available) console.warn('[secrets] no encryption available: passwords will not be saved');
  else if (weak) console.warn(`[secrets] weak storage backend '${secretsBackend()}': passwords are only obfuscated`);
  return new SafeStorageSecretStore(path.join(userDataDir, 'secrets.json'), available, available && !weak);
}
