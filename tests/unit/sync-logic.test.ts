import { describe, expect, it } from 'vitest';
import { activeFolders } from '../../src-main/services/sync/active-folders';
import { backoffDelay } from '../../src-main/services/sync/backoff';
import { headerValues, importSearch, matchesHeaderFilter, parseHeaderFilter, syncSince } from '../../src-main/services/sync/import-criteria';
import { TEST_MAIL_SUBJECT, isTestMail, testMailMessageId } from '../../src-main/services/accounts/test-mail';
import { headerRequest } from '../../src-main/services/sync/headers';
import { UidIds } from '../../src-main/services/sync/body-sync';

describe('header filter (XCALLY syntax)', () => {
  it('parses names and name=value terms, comma-separated, names lower-cased, values kept', () => {
    expect(parseHeaderFilter(' X-Priority=1, List-Id ,, X-Queue = Sales ')).toEqual([
      { name: 'x-priority', value: '1' },
      { name: 'list-id', value: null },
      { name: 'x-queue', value: 'Sales' },
    ]);
    expect(parseHeaderFilter('')).toEqual([]);
    expect(parseHeaderFilter('=x')).toEqual([]);
  });

  it('ORs the terms: any one matching imports the message; values are exact and case-sensitive', () => {
    const terms = parseHeaderFilter('X-Priority=1, List-Id');
    expect(matchesHeaderFilter(terms, headerValues('X-PRIORITY: 1\r\n'))).toBe(true);
    expect(matchesHeaderFilter(terms, headerValues('list-id: <a.b>\r\n'))).toBe(true);
    expect(matchesHeaderFilter(terms, headerValues('X-Priority: 12\r\n'))).toBe(false);
    expect(matchesHeaderFilter(parseHeaderFilter('X-Queue=Sales'), headerValues('X-Queue: sales\r\n'))).toBe(false);
    expect(matchesHeaderFilter([], headerValues(''))).toBe(true);
  });

  it('unfolds folded header lines', () => {
    expect(headerValues('X-Long: a\r\n b\r\nX-Other: c\r\n').get('x-long')).toEqual(['a b']);
  });

  it('builds the server SEARCH: one term, OR of terms, SINCE and a UID range', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    expect(importSearch([], null, null)).toEqual({ all: true });
    expect(importSearch(parseHeaderFilter('List-Id'), since, 10)).toEqual({ uid: '10:*', since, header: { 'list-id': true } });
    expect(importSearch(parseHeaderFilter('a=1,b'), null, null)).toEqual({ or: [{ header: { a: '1' } }, { header: { b: true } }] });
  });
});

describe('sync-from date', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  it('has no limit for "now", a fixed day for "date", months back otherwise', () => {
    expect(syncSince({ syncFrom: 'now', syncFromDate: '' }, now)).toBeNull();
    expect(syncSince({ syncFrom: 'date', syncFromDate: '2026-03-05' }, now)?.toISOString()).toBe('2026-03-05T00:00:00.000Z');
    expect(syncSince({ syncFrom: '3m', syncFromDate: '' }, now)?.toISOString()).toBe('2026-08-24T12:00:00.000Z');
  });
});

describe('active folders', () => {
  const listed = [
    { path: 'INBOX', specialUse: '\\Inbox' },
    { path: 'Sales', specialUse: null },
    { path: 'Trash', specialUse: '\\Trash' },
    { path: 'Junk', specialUse: '\\Junk' },
    { path: 'Old/Spam', specialUse: null },
  ];
  it('takes the chosen folders, INBOX first, never trash or spam, only folders the server lists', () => {
    expect(activeFolders(['Sales', 'inbox', 'Trash', 'Junk', 'Old/Spam', 'Gone'], listed, '/')).toEqual(['INBOX', 'Sales']);
    expect(activeFolders([], listed, '/')).toEqual(['INBOX']);
  });
});

describe('back-off', () => {
  it('doubles with jitter and stays under the cap', () => {
    expect(backoffDelay(1, 60_000, () => 0)).toBe(1000);
    expect(backoffDelay(3, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(30, 60_000, () => 1)).toBe(60_000);
  });
});

describe('header phase', () => {
  it('recognises our connection test mail by its envelope, not by a header a customer could copy alone', () => {
    const id = testMailMessageId('3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b', 'example.test');
    expect(isTestMail(TEST_MAIL_SUBJECT, id)).toBe(true);
    expect(isTestMail('Re: ' + TEST_MAIL_SUBJECT, id)).toBe(false);
    expect(isTestMail(TEST_MAIL_SUBJECT, '<3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b@example.test>')).toBe(false);
    expect(isTestMail(TEST_MAIL_SUBJECT, null)).toBe(false);
  });

  it('asks for the envelope\'s headers and References always, keeps the header filter\'s and routing rules\' headers when named, and Gmail IDs only on Gmail', () => {
    const envelope = ['date', 'subject', 'from', 'to', 'cc', 'reply-to', 'message-id', 'in-reply-to', 'references'];
    expect(headerRequest([], false)).toMatchObject({ query: { headers: envelope }, kept: [] });
    expect(headerRequest([], false).query).not.toHaveProperty('envelope');
    const named = headerRequest(parseHeaderFilter('X-Queue=Support, list-id'), false, ['X-Priority', 'x-queue', 'From']);
    expect(named.query.headers).toEqual([...envelope, 'x-queue', 'list-id', 'x-priority']);
    expect(named.kept).toEqual(['x-queue', 'list-id', 'x-priority', 'from']);
    expect(headerRequest([], true).query).toMatchObject({ emailId: true, threadId: true });
    expect(headerRequest([], false).query).not.toHaveProperty('emailId');
  });
});

describe('body phase', () => {
  it("finds each UID's row id in a worker phase's folder, and no id for a UID it does not hold", () => {
    const uids = [1, 5, 17, 3999, 4000, 9001];
    const ids = new UidIds(Uint32Array.from(uids), Float64Array.from(uids.map((uid) => uid * 10 + 3)));
    for (const uid of uids) expect(ids.get(uid)).toBe(uid * 10 + 3);
    for (const uid of [0, 2, 16, 18, 4001, 9000, 9002, 2 ** 32]) expect(ids.get(uid)).toBeUndefined();
    expect(new UidIds(new Uint32Array(0), new Float64Array(0)).get(1)).toBeUndefined();
  });
});
