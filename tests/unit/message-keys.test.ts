import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/services/store';
import { addStoreAccount } from '../support/store-account';
import { headerInput as header } from '../support/header-input';
import { writeOldCache } from '../support/old-cache';

const OPTIONS = { accountId: 'a1', dedupe: true, adopt: false };
let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-keys-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function inbox(): number {
  const box = store.mailboxes.byPath('a1', 'INBOX');
  if (!box) throw new Error('no inbox');
  return box.id;
}

/** What the database file holds, read on a connection of its own (the staging table is the store's). */
function onDisk(): { keys: [string, number][]; keyedUpto: number } {
  const db = new Database(path.join(dir, 'mailroom.sqlite3'), { readonly: true });
  try {
    const keys = db.prepare('SELECT message_id, id FROM message_keys ORDER BY message_id, id').raw().all() as [string, number][];
    return { keys, keyedUpto: db.prepare('SELECT keyed_upto FROM message_keys_progress').pluck().get() as number };
  } finally {
    db.close();
  }
}

function keyAll(limit = 1000): void {
  while (store.messageKeys.keyNew(limit) > 0);
}

const found = (messageId: string) => store.messages.byKeys('a1', [messageId]).get(messageId)?.uid ?? null;

describe('message keys (Message-IDs staged, then keyed in sorted passes)', () => {
  it('keys every row of a cache written before message_keys when it opens', () => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    writeOldCache(
      dir,
      21,
      `INSERT INTO messages (id, mailbox_id, uidvalidity, uid, message_id, content_hash, date)
         VALUES (1, 1, 7, 1, '<b@x>', 'h1', 1000), (2, 1, 7, 2, NULL, 'h2', 2000), (3, 1, 7, 3, '<a@x>', 'h3', 3000);`,
    );
    store = openStore(dir);
    expect(onDisk()).toEqual({ keys: [['<a@x>', 3], ['<b@x>', 1]], keyedUpto: 3 });
    expect(store.messageKeys.pending).toBe(0);
    expect(found('<b@x>')).toBe(1);
  });

  it('finds a stored message by its Message-ID while staged, after a reopen (a kill) and once keyed', () => {
    store.messages.upsertHeaders(inbox(), 7, [header(1), header(2), header(3, { messageId: null })], OPTIONS);
    expect(store.messageKeys.pending).toBe(2);
    expect(found('<2@example.test>')).toBe(2);
    // A copy of a staged row in the same folder is a duplicate, found through the staging table.
    expect(store.messages.upsertHeaders(inbox(), 7, [header(9, { messageId: '<2@example.test>', contentHash: 'hash-2' })], OPTIONS)).toBe(0);
    expect(onDisk().keys).toEqual([]);

    store.close();
    store = openStore(dir);
    expect(store.messageKeys.pending).toBe(2);
    expect(found('<1@example.test>')).toBe(1);

    keyAll();
    expect(store.messageKeys.pending).toBe(0);
    expect(onDisk()).toEqual({ keys: [['<1@example.test>', 1], ['<2@example.test>', 2]], keyedUpto: 2 });
    expect(found('<2@example.test>')).toBe(2);
    store.close();
    store = openStore(dir);
    expect(store.messageKeys.pending).toBe(0);
    expect(found('<1@example.test>')).toBe(1);
  });

  it('keys one generation in Message-ID order over several slices; rows stored meanwhile wait for the next', () => {
    const box = inbox();
    const ids = ['<d@x>', '<b@x>', '<e@x>', '<a@x>', '<c@x>'];
    store.messages.upsertHeaders(box, 7, ids.map((messageId, i) => header(i + 1, { messageId })), OPTIONS);
    expect(store.messageKeys.keyNew(2)).toBe(2);
    expect(onDisk().keys.map(([key]) => key)).toEqual(['<a@x>', '<b@x>']);

    store.messages.upsertHeaders(box, 7, [header(6, { messageId: '<0@x>' })], OPTIONS);
    expect(store.messageKeys.keyNew(2)).toBe(2);
    expect(store.messageKeys.keyNew(2)).toBe(1);
    expect(store.messageKeys.keyNew(2)).toBe(0);
    expect(onDisk()).toEqual({ keys: ids.toSorted().map((key) => [key, ids.indexOf(key) + 1]), keyedUpto: 5 });
    expect(store.messageKeys.pending).toBe(1);
    expect(found('<0@x>')).toBe(6);

    keyAll();
    expect(onDisk().keyedUpto).toBe(6);
    expect(onDisk().keys[0]).toEqual(['<0@x>', 6]);
  });

  it('keys a row stored under a reused id before the watermark passes it, though it sorts before the cursor', () => {
    const box = inbox();
    store.messages.upsertHeaders(box, 7, [header(1, { messageId: '<m@x>' }), header(2, { messageId: '<n@x>' }), header(3, { messageId: '<z@x>' })], OPTIONS);
    expect(store.messageKeys.keyNew(2)).toBe(2);
    // The highest row goes; the next row stored gets its id (3) again, with a key before the cursor.
    store.messages.removeUids(box, 7, [3]);
    store.messages.upsertHeaders(box, 7, [header(4, { messageId: '<a@x>' })], OPTIONS);
    keyAll(2);
    expect(onDisk()).toEqual({ keys: [['<a@x>', 3], ['<m@x>', 1], ['<n@x>', 2]], keyedUpto: 3 });
    store.close();
    store = openStore(dir);
    expect(found('<a@x>')).toBe(4);
    expect(found('<z@x>')).toBeNull();
  });

  it('forgets the key of a deleted row, staged or keyed, also when its account goes', () => {
    const box = inbox();
    store.messages.upsertHeaders(box, 7, [header(1), header(2)], OPTIONS);
    keyAll();
    store.messages.upsertHeaders(box, 7, [header(3), header(4)], OPTIONS);
    store.messages.removeUids(box, 7, [1, 3]);
    expect(found('<1@example.test>')).toBeNull();
    expect(found('<3@example.test>')).toBeNull();
    expect(onDisk().keys).toEqual([['<2@example.test>', 2]]);
    keyAll();
    expect(onDisk().keys).toEqual([['<2@example.test>', 2], ['<4@example.test>', 4]]);

    store.messages.upsertHeaders(box, 7, [header(5)], OPTIONS);
    store.accounts.delete('a1');
    expect(store.messageKeys.keyNew(1000)).toBe(0);
    expect(onDisk().keys).toEqual([]);
  });
});
