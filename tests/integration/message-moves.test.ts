/**
 * Archive and delete of a message in Mail (e, #) against a real Dovecot: the queued MOVE
 * (store/message-moves-repo.ts) runs on the work connection (sync/message-moves.ts), the
 * mail lands in Archive and Trash, and a replay after a kill that lost done() moves nothing
 * else; a task whose folder was renumbered is dropped without touching the folder; flag
 * changes not yet sent when the message was archived arrive with it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/services/store';
import { runMessageMoves } from '../../src-main/services/sync/message-moves';
import { plainMessage } from '../support/fixtures';
import { headerInput } from '../support/header-input';
import { DEFAULT_USERS, startMailServers, type MailServers } from '../support/mail-servers';
import { serverMessageIdCounts } from '../support/server-inbox';
import { addStoreAccount } from '../support/store-account';

const user = DEFAULT_USERS[2]!;
const id = (i: number) => `<fixture-${i}@customers.example>`;

let servers: MailServers;
let dir: string;
let store: Store;
let client: ImapFlow;

beforeAll(async () => {
  servers = await startMailServers();
  await servers.deliverMany(user.username, [0, 1, 2].map((i) => plainMessage(i)));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-moves-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
  client = new ImapFlow({ host: '127.0.0.1', port: servers.imapPort, secure: false, doSTARTTLS: false, auth: { user: user.username, pass: user.password }, logger: false });
  await client.connect();
});

afterAll(async () => {
  await client?.logout();
  store?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await servers?.stop();
});

/** The server's INBOX UIDs (in delivery order) stored as cached rows; answers the row ids and the UIDVALIDITY. */
async function cacheInbox(): Promise<{ rows: number[]; uidvalidity: number }> {
  const lock = await client.getMailboxLock('INBOX');
  const uidvalidity = client.mailbox ? Number(client.mailbox.uidValidity) : 0;
  const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
  lock.release();
  const inbox = store.mailboxes.byPath('a1', 'INBOX')!.id;
  store.mailboxes.setSyncState(inbox, { uidvalidity, uidNext: null, highestModseq: null });
  store.messages.upsertHeaders(inbox, uidvalidity, uids.map((uid, i) => headerInput(uid, { messageId: id(i), contentHash: `hash-${i}` })), { accountId: 'a1', dedupe: true, adopt: false });
  return { rows: uids.map((uid) => store.messages.idByUid(inbox, uidvalidity, uid)!), uidvalidity };
}

const forget = (row: number) => store.messages.forget([row]);
const countIn = async (folder: string, i: number) => (await serverMessageIdCounts(servers, user, folder)).get(id(i)) ?? 0;

describe('message moves', () => {
  it('moves archived mail to Archive and deleted mail to Trash; a replay after a lost done() moves nothing else', async () => {
    const { rows } = await cacheInbox();
    store.messageMoves.queue(rows[0]!, 'archive', forget, 1);
    store.messageMoves.queue(rows[1]!, 'trash', forget, 2);
    const queued = store.messageMoves.forAccount('a1');

    expect((await runMessageMoves(client, store, 'a1')).sort()).toEqual(['Archive', 'INBOX', 'Trash']);
    expect(store.messageMoves.forAccount('a1')).toEqual([]);
    expect([await countIn('Archive', 0), await countIn('Trash', 1), await countIn('INBOX', 0), await countIn('INBOX', 1), await countIn('INBOX', 2)]).toEqual([1, 1, 0, 0, 1]);

    // A kill between the MOVE and done(): the same tasks are still queued at the restart.
    const db = new Database(path.join(dir, 'mailroom.sqlite3'));
    const insert = db.prepare('INSERT INTO pending_message_moves (account_id, mailbox_path, uidvalidity, uids, destination, created_at) VALUES (?, ?, ?, ?, ?, 0)');
    for (const t of queued) insert.run(t.accountId, t.mailboxPath, t.uidvalidity, t.uids, t.destination);
    db.close();
    await runMessageMoves(client, store, 'a1');
    expect(store.messageMoves.forAccount('a1')).toEqual([]);
    expect([await countIn('Archive', 0), await countIn('Trash', 1), await countIn('INBOX', 2)]).toEqual([1, 1, 1]);
  });

  it('drops a task whose folder was renumbered without touching the folder', async () => {
    const inbox = store.mailboxes.byPath('a1', 'INBOX')!.id;
    const uidvalidity = store.mailboxes.byId(inbox)!.uidvalidity!;
    const row = store.messages.list(inbox, 0, 10).items[0]!;
    store.messageMoves.queue(Number(row.id), 'trash', forget, 3);
    const db = new Database(path.join(dir, 'mailroom.sqlite3'));
    db.prepare('UPDATE pending_message_moves SET uidvalidity = ?').run(uidvalidity + 1);
    db.close();
    expect(await runMessageMoves(client, store, 'a1')).toEqual([]);
    expect(store.messageMoves.forAccount('a1')).toEqual([]);
    expect(await countIn('INBOX', 2)).toBe(1);
  });

  it('carries the read and flagged changes not yet sent when the message was archived: it arrives read and flagged', async () => {
    await servers.deliver(user.username, plainMessage(3));
    const lock = await client.getMailboxLock('INBOX');
    await client.noop(); // the selected INBOX learns of the delivery
    const uidvalidity = client.mailbox ? Number(client.mailbox.uidValidity) : 0;
    const [uid] = (await client.search({ header: { 'message-id': id(3) } }, { uid: true })) || [];
    lock.release();
    const inbox = store.mailboxes.byPath('a1', 'INBOX')!.id;
    store.messages.upsertHeaders(inbox, uidvalidity, [headerInput(uid!, { messageId: id(3), contentHash: 'hash-3' })], { accountId: 'a1', dedupe: true, adopt: false });
    const newest = store.messages.idByUid(inbox, uidvalidity, uid!)!;
    // Marked read and flagged, then archived before any sync sent the flags.
    store.pendingFlags.apply(newest, { seen: true, flagged: true });
    store.messageMoves.queue(newest, 'archive', forget, 4);
    expect(store.messageMoves.forAccount('a1').map((m) => m.flagChanges)).toEqual([
      [
        { flag: '\\Seen', value: true },
        { flag: '\\Flagged', value: true },
      ],
    ]);
    await runMessageMoves(client, store, 'a1');
    expect(await flagsIn('Archive', 3)).toEqual(expect.arrayContaining(['\\Flagged', '\\Seen']));
  });
});

/** The flags of the message with fixture Message-ID `i` in `folder`, sorted. */
async function flagsIn(folder: string, i: number): Promise<string[]> {
  const lock = await client.getMailboxLock(folder);
  try {
    const messages = await client.fetchAll('1:*', { envelope: true, flags: true });
    const found = messages.find((m) => m.envelope?.messageId === id(i));
    return [...(found?.flags ?? [])].sort();
  } finally {
    lock.release();
  }
}
