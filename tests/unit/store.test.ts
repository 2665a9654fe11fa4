import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountDraftSchema } from '../../src-preload/contract';
import { openStore, type Store } from '../../src-main/services/store';
import type { HeaderInput } from '../../src-main/services/store/messages-repo';

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');
let dir: string;
let store: Store;

const header = (uid: number, over: Partial<HeaderInput> = {}): HeaderInput => ({
  uid,
  messageId: `<${uid}@example.test>`,
  subject: `Subject ${uid}`,
  from: { name: 'Ann', address: 'ann@example.test' },
  to: [],
  cc: [],
  replyTo: [],
  date: 1_700_000_000_000 + uid * 1000,
  flags: [],
  size: 100,
  hasAttachments: false,
  ...over,
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-store-'));
  store = openStore(dir);
  const { password: _p, oauthSession: _o, ...settings } = AccountDraftSchema.parse({
    name: 'Support',
    email: 'support@example.test',
    username: 'support@example.test',
    imap: { host: 'imap.example.test', port: 993, security: 'tls' },
    smtp: { host: 'smtp.example.test', port: 465, security: 'tls' },
  });
  store.accounts.insert('a1', settings);
  store.mailboxes.upsertAll('a1', [{ path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null }]);
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function inbox() {
  const box = store.mailboxes.byPath('a1', 'INBOX');
  if (!box) throw new Error('no inbox');
  store.mailboxes.setUidValidity(box.id, 7);
  return box.id;
}

describe('store', () => {
  it('runs migrations once and reopens an existing database', () => {
    store.close();
    store = openStore(dir);
    expect(store.accounts.list().map((a) => a.email)).toEqual(['support@example.test']);
  });

  it('round-trips full account settings, filling defaults for settings added later', () => {
    const account = store.accounts.get('a1');
    expect(account).toMatchObject({ kind: 'imap', active: true, shared: true, import: { folders: ['INBOX'], afterImport: 'leave' } });
    if (!account) throw new Error('missing');
    const { id: _id, status: _s, lastError: _e, lastSyncAt: _t, ...settings } = account;
    store.accounts.update('a1', { ...settings, key: 'SUP', imap: { ...settings.imap, trustedCertificate: { fingerprint256: FINGERPRINT, pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' } } });
    expect(store.accounts.get('a1')).toMatchObject({ key: 'SUP', imap: { trustedCertificate: { fingerprint256: FINGERPRINT } } });
  });

  it('upserts headers idempotently: a replayed batch adds nothing', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1), header(2)]);
    store.messages.upsertHeaders(id, 7, [header(1), header(2, { flags: ['\\Seen'] })]);
    const { total, items } = store.messages.list(id, 0, 10);
    expect(total).toBe(2);
    expect(items.map((m) => m.uid)).toEqual([2, 1]);
    expect(items[0]?.seen).toBe(true);
  });

  it('lists newest first and pages', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [1, 2, 3, 4, 5].map((uid) => header(uid)));
    expect(store.messages.list(id, 1, 2).items.map((m) => m.uid)).toEqual([4, 3]);
  });

  it('hides and then removes messages of an old UIDVALIDITY', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1)]);
    store.mailboxes.setUidValidity(id, 8);
    expect(store.messages.list(id, 0, 10).total).toBe(0);
    expect(store.messages.remove(id, { uidvalidityNot: 8 })).toBe(1);
  });

  it('stores bodies and counts unread per folder', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1), header(2, { flags: ['\\Seen'] })]);
    const pending = store.messages.withoutBody(id, 7, 10);
    expect(pending.map((p) => p.uid)).toEqual([2, 1]);
    const first = pending[0];
    if (!first) throw new Error('nothing pending');
    store.messages.setBody(first.id, { text: 'hello', html: null, snippet: 'hello', attachments: [], parseWarnings: [], searchText: 'hello' });
    expect(store.messages.get(first.id)?.bodyLoaded).toBe(true);
    expect(store.messages.countWithoutBody(id, 7)).toBe(1);
    expect(store.mailboxes.summaries('a1')).toMatchObject([{ path: 'INBOX', total: 2, unread: 1 }]);
  });

  it('finds messages by words in subject, sender and body, as prefixes', () => {
    const id = inbox();
    store.messages.upsertHeaders(id, 7, [header(1, { subject: 'Invoice overdue' }), header(2, { subject: 'Hello', from: { name: 'Zed', address: 'zed@x.test' } })]);
    const second = store.messages.withoutBody(id, 7, 10).find((p) => p.uid === 2);
    if (!second) throw new Error('missing');
    store.messages.setBody(second.id, { text: 'parcel damaged', html: null, snippet: '', attachments: [], parseWarnings: [], searchText: 'parcel damaged' });
    expect(store.messages.search('invo', 10).map((m) => m.uid)).toEqual([1]);
    expect(store.messages.search('zed parcel', 10).map((m) => m.uid)).toEqual([2]);
    expect(store.messages.search('") OR *', 10)).toEqual([]);
  });

  it('keeps the password out of the database', () => {
    const raw = fs.readFileSync(path.join(dir, 'mailroom.sqlite3'));
    expect(raw.includes('password')).toBe(false);
  });
});
