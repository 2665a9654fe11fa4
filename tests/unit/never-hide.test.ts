import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeByGuess, decodeUnlabelledHeader } from '../../src-main/services/mail/charset-decoder';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../src-main/services/store';
import { migrations } from '../../src-main/services/store/migrations';
import { headerBytes, textCharset } from '../../src-main/services/sync/headers';
import { importStates } from '../../src-main/services/sync/import-state';
import { contentFingerprint, sortDate } from '../../src-main/services/sync/message-identity';
import { headerInput } from '../support/header-input';
import { addStoreAccount } from '../support/store-account';

const HOUR = 3600_000;
const ARRIVAL = Date.UTC(2026, 10, 2, 9);

describe('sort date', () => {
  it('keeps a plausible Date header, even one a few hours ahead of arrival (clock skew)', () => {
    expect(sortDate(ARRIVAL - 5 * HOUR, ARRIVAL)).toBe(ARRIVAL - 5 * HOUR);
    expect(sortDate(ARRIVAL + 20 * HOUR, ARRIVAL)).toBe(ARRIVAL + 20 * HOUR);
  });

  it('uses the arrival time for a Date more than a day ahead (year 3609) or an unreadable one', () => {
    expect(sortDate(Date.UTC(3609, 0, 1), ARRIVAL)).toBe(ARRIVAL);
    expect(sortDate(ARRIVAL + 25 * HOUR, ARRIVAL)).toBe(ARRIVAL);
    expect(sortDate(null, ARRIVAL)).toBe(ARRIVAL);
    expect(sortDate(null, null)).toBe(0);
    expect(sortDate(Date.UTC(3609, 0, 1), null)).toBe(Date.UTC(3609, 0, 1));
  });
});

describe('content fingerprint', () => {
  const mail = { date: ARRIVAL, subject: 'Printer on fire', from: { name: 'C', address: 'c@customer.example' }, to: [{ name: '', address: 's@example.test' }], size: 1200 };

  it('is the same for copies of one message and differs when subject, date, sender, recipients or size differ', () => {
    expect(contentFingerprint({ ...mail })).toBe(contentFingerprint(mail));
    for (const other of [{ subject: 'Test invalid charset' }, { date: ARRIVAL + 1 }, { from: null }, { to: [] }, { size: 1201 }]) {
      expect(contentFingerprint({ ...mail, ...other })).not.toBe(contentFingerprint(mail));
    }
  });

  it('stays the value stored rows hold: new mail is compared with them', () => {
    expect(contentFingerprint(mail)).toBe('37057997af81a433ed4dc37b9c2e0e328d4e4641bc69cc54913813c127a892e9');
  });
});

describe('grouping copies in the store', () => {
  let dir: string;
  let store: Store;
  const OPTIONS = { accountId: 'a1', dedupe: true, adopt: false };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-copies-'));
    store = openStore(dir);
    addStoreAccount(store, 'a1');
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function folder(p: string) {
    store.mailboxes.upsertAll('a1', [{ path: p, name: p, delimiter: '/', specialUse: null }]);
    const box = store.mailboxes.byPath('a1', p)!;
    store.mailboxes.setSyncState(box.id, { uidvalidity: 7, uidNext: null, highestModseq: null });
    return box.id;
  }
  const same = { messageId: '<same@example.test>', contentHash: 'fingerprint-1' };

  it('one row with a count for the same Message-ID and content in one folder; the folder total counts both', () => {
    const inbox = folder('INBOX');
    store.messages.upsertHeaders(inbox, 7, [headerInput(1, same), headerInput(2, same)], OPTIONS);
    // A replayed batch counts nothing twice.
    store.messages.upsertHeaders(inbox, 7, [headerInput(2, same)], OPTIONS);
    const { items } = store.messages.list(inbox, 0, 10);
    expect(items.map((m) => [m.uid, m.copies])).toEqual([[1, 2]]);
    expect(store.mailboxes.summaries('a1', []).find((m) => m.path === 'INBOX')?.total).toBe(2);
    // The copy leaves the server: the row is single again.
    store.messages.removeUids(inbox, 7, [2]);
    expect(store.messages.list(inbox, 0, 10).items.map((m) => m.copies)).toEqual([undefined]);
  });

  it('separate rows for a reused Message-ID with other content, and for a copy in another folder', () => {
    const inbox = folder('INBOX');
    const archive = folder('Archive');
    store.messages.upsertHeaders(inbox, 7, [headerInput(1, same), headerInput(2, { ...same, contentHash: 'fingerprint-2' })], OPTIONS);
    store.messages.upsertHeaders(archive, 7, [headerInput(1, same)], OPTIONS);
    expect(store.messages.list(inbox, 0, 10).items.map((m) => m.uid).sort()).toEqual([1, 2]);
    expect(store.messages.list(archive, 0, 10).total).toBe(1);
  });

  it('a cache from before forgets the copies the old check hid, except Gmail labels, so the next sync looks again', () => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    const db = new Database(path.join(dir, 'mailroom.sqlite3'));
    for (const m of migrations.filter((m) => m.version <= 14)) db.exec(m.up);
    db.pragma('user_version = 14');
    db.exec(`INSERT INTO accounts (id, name, email, username, imap_host, imap_port, imap_security, smtp_host, smtp_port, smtp_security, created_at)
             VALUES ('a1', 'S', 's@example.test', 's', 'i', 993, 'tls', 's', 465, 'tls', 0);
             INSERT INTO mailboxes (id, account_id, path, name, uidvalidity, uid_next) VALUES (1, 'a1', 'INBOX', 'INBOX', 7, 10), (2, 'a1', 'All', 'All', 7, 10);
             INSERT INTO messages (id, mailbox_id, uidvalidity, uid, message_id, gm_msgid, subject, to_json, date)
               VALUES (1, 1, 7, 1, '<a@x>', NULL, 'Hidden twin', '[]', 1000), (2, 1, 7, 2, '<b@x>', '42', 'Gmail', '[]', 2000);
             INSERT INTO skipped_uids (mailbox_id, uidvalidity, uid, reason, message_ref)
               VALUES (1, 7, 3, 'duplicate', 1), (2, 7, 4, 'duplicate', 2), (1, 7, 5, 'test-mail', NULL);`);
    db.close();
    store = openStore(dir);
    expect(store.messages.knownUids(1, 7)).toEqual([1, 2, 5]);
    expect(store.messages.knownUids(2, 7)).toEqual([4]);
    expect(store.mailboxes.byPath('a1', 'INBOX')?.uidNext).toBeNull();
    expect(store.mailboxes.byPath('a1', 'All')?.uidNext).toBe(10);
  });

  it("Gmail's one message in many labels is still stored once in the account", () => {
    const inbox = folder('INBOX');
    const all = folder('[Gmail]/All Mail');
    store.messages.upsertHeaders(inbox, 7, [headerInput(1, { gmMsgId: '42' })], OPTIONS);
    store.messages.upsertHeaders(all, 7, [headerInput(9, { gmMsgId: '42' })], OPTIONS);
    expect(store.messages.list(all, 0, 10).total).toBe(0);
  });
});

describe('unlabelled 8-bit headers', () => {
  const cp1252 = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94, 0x20, 0x80, 0x35]);

  it('reads valid UTF-8 as UTF-8, else the message charset, else windows-1252 with its curly quotes and euro sign', () => {
    expect(decodeUnlabelledHeader(Buffer.from('Caf\u00e9 \u201cq\u201d'), 'iso-8859-2')).toBe('Caf\u00e9 \u201cq\u201d');
    expect(decodeUnlabelledHeader(cp1252, null)).toBe('Caf\u00e9 \u201cq\u201d \u20ac5');
    expect(decodeUnlabelledHeader(cp1252, 'utf-8')).toBe('Caf\u00e9 \u201cq\u201d \u20ac5');
    expect(decodeUnlabelledHeader(Buffer.from([0x5a, 0xb1, 0x62]), 'iso-8859-2')).toBe('Z\u0105b');
    expect(decodeUnlabelledHeader(Buffer.from([0xe9]), 'x-unknown')).toBe('\u00e9');
    expect(decodeByGuess(Buffer.from([0x96])).text).toBe('\u2013');
  });

  it('finds the raw bytes of a folded header line and the charset of the first text part', () => {
    const block = Buffer.concat([Buffer.from('Subject: Caf'), Buffer.from([0xe9]), Buffer.from('\r\n more\r\nX-Other: 1\r\n\r\n')]);
    expect(headerBytes(block, 'subject')).toEqual(Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' more')]));
    expect(headerBytes(block, 'to')).toBeNull();
    const structure = { type: 'multipart/mixed', childNodes: [{ type: 'image/png' }, { type: 'text/plain', parameters: { charset: 'iso-8859-2' } }] };
    expect(textCharset(structure as never)).toBe('iso-8859-2');
    expect(textCharset({ type: 'image/png' } as never)).toBeNull();
  });
});

describe('import state', () => {
  const listed = [
    { path: 'INBOX', specialUse: null },
    { path: 'Sent', specialUse: '\\Sent' },
    { path: 'Sales', specialUse: null },
    { path: 'Trash', specialUse: '\\Trash' },
    { path: 'Spam', specialUse: null },
  ];

  it('imports INBOX when nothing was chosen, proposes Sent, never trash or spam', () => {
    expect(Object.fromEntries(importStates([], listed, '/'))).toEqual({
      INBOX: 'imported',
      Sent: 'proposed',
      Sales: 'not-imported',
      Trash: 'never',
      Spam: 'never',
    });
  });

  it('follows the chosen folders in any INBOX spelling; chosen Sent is imported, not proposed; a chosen Trash stays never', () => {
    const states = importStates(['inbox', 'Sent', 'Trash'], listed, '/');
    expect([states.get('INBOX'), states.get('Sent'), states.get('Sales'), states.get('Trash')]).toEqual(['imported', 'imported', 'not-imported', 'never']);
    expect(importStates(['Sales'], listed, '/').get('INBOX')).toBe('not-imported');
  });
});
