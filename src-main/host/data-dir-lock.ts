/**
 * One browser host per data directory: two would write the same cache and sync the
 * same accounts twice. The lock is a file in the data directory naming its holder;
 * it appears whole or not at all (written aside, then hard-linked into place, which
 * fails if a lock exists). A lock whose process is gone (a killed host) is taken over.
 * Two hosts taking over the same stale lock in the same instant are not told apart.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'host.lock';

export interface LockHolder {
  pid: number;
  /** ISO time the holder started. */
  startedAt: string;
  /** The address the holder serves, once it listens. */
  url?: string;
}

export interface DataDirLock {
  /** Adds the address to the lock, so a second host can point the user to it. */
  setUrl(url: string): void;
  /** Removes the lock if it is still ours. */
  release(): void;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly holder: LockHolder | null,
    readonly lockPath: string,
  ) {
    const who = holder ? `pid ${holder.pid}, started ${holder.startedAt}${holder.url ? `, at ${holder.url}` : ''}` : 'it just took the lock';
    super(
      `Another Mailroom host is using the data directory ${path.dirname(lockPath)} (${who}). ` +
        `Use that host${holder?.url ? ' (open its address)' : ''} or stop it first, or pass another --data-dir. If no host is running, delete ${lockPath}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): LockHolder | null {
  try {
    const value = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.startedAt === 'string' ? (value as LockHolder) : null;
  } catch {
    return null;
  }
}

/** Writes holder to a file beside the lock, for linking or renaming into place. */
function writeAside(lockPath: string, holder: LockHolder): string {
  const aside = `${lockPath}.${process.pid}.tmp`;
  fs.writeFileSync(aside, JSON.stringify(holder), { mode: 0o600 });
  return aside;
}

/** Takes the data directory's lock or throws DataDirLockedError naming the live holder. */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, startedAt: new Date().toISOString() };
  const aside = writeAside(lockPath, holder);
  const take = (): boolean => {
    try {
      fs.linkSync(aside, lockPath);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return false;
    }
  };
  try {
    if (!take()) {
      const current = readHolder(lockPath);
      if (current && isAlive(current.pid)) throw new DataDirLockedError(current, lockPath);
      // The holder is gone (a killed host) or the file is unreadable: take over.
      fs.rmSync(lockPath, { force: true });
      if (!take()) throw new DataDirLockedError(readHolder(lockPath), lockPath);
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }

  return {
    setUrl(url) {
      fs.renameSync(writeAside(lockPath, { ...holder, url }), lockPath);
    },
    release() {
      if (readHolder(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
    },
  };
}
