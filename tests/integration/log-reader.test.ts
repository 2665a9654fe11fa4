/**
 * Reading the team log folder (teamlog/log-reader.ts) against a real Dovecot: only the
 * entries from the asked UID on, and nothing at all when there is none, not the newest
 * entry again ("n:*" names the last message when every UID is below n), which at a
 * million tickets is a snapshot of hundreds of MB; a long snapshot by its header only,
 * while any other long entry comes whole; and a snapshot's parts only for a client that
 * starts from it.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { createImapClient } from '../../src-main/services/mail/connections';
import { readLog, readSnapshotParts, snapshotUids } from '../../src-main/services/teamlog/log-reader';
import { appendSnapshot } from '../../src-main/services/teamlog/log-writer';
import { parseSnapshotGz, stateJson } from '../../src-main/services/teamlog/snapshot';
import { formatEventMessage, parseLoggedEvent, snapshotFromHeader } from '../../src-main/services/teamlog/parse-event';
import { foldAll, mail, snapshotEvent, teamEvent, teamSetup } from '../support/team-events';
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

  it("passes a snapshot's parts by, and a new client reads its state from them, unless one is missing", async () => {
    const state = foldAll([...teamSetup(), teamEvent('ana', 1_000, { type: 'mail.imported', items: Array.from({ length: 300 }, (_, i) => mail(`m${i}`, { queue: 'Support' })) })]);
    const gz = gzipSync(stateJson(state));
    const event = snapshotEvent('ana', 1_700_000_002_000, 5);
    // Parts of 1,000 bytes, the compressor's pieces cut anywhere.
    const pieces = [gz.subarray(0, 1_500), gz.subarray(1_500)];
    expect(await appendSnapshot(client, FOLDER, event, pieces, user.email, async () => true, 1_000)).toBe(true);
    const parts = Math.ceil(gz.length / 1_000);
    expect(parts).toBeGreaterThan(2);
    await client.noop();
    const entries = [];
    for await (const batch of readLog(client, 6)) entries.push(...batch);
    // The parts are UIDs 6 to 5 + parts; the fold reads only the event after them, which names them.
    expect(entries.map((e) => e.uid)).toEqual([6 + parts]);
    const head = parseLoggedEvent(entries[0]!.uid, entries[0]!.source);
    expect(head).toEqual({ ok: true, logged: { uid: 6 + parts, event: { ...event, parts } } });
    const named = { ...event, parts };
    expect(parseSnapshotGz((await readSnapshotParts(client, named))!)).toEqual({ ...state, presence: {} });
    // Without its second part, the snapshot is unreadable, not a wrong state.
    await client.messageDelete('7', { uid: true });
    expect(await readSnapshotParts(client, named)).toBeNull();
  });

  it('appends no snapshot event when told to stop between parts', async () => {
    const event = snapshotEvent('ana', 1_700_000_003_000, 5);
    const before = (await snapshotUids(client)).length;
    let allowed = 2;
    expect(await appendSnapshot(client, FOLDER, event, [randomBytes(300_000)], user.email, async () => (allowed -= 1) >= 0, 100_000)).toBe(false);
    await client.noop();
    expect(await snapshotUids(client)).toHaveLength(before);
  });
});
