/**
 * Reading the team log folder (teamlog/log-reader.ts) against a real Dovecot: only the
 * entries from the asked UID on, and nothing at all when there is none, not the newest
 * entry again ("n:*" names the last message when every UID is below n), which at a
 * million tickets is a snapshot of hundreds of MB; and a long snapshot by its header only,
 * while any other long entry comes whole.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { createImapClient } from '../../src-main/services/mail/connections';
import { readLog } from '../../src-main/services/teamlog/log-reader';
import { formatEventMessage, parseLoggedEvent, snapshotFromHeader } from '../../src-main/services/teamlog/parse-event';
import { teamEvent } from '../support/team-events';
import { startMailServers, type MailServers, type TestUser } from '../support/mail-servers';

const user: TestUser = { username: 'logreader@example.test', password: 'pass-logreader-1', email: 'logreader@example.test' };
const FOLDER = 'Mailroom/Log';
let servers: MailServers;
let client: ImapFlow;

const entry = (n: number) => Buffer.from(`From: ${user.email}\r\nSubject: entry ${n}\r\n\r\n${'x'.repeat(n === 3 ? 200_000 : 10)}\r\n`);

beforeAll(async () => {
  servers = await startMailServers({ users: [user] });
  client = createImapClient({ host: '127.0.0.1', port: servers.imapsPort, security: 'tls', trustedCertificate: null }, { user: user.username, pass: user.password });
  await client.connect();
  await client.mailboxCreate(FOLDER);
  for (const n of [1, 2, 3]) await client.append(FOLDER, entry(n));
  await client.mailboxOpen(FOLDER);
});

afterAll(async () => {
  await client?.logout().catch(() => client.close());
  await servers?.stop();
});

async function read(fromUid: number): Promise<number[]> {
  const uids: number[] = [];
  for await (const batch of readLog(client, fromUid)) uids.push(...batch.map((e) => e.uid));
  return uids;
}

describe('reading the team log', () => {
  it('reads the entries from the asked UID on, in order', async () => {
    expect(await read(1)).toEqual([1, 2, 3]);
    expect(await read(2)).toEqual([2, 3]);
  });

  it('fetches no source when nothing is new, not even the last entry', async () => {
    const fetch = vi.spyOn(client, 'fetch');
    try {
      expect(await read(4)).toEqual([]);
      expect(fetch).not.toHaveBeenCalled();
    } finally {
      fetch.mockRestore();
    }
  });

  it('passes a snapshot longer than the bytes read ahead by its header, and reads any other long entry whole', async () => {
    const snapshot = teamEvent('ana', 1_700_000_000_000, { type: 'snapshot', upTo: 3, state: 'A'.repeat(300_000) });
    const note = teamEvent('ben', 1_700_000_001_000, { type: 'ticket.note', ticket: 't1', text: 'n'.repeat(5_000) });
    for (const event of [snapshot, note]) await client.append(FOLDER, formatEventMessage(event, user.email));
    await client.noop();
    const entries = [];
    // From UID 3, the plain 200 KB message appended first: longer than the 100,000 bytes read ahead, and no snapshot.
    for await (const batch of readLog(client, 3, 100_000)) entries.push(...batch);
    expect(entries.map((e) => e.uid)).toEqual([3, 4, 5]);
    const [long, cutSnapshot, smallNote] = entries;
    expect(long!.cut).toBeUndefined();
    expect(long!.source.equals(entry(3))).toBe(true);
    expect(cutSnapshot!.cut).toBe(true);
    expect(cutSnapshot!.source.length).toBeLessThanOrEqual(100_000);
    expect(snapshotFromHeader(cutSnapshot!.uid, cutSnapshot!.source)).toEqual({ ok: true, logged: { uid: 4, event: { ...snapshot, state: '' } } });
    expect(parseLoggedEvent(smallNote!.uid, smallNote!.source)).toEqual({ ok: true, logged: { uid: 5, event: note } });
  });
});
