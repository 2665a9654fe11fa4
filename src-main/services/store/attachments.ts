import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Attachment contents on disk, content-addressed: dataDir/attachments/ab/<sha256>.
 * The same file mailed to the team twice is stored once, and a file is never
 * half-written under its final name (write to a temp name, then rename), so a
 * kill mid-write leaves nothing a reader could mistake for the attachment.
 */
export class AttachmentStore {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'attachments');
  }

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Stores the content (if new) and returns its SHA-256 in hex. */
  put(content: Buffer): string {
    const sha256 = crypto.createHash('sha256').update(content).digest('hex');
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return sha256;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, target);
    return sha256;
  }

  read(sha256: string): Buffer | null {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    try {
      return fs.readFileSync(this.pathOf(sha256));
    } catch {
      return null;
    }
  }
}
