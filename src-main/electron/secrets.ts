import path from 'node:path';
import { safeStorage } from 'electron';
import { appError } from '../services/errors/app-error';
import type { SecretsProtection } from '../../src-preload/contract';
import type { SecretStore } from '../services/platform/interfaces';
import { readJsonFile, writeJsonFileAtomic } from '../services/platform/json-file';

/**
 * SecretStore on Electron safeStorage: each value is encrypted with the OS
 * keychain's key (Keychain, DPAPI, libsecret/kwallet) and only the ciphertext,
 * base64, is written to secrets.json in userData.
 *
 * On Linux without a keyring Chromium falls back to 'basic_text', a key hard-coded
 * in Chromium: values are still stored (so the app works) but protection is 'weak'
 * and the UI says so. When no encryption is available at all ('unavailable'),
 * nothing reaches the disk: secrets live in memory for this run, so every start
 * needs the passwords and sign-ins again, and the UI says that too.
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
  /** Without any encryption: this run's secrets, never written. */
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly file: string,
    readonly protection: SecretsProtection,
  ) {}

  async get(key: string): Promise<string | null> {
    const sealed = this.readAll()[key];
    if (this.protection === 'unavailable') {
      const kept = this.memory.get(key);
      if (kept !== undefined) return kept;
      // Sealed by an earlier run that had a keyring: say why it cannot be read now.
      if (sealed !== undefined) throw keyringMissing(`storage backend: ${secretsBackend()}`);
      return null;
    }
    if (sealed === undefined) return null;
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
    if (this.protection === 'unavailable') {
      this.memory.set(key, value);
      return;
    }
    const sealed = (await safeStorage.encryptStringAsync(value)).toString('base64');
    await this.update((all) => {
      all[key] = sealed;
    });
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
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
  const protection: SecretsProtection = !available ? 'unavailable' : weak ? 'weak' : 'encrypted';
  if (protection === 'unavailable') console.warn('[secrets] no encryption available: passwords are kept in memory for this run only');
  else if (protection === 'weak') console.warn(`[secrets] weak storage backend '${secretsBackend()}': passwords are only obfuscated`);
  return new SafeStorageSecretStore(path.join(userDataDir, 'secrets.json'), protection);
}
