import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/services/store';
import type { HeaderInput } from '../../src-main/services/sync/message-input';
import { addStoreAccount } from '../support/store-account';
import { headerInput } from '../support/header-input';

/** The search box's operators against a real SQLite store: each one filters the rows it names. */

let dir: string;
let store: Store;
const OPTIONS = { accountId: 'a1', dedupe: true, adopt: false };
const DAY = 86_400_000;
/** 2026-03-10 00:00 UTC. */
const MARCH_10 = Date.UTC(2026, 2, 10);

/** Read mail from Ann to support on 10 March, unless a test says otherwise. */
const header = (uid: number, over: Partial<HeaderInput>): HeaderInput =>
  headerInput(uid, { from: { name: 'Ann Lee', address: 'ann@example.test' }, to: [{ name: 'Support', address: 'support@example.test' }], date: MARCH_10 + uid * 1000, flags: ['\\Seen'], ...over });

function folder(pathName: string): string {
  const box = store.mailboxes.byPath('a1', pathName);
  if (!box) throw new Error(`no ${pathName}`);
  store.mailboxes.setSyncState(box.id, { uidvalidity: 7, uidNext: null, highestModseq: null });
  return String(box.id);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-search-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
  store.mailboxes.upsertAll('a1', [
    { path: 'INBOX', name: 'INBOX', delimiter: '/', specialUse: null },
    { path: 'Archive', name: 'Archive', delimiter: '/', specialUse: '\\Archive' },
  ]);
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const uids = (text: string, scope: { mailboxId?: string | null; timeZone?: string } = {}) => store.search.find(text, 100, scope).map((m) => m.uid);

describe('search operators on a real store', () => {
  let inbox: string;
  let archive: string;

  beforeEach(() => {
    inbox = folder('INBOX');
    archive = folder('Archive');
    store.messages.upsertHeaders(
      Number(inbox),
      7,
      [
        header(1, { subject: 'Refund for order 42', flags: [] }),
        header(2, { subject: 'Invoice March', from: { name: 'Bob Stone', address: 'bob@shop.test' }, hasAttachments: true }),
        header(3, { subject: 'Refund question', flags: ['\\Seen', '\\Flagged'], cc: [{ name: 'Carol', address: 'carol@example.test' }] }),
        header(4, { subject: 'Late refund', date: MARCH_10 - 2 * DAY }),
        header(5, { subject: 'Percent 100%_ off', from: { name: 'Promo', address: 'promo@deals.test' } }),
      ],
      OPTIONS,
    );
    store.messages.upsertHeaders(Number(archive), 7, [header(6, { subject: 'Refund archived', messageId: '<6@example.test>', contentHash: 'hash-6' })], OPTIONS);
    const body = store.messages.idByUid(Number(inbox), 7, 1)!;
    store.messages.setBody(body, { text: 'The parcel arrived damaged, please refund.', html: null, snippet: '', attachments: [], parseWarnings: [] }, null);
    while (store.search.indexNew(100) > 0);
  });

  it('searches every folder, or only the one asked for', () => {
    expect(uids('refund')).toEqual([6, 3, 1, 4]);
    expect(uids('refund', { mailboxId: inbox })).toEqual([3, 1, 4]);
    expect(uids('refund', { mailboxId: archive })).toEqual([6]);
  });

  it('filters by sender, recipient (to or cc) and subject', () => {
    expect(uids('from:bob')).toEqual([2]);
    expect(uids('from:"Bob Stone"')).toEqual([2]);
    // Carol is only in cc; Bob sent mail but never received any.
    expect(uids('to:carol')).toEqual([3]);
    expect(uids('to:bob')).toEqual([]);
    expect(uids('subject:refund')).toEqual([6, 3, 1, 4]);
    // "parcel" is in the body of 1 only, not in any subject.
    expect(uids('parcel')).toEqual([1]);
    expect(uids('subject:parcel')).toEqual([]);
  });

  it('filters by attachment, unread and flagged, with or without words', () => {
    expect(uids('has:attachment')).toEqual([2]);
    expect(uids('is:unread')).toEqual([1]);
    expect(uids('is:flagged')).toEqual([3]);
    expect(uids('refund is:unread')).toEqual([1]);
    expect(uids('refund is:flagged is:unread')).toEqual([]);
  });

  it('reads before:/after: as days in the given time zone', () => {
    expect(uids('refund before:2026-03-10', { timeZone: 'UTC' })).toEqual([4]);
    expect(uids('refund after:2026-03-10', { timeZone: 'UTC' })).toEqual([6, 3, 1]);
    // In New York, 2026-03-10 00:00 UTC is still the evening of the 9th.
    expect(uids('refund after:2026-03-10', { timeZone: 'America/New_York' })).toEqual([]);
    expect(uids('refund after:2026-03-09 before:2026-03-10', { timeZone: 'America/New_York' })).toEqual([6, 3, 1]);
  });

  it('matches quoted phrases in order only', () => {
    expect(uids('"refund question"')).toEqual([3]);
    expect(uids('"question refund"')).toEqual([]);
  });

  it('takes % and _ in from: literally', () => {
    store.messages.upsertHeaders(Number(inbox), 7, [header(7, { from: { name: '100%_Deals', address: 'x@deals.test' } })], OPTIONS);
    while (store.search.indexNew(100) > 0);
    expect(uids('from:100%_')).toEqual([7]);
  });

  it('throws the parser’s problem and fix for a bad query', () => {
    expect(() => uids('label:work')).toThrow(expect.objectContaining({ info: expect.objectContaining({ code: 'mail/bad-search' }) }));
    expect(() => uids('before:2026-02-30')).toThrow(/not a date search can read/);
  });
});

describe('search timing over 10,000 messages', () => {
  it('prints p50/p95 of operator queries (not asserted: speed lives in figures)', () => {
    const inbox = Number(folder('INBOX'));
    const words = ['refund', 'parcel', 'invoice', 'order', 'label', 'delivery', 'account', 'password'];
    for (let start = 0; start < 10_000; start += 1000) {
      store.messages.upsertHeaders(
        inbox,
        7,
        Array.from({ length: 1000 }, (_, i) => {
          const uid = start + i + 1;
          return header(uid, {
            subject: `${words[uid % words.length]} ${words[(uid * 7) % words.length]} #${uid}`,
            from: { name: `Sender ${uid % 300}`, address: `s${uid % 300}@example.test` },
            flags: uid % 3 === 0 ? [] : ['\\Seen'],
            hasAttachments: uid % 5 === 0,
            date: MARCH_10 - (uid % 400) * DAY,
          });
        }),
        OPTIONS,
      );
    }
    while (store.search.indexNew(1000) > 0);
    const queries = ['refund', 'refund from:s12', 'subject:invoice is:unread', 'has:attachment after:2025-06-01', 'is:flagged', 'order before:2025-12-01 to:support', '"parcel label"'];
    const times: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const q of queries) {
        const t = performance.now();
        store.search.find(q, 500, { mailboxId: round % 2 ? String(inbox) : null, timeZone: 'Europe/Berlin' });
        times.push(performance.now() - t);
      }
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
    console.log(`search over 10,000 messages, ${times.length} queries: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
    expect(times).toHaveLength(queries.length * 20);
    // Building 10,000 messages and their index takes seconds on a busy machine: no time limit (speed is printed, not asserted).
  }, 120_000);
});
