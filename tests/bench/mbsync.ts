/** Second baseline: isync's mbsync pulling the same INBOX into a Maildir. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MailServers, TestUser } from '../support/mail-servers';
import { now } from './measure';

export interface MbsyncResult {
  ms: number | null;
  /** Messages found in the Maildir afterwards (cur + new). */
  messages: number;
  version: string | null;
  reason: string | null;
}

function which(cmd: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || null : null;
}

/** Finds mbsync, installing Debian's isync with apt when running as root; null + why when unavailable. */
export function ensureMbsync(log: (line: string) => void): { bin: string | null; reason: string | null } {
  const existing = which('mbsync');
  if (existing) return { bin: existing, reason: null };
  if (process.getuid?.() !== 0) return { bin: null, reason: 'mbsync not installed (apt-get install isync; not root, so the bench did not)' };
  log('mbsync not found: running apt-get install -y isync (as root) ...');
  try {
    execFileSync('sh', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends isync || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends isync)'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    });
  } catch (err) {
    return { bin: null, reason: `apt-get install isync failed: ${(err as Error).message.split('\n')[0]}` };
  }
  const bin = which('mbsync');
  return bin ? { bin, reason: null } : { bin: null, reason: 'isync installed but mbsync not on PATH' };
}

function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Times `mbsync -c FILE -a` pulling INBOX over IMAPS into an empty Maildir. */
export async function runMbsync(bin: string, servers: MailServers, user: TestUser, certFile: string): Promise<MbsyncResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailroom-mbsync-'));
  try {
    const config = path.join(dir, 'mbsyncrc');
    mkdirSync(path.join(dir, 'mail'), { recursive: true }); // mbsync creates mailboxes, not the store's root
    writeFileSync(
      config,
      [
        'IMAPAccount bench',
        // The fixture certificate names CN=localhost (IP SAN 127.0.0.1); mbsync 1.4 matches only
        // host names, so "Host 127.0.0.1" fails with "certificate owner does not match hostname".
        'Host localhost',
        `Port ${servers.imapsPort}`,
        `User ${quote(user.username)}`,
        `Pass ${quote(user.password)}`,
        'SSLType IMAPS',
        `CertificateFile ${path.resolve(certFile)}`,
        '',
        'IMAPStore bench-remote',
        'Account bench',
        '',
        'MaildirStore bench-local',
        `Path ${path.join(dir, 'mail')}/`,
        `Inbox ${path.join(dir, 'mail', 'INBOX')}`,
        '',
        'Channel bench',
        'Far :bench-remote:',
        'Near :bench-local:',
        'Patterns INBOX',
        'Create Near',
        'Sync Pull',
        `SyncState ${path.join(dir, 'state')}/`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const version = (spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout || '').trim() || null;
    const start = now();
    const failure = await new Promise<string | null>((resolve) => {
      execFile(bin, ['-q', '-c', config, '-a'], { maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) =>
        resolve(err ? `${err.message.split('\n')[0]} ${String(stderr).trim().slice(0, 300)}` : null),
      );
    });
    const ms = now() - start;
    const inbox = path.join(dir, 'mail', 'INBOX');
    const count = (sub: string) => (existsSync(path.join(inbox, sub)) ? readdirSync(path.join(inbox, sub)).length : 0);
    const messages = count('cur') + count('new');
    if (failure) return { ms: null, messages, version, reason: `mbsync failed: ${failure}` };
    return { ms, messages, version, reason: null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
