import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraftSchema } from '../../src-preload/contract';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../src-main/services/store';
import { sizeClass } from '../../src-main/services/store/migrations/021-pending-size-class';
import { settingsOf } from '../../src-main/services/store/accounts-repo';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';
import { addStoreAccount } from '../support/store-account';
import { headerInput } from '../support/header-input';
import { writeOldCache } from '../support/old-cache';

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');
let dir: string;
let store: Store;

const header = headerInput;

const OPTIONS = { accountId: 'a1', dedupe: true, adopt: false };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-store-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function inbox() {
  const box = store.mailboxes.byPath('a1', 'INBOX');
  if (!box) throw new Error('no inbox');
  store.mailboxes.setSyncState(box.id, { uidvalidity: 7, uidNext: null, highestModseq: null });
  return box.id;
}

describe('store', () => {
  it('runs migrations once and reopens an existing database', () => {
    store.close();
    store = openStore(dir);
    expect(store.accounts.list().map((a) => a.email)).toEqual(['support@example.test']);
  });

  it("keeps FTS5's deletemerge off and its automerge at 8, so re-indexing rows as their bodies arrive merges less inside a body commit", () => {
    store.close();
    const db = new Database(path.join(dir, 'mailroom.sqlite3'));
    try {
      expect(db.prepare("SELECT v FROM messages_fts_config WHERE k = 'deletemerge'").pluck().get()).toBe(0);
      expect(db.prepare("SELECT v FROM messages_fts_config WHERE k = 'automerge'").pluck().get()).toBe(8);
    } finally {
      db.close();
    }
    store = openStore(dir);
  });

  it('round-trips full account settings, filling defaults for settings added later', () => {
    const account = store.accounts.get('a1');
    expect(account).toMatchObject({ kind: 'imap', active: true, shared: true, import: { folders: ['INBOX'], afterImport: 'leave' } });
    if (!account) throw new Error('missing');
    const settings = settingsOf(account);
    store.accounts.update('a1', { ...settings, key: 'SUP', imap: { ...settings.imap, trustedCertificate: { fingerprint256: FINGERPRINT, pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' } } });
    expect(store.accounts.get('a1')).toMatchObject({ key: 'SUP', imap: { trustedCertificate: { fingerprint256: FINGERPRINT } } });
  });

  it('counts the app online while any account is not offline, and with no account at all', () => {
    expect(store.accounts.anyReachable()).toBe(true);
    store.accounts.setStatus('a1', 'offline', null);
    expect(store.accounts.anyReachable()).toBe(false);
    addStoreAccount(store, 'a2', { email: 'sales@example.test', username: 'sales@example.test' });
    store.accounts.setStatus('a2', 'error', null);
    expect(store.accounts.anyReachable()).toBe(true);
    store.accounts.delete('a2');
    store.accounts.delete('a1');
    expect(store.accounts.anyReachable()).toBe(true);
  });

  it('upserts headers idempotently: a replayed batch adds nothing', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1), header(2)], OPTIONS);
    store.messages.upsertHeaders(id, 7, [header(1), header(2, { flags: ['\\Seen'] })], OPTIONS);
    const { total, items } = store.messages.list(id, 0, 10);
    expect(total).toBe(2);
    expect(items.map((m) => m.uid)).toEqual([2, 1]);
    expect(items[0]?.seen).toBe(true);
  });

  it('lists newest first and pages', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [1, 2, 3, 4, 5].map((uid) => header(uid)), OPTIONS);
    expect(store.messages.list(id, 1, 2).items.map((m) => m.uid)).toEqual([4, 3]);
  });

  it('pages the messages without body newest first, each page below the last UID of the one before', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [1, 2, 3, 4, 5].map((uid) => header(uid, { messageId: `<${uid}@example.test>` })), OPTIONS);
    store.messages.setSources([{ id: store.messages.withoutBody(id, 7, 1)[0]!.id, rawSha256: 'a'.repeat(64) }]);
    const first = store.messages.withoutBody(id, 7, 2);
    expect(first.map((m) => m.uid)).toEqual([4, 3]);
    expect(store.messages.withoutBody(id, 7, 2, null, first.at(-1)!.uid).map((m) => m.uid)).toEqual([2, 1]);
    expect(store.messages.withoutBody(id, 7, 2, null, 1)).toEqual([]);
  });

  it('remaps a UIDVALIDITY change by Message-ID or fingerprint, keeping bodies, and drops the rest', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1), header(2, { messageId: null }), header(3)], OPTIONS);
    const first = store.messages.idByUid(id, 7, 1)!;
    store.messages.setBody(first, { text: 'kept', html: null, snippet: 'kept', attachments: [], parseWarnings: [] }, null);
    store.mailboxes.setSyncState(id, { uidvalidity: 8, uidNext: null, highestModseq: null });
    expect(store.messages.list(id, 0, 10).total).toBe(0);
    expect(store.messages.hasOtherUidValidity(id, 8)).toBe(true);
    store.messages.upsertHeaders(id, 8, [header(11, { messageId: '<1@example.test>' }), header(12, { messageId: null, contentHash: 'hash-2' })], { ...OPTIONS, adopt: true });
    store.messages.dropStale(id, 8);
    expect(store.messages.list(id, 0, 10).items.map((m) => m.uid)).toEqual([12, 11]);
    expect(store.messages.get(first)).toMatchObject({ uid: 11, text: 'kept', bodyLoaded: true });
    expect(store.messages.hasOtherUidValidity(id, 8)).toBe(false);
  });

  it('tells whether a UIDVALIDITY has anything cached, a row or a skipped UID (an interrupted first sync)', () => {
    const id = inbox();
    expect(store.messages.hasAnyOf(id, 7)).toBe(false);
    store.messages.upsertHeaders(id, 7, [header(1, { skip: 'test-mail' })], OPTIONS);
    expect(store.messages.hasAnyOf(id, 7)).toBe(true);
    expect(store.messages.hasAnyOf(id, 8)).toBe(false);
    store.messages.upsertHeaders(id, 8, [header(2)], OPTIONS);
    expect(store.messages.hasAnyOf(id, 8)).toBe(true);
  });

  it('stores a copy of a message in its folder once and remembers skipped UIDs', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1), header(2, { skip: 'test-mail' })], OPTIONS);
    expect(store.messages.upsertHeaders(id, 7, [header(5, { messageId: '<1@example.test>', contentHash: 'hash-1' })], OPTIONS)).toBe(0);
    expect(store.messages.knownUids(id, 7)).toEqual([1, 2, 5]);
    // From a UID on (a new-mail round's range): stored and skipped UIDs alike.
    expect(store.messages.knownUids(id, 7, 2)).toEqual([2, 5]);
    expect(store.messages.upsertHeaders(id, 7, [header(6, { messageId: '<1@example.test>', contentHash: 'hash-1' })], { ...OPTIONS, dedupe: false })).toBe(1);
  });

  it('queues flag changes with the optimistic update and keeps them over server flags until sent', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1)], OPTIONS);
    const msg = store.messages.idByUid(id, 7, 1)!;
    expect(store.pendingFlags.apply(msg, { seen: true, flagged: true })).toMatchObject({ seen: true, flagged: true });
    store.messages.updateFlags(id, 7, [{ uid: 1, flags: [] }], false);
    expect(store.messages.summary(msg)).toMatchObject({ seen: true, flagged: true });
    const pending = store.pendingFlags.forFolder(id, 7);
    expect(pending.map((p) => [p.flag, p.value])).toEqual([['\\Seen', true], ['\\Flagged', true]]);
    store.pendingFlags.done(pending.map((p) => p.id));
    store.messages.updateFlags(id, 7, [{ uid: 1, flags: [] }], false);
    expect(store.messages.summary(msg)).toMatchObject({ seen: false, flagged: false });
  });

  it('queues an archived message with its copies, drops its row and keeps its UIDs known until the server expunges them', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1), header(2), header(5, { messageId: '<1@example.test>', contentHash: 'hash-1' })], OPTIONS);
    const msg = store.messages.idByUid(id, 7, 1)!;
    const forget = (row: number) => store.messages.forget([row]);
    expect(store.messageMoves.queue(msg, 'archive', forget, 1)).toEqual({ accountId: 'a1' });
    expect(store.messages.list(id, 0, 10).items.map((m) => m.uid)).toEqual([2]);
    expect(store.messageMoves.forAccount('a1')).toMatchObject([{ mailboxPath: 'INBOX', uidvalidity: 7, uids: '1,5', destination: 'archive' }]);
    // A sync before the MOVE does not store the message again.
    expect(store.messages.knownUids(id, 7)).toEqual([1, 2, 5]);
    store.messages.removeUids(id, 7, [1, 5]);
    expect(store.messages.knownUids(id, 7)).toEqual([2]);
    store.messageMoves.done(store.messageMoves.forAccount('a1')[0]!.id);
    expect(store.messageMoves.forAccount('a1')).toEqual([]);
  });

  it('does not queue a move to the folder the message is in, nor of a message the cache does not have', () => {
    store.mailboxes.upsertAll('a1', [{ path: 'Trash', name: 'Trash', delimiter: '/', specialUse: '\\Trash' }]);
    const trash = store.mailboxes.byPath('a1', 'Trash')!.id;
    store.mailboxes.setSyncState(trash, { uidvalidity: 3, uidNext: null, highestModseq: null });
    store.messages.upsertHeaders(trash, 3, [header(1)], OPTIONS);
    const forget = (row: number) => store.messages.forget([row]);
    expect(store.messageMoves.queue(store.messages.idByUid(trash, 3, 1)!, 'trash', forget, 1)).toBe('here');
    expect(store.messages.list(trash, 0, 10).total).toBe(1);
    expect(store.messageMoves.queue(999_999, 'trash', forget, 1)).toBeNull();
    expect(store.messageMoves.forAccount('a1')).toEqual([]);
  });

  it('counts a message whose source is stored as readable offline and stored for after-import; deriving it stores its body once', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1), header(2), header(3)], OPTIONS);
    const [third, second] = store.messages.withoutBody(id, 7, 10);
    store.messages.setSources([{ id: third!.id, rawSha256: 'a'.repeat(64) }]);
    expect(store.messages.countWithoutBody(id, 7)).toBe(2);
    expect(store.messages.withoutBody(id, 7, 10).map((p) => p.uid)).toEqual([2, 1]);
    expect(store.messages.awaitingAfterImport(id, 7, 'delete', 10).map((r) => r.id)).toEqual([third!.id]);
    expect(store.messages.underived(10)).toEqual([{ id: third!.id, mailboxId: id, rawSha256: 'a'.repeat(64) }]);
    const body = { text: 'parcel', html: null, snippet: 'parcel', attachments: [], parseWarnings: [] };
    // Derived from another source than the row names now, or a second time: not stored.
    expect(store.messages.setDerived([{ id: third!.id, rawSha256: 'b'.repeat(64), body }])).toEqual([]);
    expect(store.messages.setDerived([{ id: third!.id, rawSha256: 'a'.repeat(64), body }])).toEqual([third!.id]);
    expect(store.messages.setDerived([{ id: third!.id, rawSha256: 'a'.repeat(64), body }])).toEqual([]);
    expect(store.messages.countUnderived()).toBe(0);
    expect(store.messages.get(third!.id)).toMatchObject({ bodyLoaded: true, text: 'parcel' });
    store.search.indexNew(100);
    expect(store.search.find('parcel', 10).map((m) => m.uid)).toEqual([3]);
    // A source gone from the attachment store: back to waiting for the body phase.
    store.messages.setSources([{ id: second!.id, rawSha256: 'c'.repeat(64) }]);
    store.messages.forgetSource(second!.id, 'c'.repeat(64));
    expect(store.messages.countWithoutBody(id, 7)).toBe(2);
  });

  it('counts the messages the body phase fetches by itself, under the size limit, with the index by size class', () => {
    const id = inbox();
    // Sizes at and around the classes' bounds (powers of four), and a limit at each of them.
    const sizes = [0, 1, 3, 4, 5, 15, 16, 100, 4095, 4096, 4097, 5000, 1_048_575, 1_048_576, 10 * 1_048_576, 10 * 1_048_576 + 1, 4 ** 15, 4 ** 16];
    store.messages.upsertHeaders(id, 7, sizes.map((size, i) => header(i + 1, { size })), OPTIONS);
    for (const limit of [...sizes, 2, 17, 25 * 1_048_576]) {
      expect(store.messages.countWithoutBody(id, 7, limit), `limit ${limit}`).toBe(sizes.filter((size) => size <= limit).length);
    }
    expect(store.messages.countWithoutBody(id, 7)).toBe(sizes.length);
    store.close();
    const db = new Database(path.join(dir, 'mailroom.sqlite3'));
    try {
      // Messages over the limit (a million, when none is downloaded by itself) are not read: a range on the size class.
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT COUNT(*) FROM messages INDEXED BY messages_pending_size_class
             WHERE mailbox_id = 1 AND uidvalidity = 7 AND body_loaded = 0 AND raw_sha256 IS NULL AND (${sizeClass('size')}) < (${sizeClass('100')})`,
        )
        .all() as { detail: string }[];
      expect(plan.map((row) => row.detail).join(' ')).toMatch(/INDEX messages_pending_size_class \(mailbox_id=\? AND uidvalidity=\? AND <expr><\?\)/);
    } finally {
      db.close();
    }
    store = openStore(dir);
  });

  it('keeps mail deleted after import when the server expunges it', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1), header(2)], OPTIONS);
    for (const p of store.messages.withoutBody(id, 7, 10)) store.messages.setBody(p.id, { text: 'x', html: null, snippet: 'x', attachments: [], parseWarnings: [] }, null);
    const rows = store.messages.awaitingAfterImport(id, 7, 'delete', 10);
    store.messages.setAfterImport(rows.map((r) => r.id), 'deleting');
    expect(store.messages.knownUids(id, 7)).toEqual([]);
    store.messages.removeUids(id, 7, [1, 2]);
    expect(store.messages.list(id, 0, 10).total).toBe(2);
  });

  it('stores bodies and counts unread per folder', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1), header(2, { flags: ['\\Seen'] })], OPTIONS);
    const pending = store.messages.withoutBody(id, 7, 10);
    expect(pending.map((p) => p.uid)).toEqual([2, 1]);
    const first = pending[0];
    if (!first) throw new Error('nothing pending');
    store.messages.setBody(first.id, { text: 'hello', html: null, snippet: 'hello', attachments: [], parseWarnings: [] }, null);
    expect(store.messages.get(first.id)?.bodyLoaded).toBe(true);
    expect(store.messages.countWithoutBody(id, 7)).toBe(1);
    expect(store.mailboxes.summaries('a1', [])).toMatchObject([{ path: 'INBOX', total: 2, unread: 1 }]);
  });

  it('finds messages by words in subject, sender and body, the last one as a prefix from three characters on', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1, { subject: 'Invoice overdue' }), header(2, { subject: 'Hello', from: { name: 'Zed', address: 'zed@x.test' } }), header(3, { subject: 'In stock' })], OPTIONS);
    expect(store.search.find('invo', 10)).toEqual([]);
    expect(store.search.indexNew(100)).toBe(3);
    expect(store.search.indexNew(100)).toBe(0);
    // Two characters are a whole word ("in*" would read most of a big index); three a prefix.
    expect(store.search.find('in', 10).map((m) => m.uid)).toEqual([3]);
    expect(store.search.find('inv', 10).map((m) => m.uid)).toEqual([1]);
    expect(store.search.find('stock in', 10).map((m) => m.uid)).toEqual([3]);
    const second = store.messages.withoutBody(id, 7, 10).find((p) => p.uid === 2);
    if (!second) throw new Error('missing');
    store.messages.setBody(second.id, { text: 'parcel damaged', html: null, snippet: '', attachments: [], parseWarnings: [] }, null);
    expect(store.search.find('invo', 10).map((m) => m.uid)).toEqual([1]);
    expect(store.search.find('zed parcel', 10).map((m) => m.uid)).toEqual([2]);
    expect(store.search.find('") OR *', 10)).toEqual([]);
  });

  it('returns search hits newest first, whatever the insert order, and forgets removed mail', () => {
    const id = inbox();
    const day = 86_400_000;
    // Oldest first and newest first batches, dates before 1970, equal dates and a year-9999 Date header.
    const dates: Record<number, number> = { 1: 5 * day, 2: -40 * 365 * day, 3: 5 * day, 4: Date.UTC(9999, 0, 1), 5: 9 * day, 6: 0 };
    store.messages.upsertHeaders(id, 7, [1, 2, 3].map((uid) => header(uid, { subject: 'Refund', date: dates[uid]! })), OPTIONS);
    store.messages.upsertHeaders(id, 7, [6, 5, 4].map((uid) => header(uid, { subject: 'Refund', date: dates[uid]! })), OPTIONS);
    // A body that arrives before the index pass is indexed with the row.
    store.messages.setBody(store.messages.idByUid(id, 7, 3)!, { text: 'voucher', html: null, snippet: '', attachments: [], parseWarnings: [] }, null);
    while (store.search.indexNew(2) > 0);
    expect(store.search.find('voucher', 10).map((m) => m.uid)).toEqual([3]);
    expect(store.search.find('refund', 10).map((m) => m.uid)).toEqual([4, 5, 3, 1, 6, 2]);
    expect(store.search.find('refund', 2).map((m) => m.uid)).toEqual([4, 5]);
    const five = store.messages.idByUid(id, 7, 5)!;
    store.messages.setBody(five, { text: 'parcel', html: null, snippet: '', attachments: [], parseWarnings: [] }, null);
    expect(store.search.find('refund parcel', 10).map((m) => m.uid)).toEqual([5]);
    store.messages.removeUids(id, 7, [5, 2]);
    expect(store.search.find('refund', 10).map((m) => m.uid)).toEqual([4, 3, 1, 6]);
    expect(store.search.find('parcel', 10)).toEqual([]);
  });

  it('indexes a commit of derived bodies again, newest first as the deriver stores them: each row once, under its new words', () => {
    const id = inbox();
    const day = 86_400_000;
    const uids = [1, 2, 3, 4, 5, 6];
    // Dates out of UID order, two equal: the index's keys (date, then id) are not the rows' order.
    const dates = [9, 2, 9, 40, 1, 7];
    store.messages.upsertHeaders(id, 7, uids.map((uid) => header(uid, { subject: 'Refund', date: dates[uid - 1]! * day })), OPTIONS);
    while (store.search.indexNew(100) > 0);
    // UID 7 arrives after the index pass: its body is stored before indexNew reaches its row.
    store.messages.upsertHeaders(id, 7, [header(7, { subject: 'Refund', date: 3 * day })], OPTIONS);
    const rows = [7, ...uids].map((uid) => store.messages.idByUid(id, 7, uid)!).sort((a, b) => b - a);
    store.messages.setSources(rows.map((row) => ({ id: row, rawSha256: 'a'.repeat(64) })));
    const body = (uid: number) => ({ text: `parcel word${uid}`, html: null, snippet: '', attachments: [], parseWarnings: [] });
    const derived = store.messages.underived(100).map((s) => ({ id: s.id, rawSha256: s.rawSha256, body: body(store.messages.get(s.id)!.uid) }));
    expect(derived.map((d) => d.id)).toEqual(rows);
    expect(store.messages.setDerived(derived)).toEqual(rows);
    while (store.search.indexNew(100) > 0);
    // Equal dates: the higher id first.
    const newestFirst = [4, 3, 1, 6, 7, 2, 5];
    expect(store.search.find('refund', 10).map((m) => m.uid)).toEqual(newestFirst);
    expect(store.search.find('parcel', 10).map((m) => m.uid)).toEqual(newestFirst);
    for (const uid of newestFirst) expect(store.search.find(`word${uid}`, 10).map((m) => m.uid)).toEqual([uid]);
    // Bodies stored again with other text: the old words are gone from every row.
    store.messages.setBodies(rows.map((row) => ({ id: row, rawSha256: null, body: { text: 'voucher', html: null, snippet: '', attachments: [], parseWarnings: [] } })));
    expect(store.search.find('parcel', 10)).toEqual([]);
    expect(store.search.find('voucher', 10).map((m) => m.uid)).toEqual(newestFirst);
  });

  it('maps full-text hits to team log keys per account, and forgets expunged mail', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1, { subject: 'Refund' }), header(2, { subject: 'Refund', messageId: null }), header(3, { subject: 'Other' })], OPTIONS);
    while (store.search.indexNew(100) > 0);
    // As the services do after opening: read ahead in slices.
    expect(store.search.readLogKeys(1)).toBe(1);
    expect(store.search.keysWithWord('refund')).toEqual(new Map([['a1', ['<1@example.test>', 'hash:hash-2']]]));
    // A body arriving after its key was read is indexed again under the same key.
    store.messages.setBody(store.messages.idByUid(id, 7, 3)!, { text: 'voucher', html: null, snippet: '', attachments: [], parseWarnings: [] }, null);
    expect(store.search.keysWithWord('voucher')).toEqual(new Map([['a1', ['<3@example.test>']]]));
    store.messages.removeUids(id, 7, [2]);
    store.messages.upsertHeaders(id, 7, [header(4, { subject: 'Refund again' })], OPTIONS);
    while (store.search.indexNew(100) > 0);
    expect(store.search.keysWithWord('refund')).toEqual(new Map([['a1', ['<1@example.test>', '<4@example.test>']]]));
  });

  it('saves the team state as a row per ticket and placement, writes only those given and keeps the history apart', () => {
    const saved = { folder: 'Mailroom/Log', uidvalidity: 3, lastUid: 9, header: '{"h":1}' };
    const line = (ticket: string, uid: number) => ({ ticket, uid, at: uid * 10, agent: 'ana', type: 'ticket.take', summary: `line ${uid}` });
    const ticket = (key: string, number: number, offered = false) => ({ key, number, offered, json: `{"key":"${key}","n":${number}}`, list: null });
    const tickets = store.team.tickets;
    store.team.saveState('a1', {
      ...saved,
      tickets: [ticket('t1', 1), ticket('t2', 2, true), ticket('t3', 3)],
      placements: [['m1', 't1'], ['m2', 't2'], ['m9', 'gone']],
      replacesTickets: true,
      activity: [line('t1', 1), line('t2', 2)],
      replacesHistory: false,
    });
    // The next save changes t2, moves m1 to t3 and adds a line.
    store.team.saveState('a1', { ...saved, lastUid: 10, tickets: [ticket('t2', 2)], placements: [['m1', 't3']], replacesTickets: false, activity: [line('t1', 3)], replacesHistory: false });
    const back = store.team.loadState('a1')!;
    expect({ ...back, chunks: [...back.chunks] }).toEqual({ ...saved, lastUid: 10, chunks: [] });
    expect(tickets.count('a1')).toBe(3);
    expect(tickets.ticket('a1', 't2')).toBe('{"key":"t2","n":2}');
    expect(tickets.ticket('a1', 't4')).toBeUndefined();
    expect(tickets.keyOfNumber('a1', 3)).toBe('t3');
    expect(tickets.offeredKeys('a1')).toEqual([]);
    expect(tickets.ticketOfMessage('a1', 'm1')).toBe('t3');
    // Pages in number order, placements in the order of first placement (a move keeps the place).
    expect(tickets.keysAfter('a1', { number: 1, key: 't1' }, 5)).toEqual([{ key: 't2', number: 2 }, { key: 't3', number: 3 }]);
    expect(tickets.ticketsByKeys('a1', ['t3', 't9', 't1']).map((t) => t.json).sort()).toEqual(['{"key":"t1","n":1}', '{"key":"t3","n":3}']);
    expect(tickets.placementsAfter('a1', 0, 2).map((p) => [p.message, p.ticket])).toEqual([['m1', 't3'], ['m2', 't2']]);
    expect(tickets.unplaced('a1')).toEqual([{ message: 'm9', ticket: 'gone' }]);
    const { ticket: _, ...first } = line('t1', 1);
    expect(store.team.activity('a1', 't1')).toEqual([first, { ...first, uid: 3, at: 30, summary: 'line 3' }]);
    // A group's histories at once (a snapshot's), each in the order it was folded; a ticket without lines is absent.
    const group = store.team.activityOfTickets('a1', ['t2', 't1', 't9']);
    expect([...group.keys()].sort()).toEqual(['t1', 't2']);
    expect(group.get('t1')!.map((a) => a.uid)).toEqual([1, 3]);
    // A state that does not continue the saved one replaces its tickets and its history.
    store.team.saveState('a1', { ...saved, tickets: [ticket('t5', 1)], placements: [], replacesTickets: true, activity: [line('t2', 5)], replacesHistory: true });
    expect(tickets.keysAfter('a1', { number: -1, key: '' }, 5).map((t) => t.key)).toEqual(['t5']);
    expect(tickets.ticketOfMessage('a1', 'm1')).toBeUndefined();
    expect(store.team.activity('a1', 't1')).toEqual([]);
    expect(store.team.activity('a1', 't2').map((a) => a.uid)).toEqual([5]);
    // An account deleted before a debounced save: nothing is written.
    store.team.saveState('gone', { ...saved, tickets: [ticket('t1', 1)], placements: [], replacesTickets: true, activity: [line('t1', 1)], replacesHistory: false });
    expect(store.team.loadState('gone')).toBeNull();
    expect(tickets.count('gone')).toBe(0);
  });

  it('reads the ticket chunks an earlier release saved until the next save replaces them', () => {
    const saved = { folder: 'Mailroom/Log', uidvalidity: 3, lastUid: 9, header: '{"h":1}' };
    store.team.saveState('a1', { ...saved, tickets: [], placements: [], replacesTickets: true, activity: [], replacesHistory: false });
    const db = new Database(path.join(dir, 'mailroom.sqlite3'));
    const chunk = db.prepare('INSERT INTO team_state_tickets (account_id, seq, tickets_gz) VALUES (?, ?, ?)');
    chunk.run('a1', 0, gzipSync('[{"a":1},{}]'));
    chunk.run('a1', 1, gzipSync('[{"b":2},{}]'));
    db.close();
    expect([...store.team.loadState('a1')!.chunks]).toEqual(['[{"a":1},{}]', '[{"b":2},{}]']);
    store.team.saveState('a1', { ...saved, tickets: [{ key: 'a', number: 1, offered: false, json: '{}', list: null }], placements: [], replacesTickets: true, activity: [], replacesHistory: false });
    expect([...store.team.loadState('a1')!.chunks]).toEqual([]);
  });

  it('indexes mail stored after the newest cached message was expunged (its id is given again)', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1, { subject: 'Alpha' }), header(2, { subject: 'Bravo' })], OPTIONS);
    while (store.search.indexNew(100) > 0);
    store.messages.removeUids(id, 7, [2]);
    store.messages.upsertHeaders(id, 7, [header(3, { subject: 'Charlie' })], OPTIONS);
    while (store.search.indexNew(100) > 0);
    expect(store.search.find('charlie', 10).map((m) => m.uid)).toEqual([3]);
    expect(store.search.find('bravo', 10)).toEqual([]);
  });

  it("forgets a deleted account's mail in the search index", () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1, { subject: 'Alpha' })], OPTIONS);
    while (store.search.indexNew(100) > 0);
    const settings = settingsOf(store.accounts.get('a1')!);
    store.accounts.delete('a1');
    // A new account's first message gets the deleted one's id.
    store.accounts.insert('a2', { ...settings, email: 'sales@example.test' });
    store.mailboxes.upsertAll('a2', [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null }]);
    const other = store.mailboxes.byPath('a2', 'INBOX')!.id;
    store.mailboxes.setSyncState(other, { uidvalidity: 7, uidNext: null, highestModseq: null });
    store.messages.upsertHeaders(other, 7, [header(1, { subject: 'Zulu' })], { ...OPTIONS, accountId: 'a2' });
    while (store.search.indexNew(100) > 0);
    expect(store.search.find('alpha', 10)).toEqual([]);
    expect(store.search.find('zulu', 10).map((m) => m.uid)).toEqual([1]);
  });

  it('stores mail that Gmail shows in several labels once (X-GM-MSGID), even without a Message-ID', () => {
    const id = inbox();
    store.mailboxes.upsertAll('a1', [{ path: '[Gmail]/All Mail', name: 'All Mail', delimiter: '/', specialUse: '\\All' }]);
    const all = store.mailboxes.byPath('a1', '[Gmail]/All Mail')!.id;
    store.mailboxes.setSyncState(all, { uidvalidity: 9, uidNext: null, highestModseq: null });
    store.messages.upsertHeaders(id, 7, [header(1, { messageId: null, gmMsgId: '1790000000000000001' })], OPTIONS);
    expect(store.messages.upsertHeaders(all, 9, [header(40, { messageId: null, gmMsgId: '1790000000000000001' })], OPTIONS)).toBe(0);
    expect(store.messages.knownUids(all, 9)).toEqual([40]);
    expect(store.messages.upsertHeaders(all, 9, [header(41, { messageId: null, gmMsgId: '1790000000000000002' })], OPTIONS)).toBe(1);
    // Replaying the batch (a sync killed after the commit) stores nothing twice.
    expect(store.messages.upsertHeaders(all, 9, [header(41, { messageId: null, gmMsgId: '1790000000000000002' })], OPTIONS)).toBe(1);
    expect(store.messages.list(all, 0, 10).total).toBe(1);
  });

  it('rebuilds the search index of a version 4 cache with date-ordered keys when it opens', () => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    // A cache as version 4 wrote it: the index keyed by messages.id.
    writeOldCache(
      dir,
      4,
      `INSERT INTO messages (id, mailbox_id, uidvalidity, uid, subject, to_json, date, text_body, body_loaded)
         VALUES (1, 1, 7, 1, 'Older invoice', '[]', 1000, 'parcel', 1),
                (2, 1, 7, 2, 'Newer invoice', '[{"name":"Team","address":"team@example.test"}]', 2000, NULL, 0);
       INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (1, 'stale', '', ''), (2, 'stale', '', '');`,
    );
    store = openStore(dir);
    expect(store.search.find('stale', 10)).toEqual([]);
    expect(store.search.find('invoice', 10).map((m) => m.uid)).toEqual([2, 1]);
    expect(store.search.find('parcel', 10).map((m) => m.uid)).toEqual([1]);
    expect(store.search.find('team@example.test', 10).map((m) => m.uid)).toEqual([2]);
  });

  it('keeps the password out of every file of the data dir, the WAL included', async () => {
    const password = 'Horse-Battery-7f3a9c';
    const secrets = createNodePlatform(dir, { MAILROOM_SECRET_KEY: 'd4'.repeat(32) }).secrets;
    // As adding an account does: the password into the secret store, the draft's settings into the cache.
    const draft = AccountDraftSchema.parse({
      name: 'Sales',
      email: 'sales@example.test',
      username: 'sales@example.test',
      password,
      imap: { host: 'imap.example.test', port: 993, security: 'tls' },
      smtp: { host: 'smtp.example.test', port: 465, security: 'tls' },
    });
    await secrets.set('account:a2:password', password);
    store.accounts.insert('a2', draft);
    store.accounts.update('a2', { ...draft, name: 'Sales desk' });
    expect(await secrets.get('account:a2:password')).toBe(password);
    expect(store.accounts.get('a2')?.name).toBe('Sales desk');
    // Open in WAL mode, the new rows are in mailroom.sqlite3-wal, not yet in the main file.
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
    expect(files.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['mailroom.sqlite3', 'mailroom.sqlite3-wal', 'mailroom.sqlite3-shm', 'secrets.json']));
    for (const file of files) expect(fs.readFileSync(file).includes(password), file).toBe(false);
  });
});
