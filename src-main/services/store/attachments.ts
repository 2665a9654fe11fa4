import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ContentWriter } from '../mail/parse-message';

const SHA256_NAME = /^[0-9a-f]{64}$/;
/** Where contents are written before they have a name; garbage collection removes stale ones (a killed write). */
const TEMP_DIR = 'incoming';
/** A content being written: where it is until finish() names it (a message parsed while it downloads is read from there). */
export interface StoreWriter extends ContentWriter {
  readonly temp: string;
}

/** A temp file this old was left by a killed write, not one in progress. */
const STALE_TEMP_MS = 10 * 60_000;

/**
 * Attachment contents on disk, content-addressed: dataDir/attachments/ab/<sha256>.
 * The same file mailed to the team twice is stored once, and a file is never
 * half-written under its final name (write to a temp name, then rename), so a
 * kill mid-write leaves nothing a reader could mistake for the attachment.
 *
 * Because files are shared, nothing deletes one directly: collectGarbage removes
 * the files no message references any more (after an account is deleted, at startup).
 */
export class AttachmentStore {
  private readonly root: string;

  /** dataDir is public for the sync's body workers, which keep what they parse here themselves. */
  constructor(readonly dataDir: string) {
    this.root = path.join(dataDir, 'attachments');
  }

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Stores the content (if new) and returns its SHA-256 in hex. */
  put(content: Buffer): string {
    const writer = this.writer();
    writer.write(content);
    return writer.finish();
  }

  /**
   * A content stored as it arrives (a big attachment, a message fetched in ranges):
   * hashed on the way into a temp file, which finish() renames to its SHA-256 (or
   * drops, when that content is already here). Writes are synchronous: a chunk is on
   * disk before the next is read, so memory holds one chunk whatever the size.
   */
  writer(): StoreWriter {
    const temp = path.join(this.root, TEMP_DIR, `${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
    fs.mkdirSync(path.dirname(temp), { recursive: true });
    const fd = fs.openSync(temp, 'w');
    const hash = crypto.createHash('sha256');
    let closed = false;
    const close = () => {
      if (!closed) fs.closeSync(fd);
      closed = true;
    };
    // Once closed, the descriptor's number may belong to a file opened since: writing to it would
    // put this content into that file (seen: an aborted attachment's bytes in the next message).
    const requireOpen = () => {
      if (closed) throw new Error('This content was already finished or aborted.');
    };
    return {
      temp,
      write: (chunk) => {
        requireOpen();
        hash.update(chunk);
        // writeSync may write less than asked: the rest would be missing from a file named for all of it.
        for (let done = 0; done < chunk.length; ) done += fs.writeSync(fd, chunk, done);
      },
      finish: () => {
        requireOpen();
        close();
        const sha256 = hash.digest('hex');
        const target = this.pathOf(sha256);
        if (fs.existsSync(target)) {
          fs.unlinkSync(temp);
        } else {
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.renameSync(temp, target);
        }
        return sha256;
      },
      abort: () => {
        close();
        fs.rmSync(temp, { force: true });
      },
    };
  }

  /** Whether the content is here: a body stored by a worker thread checks that garbage collection did not remove it before the commit. */
  has(sha256: string): boolean {
    return SHA256_NAME.test(sha256) && fs.existsSync(this.pathOf(sha256));
  }

  read(sha256: string): Buffer | null {
    if (!SHA256_NAME.test(sha256)) return null;
    try {
      return fs.readFileSync(this.pathOf(sha256));
    } catch {
      return null;
    }
  }

  /**
   * Removes every stored file whose SHA-256 `referenced()` does not return, and temp
   * files a killed write left behind; returns how many files went. Callers delete
   * message rows first, so a kill here only leaves files for the next run to collect.
   *
   * The sync stores a body's attachments (put) and then commits the row naming them
   * without waiting for I/O in between. Waiting one turn of the event loop lets any
   * such commit land; the read of the references and the deletions then run in one
   * synchronous block, so no put or commit can slip in between them.
   */
  async collectGarbage(referenced: () => ReadonlySet<string>): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve));
    const keep = referenced();
    let removed = 0;
    for (const dir of listDir(this.root)) {
      const dirPath = path.join(this.root, dir);
      for (const name of listDir(dirPath)) {
        const file = path.join(dirPath, name);
        const unused = SHA256_NAME.test(name) ? !keep.has(name) : name.endsWith('.tmp') && isOlderThan(file, STALE_TEMP_MS);
        if (unused && removeFile(file)) removed++;
      }
      try {
        // Only succeeds when empty; put() creates the directory again when it needs it.
        fs.rmdirSync(dirPath);
      } catch {
        // Not empty, or already gone.
      }
    }
    return removed;
  }
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function isOlderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

/** A file that cannot be removed now is logged and stays for the next collection. */
function removeFile(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`[attachments] could not remove ${file}:`, err);
    return false;
  }
}
