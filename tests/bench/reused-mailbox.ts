/**
 * `--reuse`: the benchmark's seeded mailbox kept between runs. Dovecot's mail for the
 * bench users lives in DIR/<N>/<user> (mail_location in the instance's extra config)
 * instead of the instance's temp dir, which stop() removes; DIR/<N>/seeded.json says
 * that seeding finished and what was seeded. A run changes the mailbox (new-mail
 * probes, the 1 % flags), so the next one first puts it back as seeded.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { isTeamLogFolder } from '../../src-main/services/teamlog/log-folder';
import type { MailServers, TestUser } from '../support/mail-servers';
import { flaggedLaterSets, type CorpusStats } from './corpus';

const MARKER = 'seeded.json';

export interface ReusedMailbox {
  dir: string;
  /** What the kept mailbox holds; null: it is empty and must be seeded (then saveSeededMailbox). */
  stats: CorpusStats | null;
  /** For startMailServers: the users' mail in `dir`. */
  dovecotExtraConfig: string;
}

/**
 * Before the servers start: keeps the bench user's mail when a finished seed of `n`
 * messages is there, else empties the dir; the other users' mail always starts empty.
 */
export function prepareReusedMailbox(root: string, n: number, benchUser: TestUser): ReusedMailbox {
  const dir = path.resolve(root, String(n));
  const marker = path.join(dir, MARKER);
  const stats = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as CorpusStats) : null;
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir)) {
    if (entry === MARKER || (stats && entry === benchUser.username)) continue;
    rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  // Dovecot creates each user's mail dir here as its unprivileged mail user.
  chmodSync(dir, 0o1777);
  // Dovecot maps a folder's whole cache file, 556 MB at 1,000,000 messages: past its default
  // 256 MB address-space limit per process the mmap fails, each FETCH reads the mail files
  // instead and the raw baseline's connection was dropped. A server for such a folder is sized for it.
  return { dir, stats: stats?.messages === n ? stats : null, dovecotExtraConfig: `mail_location = sdbox:${dir}/%u\ndefault_vsz_limit = 2G` };
}

export function saveSeededMailbox(mailbox: ReusedMailbox, stats: CorpusStats): void {
  writeFileSync(path.join(mailbox.dir, MARKER), `${JSON.stringify(stats)}\n`);
  mailbox.stats = stats;
}

/**
 * Takes out what an earlier run added (UIDs after the seed, and the team log it wrote, whose
 * old events the next run would replay) and the flags it set; throws unless `n` messages are left.
 */
export async function restoreReusedMailbox(servers: MailServers, user: TestUser, n: number): Promise<void> {
  const client = new ImapFlow({ host: servers.host, port: servers.imapsPort, secure: true, auth: { user: user.username, pass: user.password }, logger: false });
  await client.connect();
  try {
    // Children before their parent: a server may refuse to delete a folder that has some.
    const logFolders = (await client.list()).filter((f) => isTeamLogFolder(f.path, f.delimiter)).map((f) => f.path);
    for (const folder of logFolders.sort((a, b) => b.length - a.length)) await client.mailboxDelete(folder);
    const lock = await client.getMailboxLock('INBOX');
    try {
      // `n+1:*` alone would name the last message when nothing was added (`*` is the highest UID).
      const added = ((await client.search({ uid: `${n + 1}:*` }, { uid: true })) || []).filter((uid) => uid > n);
      if (added.length > 0) await client.messageDelete(added.join(','), { uid: true });
      for (const set of flaggedLaterSets(n)) {
        if (!(await client.messageFlagsRemove(set, ['\\Flagged'], { uid: true }))) throw new Error('The server refused to take out the flags an earlier run set.');
      }
    } finally {
      lock.release();
    }
    const status = await client.status('INBOX', { messages: true });
    const held = status ? status.messages : undefined;
    if (held !== n) {
      throw new Error(`The kept mailbox holds ${held} messages, not ${n}: delete its dir (--mailbox-dir) to seed it again.`);
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
