/** Reads a data directory the way an attacker with the disk would: every file, the SQLite -wal and -shm ones too. */
import fs from 'node:fs';
import path from 'node:path';

/** The data dir's files (relative paths) whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => fs.statSync(path.join(dir, file)).isFile() && fs.readFileSync(path.join(dir, file)).includes(needle))
    .sort();
}
