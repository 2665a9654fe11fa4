/**
 * What the team log's writer removes after a snapshot (teamlog/log-cleanup.ts), against a
 * real Dovecot: snapshots older than the ones a new client tries, with their parts, and the
 * parts a stopped writer left; never an event, nor a part of a snapshot that stays.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { createImapClient } from '../../src-main/services/mail/connections';
import type { TeamEvent } from '../../src-main/services/teamlog/events';
import { oldSnapshotUids, removeLogUids } from '../../src-main/services/teamlog/log-cleanup';
import { readLog, readSnapshotParts, snapshotUids } from '../../src-main/services/teamlog/log-reader';
import { appendEvent, appendSnapshot } from '../../src-main/services/teamlog/log-writer';
import { parseLoggedEvent } from '../../src-main/services/teamlog/parse-event';
import { snapshotEvent, teamEvent } from '../support/team-events';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';

const user: TestUser = { username: 'logcleanup@example.test', password: 'pass-logcleanup-1', email: 'logcleanup@example.test' };
const FOLDER = 'Mailroom/Log';
let servers: MailServers;
let client: ImapFlow;

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  client = createImapClient({ host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null }, { user: user.username, pass: user.password });
  await client.connect();
  await client.mailboxCreate(FOLDER);
  await client.mailboxOpen(FOLDER);
});

afterAll(async () => {
  await client?.logout().catch(() => client.close());
  await servers?.stop();
});

type Snapshot = Extract<TeamEvent, { type: 'snapshot' }>;
let at = 1_700_000_000_000;

/** A snapshot of three parts; `stopAfter` parts: its writer stops there, before its event. */
async function snapshot(stopAfter = Infinity): Promise<Snapshot> {
  const event = snapshotEvent('ana', (at += 1000), 0);
  let parts = 0;
  await appendSnapshot(client, FOLDER, event, [randomBytes(150)], user.email, async () => (parts += 1) <= stopAfter, 50);
  return { ...event, parts: 3 };
}

async function note(text: string): Promise<void> {
  await appendEvent(client, FOLDER, teamEvent('ben', (at += 1000), { type: 'ticket.note', ticket: 't1', text }), user.email);
}

async function folded(): Promise<string[]> {
  const seen: string[] = [];
  for await (const batch of readLog(client, 1)) {
    for (const entry of batch) {
      const parsed = parseLoggedEvent(entry.uid, entry.source);
      if (parsed.ok) seen.push(parsed.logged.event.type === 'ticket.note' ? parsed.logged.event.text : parsed.logged.event.id);
    }
  }
  return seen;
}

describe('removing old snapshots from the team log', () => {
  it('removes the snapshots before the newest three with their parts and a stopped writer\'s, and no event', async () => {
    await note('first');
    const a = await snapshot();
    await note('second');
    await snapshot(2);
    const b = await snapshot();
    const c = await snapshot();
    await note('third');
    await client.noop();
    // Three snapshots: none is old yet.
    expect(await oldSnapshotUids(client, 3)).toEqual([]);
    const d = await snapshot();
    await client.noop();
    const [uidD, uidC, uidB, uidA] = await snapshotUids(client);

    const old = await oldSnapshotUids(client, 3);
    // A's event and its 3 parts, and the 2 parts of the stopped writer, in UID order.
    expect(old).toHaveLength(6);
    expect(old).toContain(uidA);
    expect(Math.max(...old)).toBeLessThan(uidB! - 3);
    expect(await readSnapshotParts(client, a)).toHaveLength(3);
    expect(await removeLogUids(client, old)).toBe(true);

    expect(await snapshotUids(client)).toEqual([uidD, uidC, uidB]);
    expect(await readSnapshotParts(client, a)).toBeNull();
    for (const kept of [b, c, d]) expect(await readSnapshotParts(client, kept)).toHaveLength(3);
    expect(await folded()).toEqual(['first', 'second', b.id, c.id, 'third', d.id]);
    expect(await oldSnapshotUids(client, 3)).toEqual([]);
  });
});
