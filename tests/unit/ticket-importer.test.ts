/** The ticket importer over a real store: what it appends, in which batches, and what it does after a kill or a deletion. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountDraftInput } from '../../src-preload/contract';
import { openStore, type Store } from '../../src-main/services/store';
import type { HeaderInput } from '../../src-main/services/sync/message-input';
import { AUTO_REPLY_HEADERS } from '../../src-main/services/auto-reply/rfc3834';
import { IMPORT_BATCH, IMPORT_WINDOW, TicketImporter, type MailImportedPayload } from '../../src-main/services/tickets/ticket-importer';
import { foldingSink } from '../support/folding-sink';
import { addStoreAccount, pendingImport } from '../support/store-account';
import { headerInput } from '../support/header-input';

let dir: string;
let store: Store;
const UIDVALIDITY = 7;
const T0 = Date.UTC(2026, 2, 2, 9, 0);

function addAccount(over: Partial<AccountDraftInput> = {}): void {
  addStoreAccount(store, 'a1', over);
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-import-'));
  store = openStore(dir);
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const header = (uid: number, over: Partial<HeaderInput> = {}): HeaderInput =>
  headerInput(uid, {
    messageId: `<m${uid}@customer.example>`,
    subject: `Question ${uid}`,
    from: { name: `Customer ${uid}`, address: `c${uid}@customer.example` },
    to: [{ name: 'Support', address: 'support@example.test' }],
    date: T0 + uid * 60_000,
    ...over,
  });

function inboxId(): number {
  return store.mailboxes.byPath('a1', 'INBOX')!.id;
}

function store_(headers: HeaderInput[]): void {
  store.messages.upsertHeaders(inboxId(), UIDVALIDITY, headers, { accountId: 'a1', dedupe: false, adopt: false });
}

describe('ticket importer', () => {
  it('appends in batches of 500 in date order, threading replies onto tickets of the same import', async () => {
    addAccount();
    const n = IMPORT_BATCH * 2 + 3;
    // Stored newest first, as a first sync does: ids run against the dates.
    const headers = Array.from({ length: n }, (_, i) => header(n - i));
    // Written between the first two, so it goes in the same event as the mail it answers.
    headers.push(header(n + 1, { messageId: '<reply@customer.example>', inReplyTo: '<m1@customer.example>', references: ['<m1@customer.example>'], subject: 'Re: Question 1', date: T0 + 90_000 }));
    store_(headers);
    const sink = foldingSink();
    await new TicketImporter({ store, sink, agentId: () => 'me' }).importNew('a1');
    expect(sink.events.map((e) => e.length)).toEqual([IMPORT_BATCH, IMPORT_BATCH, 4]);
    const items = sink.events.flat();
    expect(items.slice(0, 3).map((i) => i.message)).toEqual(['<m1@customer.example>', '<reply@customer.example>', '<m2@customer.example>']);
    expect(items[1]).toMatchObject({ message: '<reply@customer.example>', ticket: '<m1@customer.example>', reason: { kind: 'reply', to: '<m1@customer.example>' }, route: null });
    // No standard queue set: the account's name is the queue, so tickets never sit in "no queue".
    expect(items[0]).toMatchObject({ direction: 'in', customer: { address: 'c1@customer.example' }, closed: false, route: { rule: '', queue: 'Support', tag: '', agent: '', assign: false } });
  });

  it('resumes after a kill: the mark moves only when all is appended, and placed messages are not sent again', async () => {
    addAccount();
    store_(Array.from({ length: IMPORT_BATCH + 10 }, (_, i) => header(i + 1)));
    const sink = foldingSink();
    const importer = new TicketImporter({ store, sink, agentId: () => 'me' });
    sink.failAt(1);
    await expect(importer.importNew('a1')).rejects.toThrow('append failed');
    expect(store.ticketImport.mark('a1')).toBe(0);
    expect(sink.events.map((e) => e.length)).toEqual([IMPORT_BATCH]);

    sink.failAt(-1);
    // The same process tries again (the connection came back): the failed items go now.
    await importer.importNew('a1');
    expect(sink.events.map((e) => e.length)).toEqual([IMPORT_BATCH, 10]);
    expect(pendingImport(store, 'a1')).toEqual([]);

    // A kill after the appends, before the mark moved: a new process sends nothing the log holds.
    store.ticketImport.setMark('a1', 0);
    await new TicketImporter({ store, sink, agentId: () => 'me' }).importNew('a1');
    expect(sink.events).toHaveLength(2);
    expect(pendingImport(store, 'a1')).toEqual([]);
  });

  it('waits for the log every IMPORT_WINDOW events while it answers; once a pass fails, the rest queues', async () => {
    addAccount();
    const n = IMPORT_BATCH * (2 * IMPORT_WINDOW + 1);
    const headers = Array.from({ length: n }, (_, i) => header(i + 1));
    // The newest mail answers the oldest: it threads onto a ticket the log confirmed windows ago.
    headers.push(header(n + 1, { messageId: '<late-reply@customer.example>', inReplyTo: '<m1@customer.example>', references: ['<m1@customer.example>'] }));
    store_(headers);
    const sink = foldingSink();
    let confirmed = 0;
    let mostWaiting = 0;
    const log = {
      ...sink,
      append: async (accountId: string, payload: MailImportedPayload) => {
        await sink.append(accountId, payload);
        mostWaiting = Math.max(mostWaiting, sink.events.length - confirmed);
      },
    };
    const passes: number[] = [];
    const confirm = () => {
      passes.push(sink.events.length);
      confirmed = sink.events.length;
      return Promise.resolve(true);
    };
    await new TicketImporter({ store, sink: log, agentId: () => 'me' }).importNew('a1', confirm);
    expect(sink.events).toHaveLength(2 * IMPORT_WINDOW + 2);
    expect(passes).toEqual([IMPORT_WINDOW, 2 * IMPORT_WINDOW]);
    expect(mostWaiting).toBe(IMPORT_WINDOW);
    expect(sink.events.flat().at(-1)).toMatchObject({ message: '<late-reply@customer.example>', ticket: '<m1@customer.example>', reason: { kind: 'reply' } });

    // The log out of reach after its first pass: no pass is tried again, every event queues, every ticket is in the state.
    store_(Array.from({ length: n }, (_, i) => header(n + 2 + i)));
    const before = sink.events.length;
    passes.length = 0;
    const refused = () => {
      passes.push(sink.events.length);
      return Promise.resolve(false);
    };
    await new TicketImporter({ store, sink: log, agentId: () => 'me' }).importNew('a1', refused);
    expect(passes).toEqual([before + IMPORT_WINDOW]);
    expect(sink.events.length - before).toBe(2 * IMPORT_WINDOW + 1);
    expect(sink.state().tickets.size).toBe(2 * n);
    expect(pendingImport(store, 'a1')).toEqual([]);
  });

  it('imports mail whose Message-ID is a name objects inherit', async () => {
    addAccount();
    store_([header(1, { messageId: 'constructor' }), header(2, { messageId: '__proto__' }), header(3, { messageId: '<m3@x>', inReplyTo: '<constructor>' })]);
    const sink = foldingSink();
    await new TicketImporter({ store, sink, agentId: () => 'me' }).importNew('a1');
    expect(sink.events.flat().map((i) => [i.message, i.ticket, i.reason.kind])).toEqual([
      ['constructor', 'constructor', 'new'],
      ['__proto__', '__proto__', 'new'],
      ['<m3@x>', 'constructor', 'reply'],
    ]);
  });

  it('waits for the team log: no state, nothing appended and the mark stays', async () => {
    addAccount();
    store_([header(1)]);
    const appended: unknown[] = [];
    await new TicketImporter({ store, sink: { state: () => null, append: (_a, p) => Promise.resolve(void appended.push(p)) }, agentId: () => 'me' }).importNew('a1');
    expect(appended).toEqual([]);
    expect(store.ticketImport.mark('a1')).toBe(0);
  });

  it('imports a row that took the id of a deleted one (the mark comes down with the newest rows)', async () => {
    addAccount();
    store_([header(1), header(2), header(3)]);
    const sink = foldingSink();
    const importer = new TicketImporter({ store, sink, agentId: () => 'me' });
    await importer.importNew('a1');
    const id = (uid: number) => store.messages.idByUid(inboxId(), UIDVALIDITY, uid);
    const [first, third] = [id(1)!, id(3)!];
    expect(store.ticketImport.mark('a1')).toBe(third);
    store.messages.removeUids(inboxId(), UIDVALIDITY, [2, 3]);
    expect(store.ticketImport.mark('a1')).toBe(first);
    store_([header(4)]);
    // SQLite hands out the id of a deleted row again.
    expect(id(4)).toBeLessThanOrEqual(third);
    await importer.importNew('a1');
    expect(sink.events.flat().map((i) => i.message)).toEqual(['<m1@customer.example>', '<m2@customer.example>', '<m3@customer.example>', '<m4@customer.example>']);
  });

  it("moves an account's mark past other accounts' rows, so its next round reads only rows stored after it, and still imports its new mail", async () => {
    addAccount();
    addStoreAccount(store, 'a2', { name: 'Sales', email: 'sales@example.test', username: 'sales@example.test' });
    const sales = store.mailboxes.byPath('a2', 'INBOX')!.id;
    const salesHeaders = (from: number) => Array.from({ length: 5 }, (_, i) => header(from + i, { messageId: `<s${from + i}@customer.example>` }));
    store.messages.upsertHeaders(sales, UIDVALIDITY, salesHeaders(1), { accountId: 'a2', dedupe: false, adopt: false });
    const sink = foldingSink();
    const importer = new TicketImporter({ store, sink, agentId: () => 'me' });
    // Nothing pending for a1: its mark still leaves the other account's rows behind.
    await importer.importNew('a1');
    expect(sink.events).toEqual([]);
    expect(store.ticketImport.mark('a1')).toBe(store.ticketImport.newestId());
    expect(pendingImport(store, 'a1')).toEqual([]);

    // a1's new mail, stored after more of a2's, is imported, and the mark ends at the newest row again.
    store_([header(1)]);
    store.messages.upsertHeaders(sales, UIDVALIDITY, salesHeaders(6), { accountId: 'a2', dedupe: false, adopt: false });
    await importer.importNew('a1');
    expect(sink.events.flat().map((i) => i.message)).toEqual(['<m1@customer.example>']);
    expect(store.ticketImport.mark('a1')).toBe(store.ticketImport.newestId());

    // The other account's newest rows deleted: the mark comes down with them, and a1's next row (which may take one of their ids) is imported.
    store.messages.removeUids(sales, UIDVALIDITY, [6, 7, 8, 9, 10]);
    store_([header(2)]);
    await importer.importNew('a1');
    expect(sink.events.flat().map((i) => i.message)).toEqual(['<m1@customer.example>', '<m2@customer.example>']);
  });

  it('files our own mail as outgoing to its first recipient, keys mail without Message-ID by hash, and honours the account settings', async () => {
    addAccount({ shared: false, import: { standardQueue: 'Mine', closeAutomatically: true } });
    store_([
      header(1, { from: { name: 'Support', address: 'Support@Example.test' }, to: [{ name: 'Ann', address: 'ann@customer.example' }], subject: 'Your order [#MR-9]' }),
      header(2, { messageId: null, contentHash: 'abc123' }),
    ]);
    const sink = foldingSink({
      routing: [{ id: 'r', enabled: true, field: 'subject', header: '', operator: 'contains', value: 'order', days: [], from: '', until: '', timeZone: '', queue: 'Orders', tag: '', agent: '' }],
    });
    await new TicketImporter({ store, sink, agentId: () => 'agent-me' }).importNew('a1');
    expect(sink.events.flat()).toEqual([
      expect.objectContaining({
        message: '<m1@customer.example>',
        direction: 'out',
        customer: { name: 'Ann', address: 'ann@customer.example' },
        subject: 'Your order',
        closed: true,
        // A personal account: assigned to its owner, no offer, no routing rules.
        route: { rule: '', queue: 'Mine', tag: '', agent: 'agent-me', assign: true },
      }),
      expect.objectContaining({ message: 'hash:abc123', ticket: 'hash:abc123', reason: { kind: 'new' } }),
    ]);
  });

  it("assigns a personal account's new tickets to its owner at once: no offer, no queue to fall back to", async () => {
    addAccount({ shared: false, import: { standardQueue: 'Mine' } });
    store_([header(1), header(2, { inReplyTo: '<m1@customer.example>', references: ['<m1@customer.example>'] })]);
    const sink = foldingSink();
    await new TicketImporter({ store, sink, agentId: () => 'agent-me' }).importNew('a1');
    const ticket = sink.state().tickets.get('<m1@customer.example>');
    expect(ticket).toMatchObject({ assignee: 'agent-me', offer: null, offers: 0, queue: 'Mine', status: 'open' });
    expect(ticket?.messages.map((m) => m.key)).toEqual(['<m1@customer.example>', '<m2@customer.example>']);
  });

  it('routes a shared account\'s new tickets by its rules, the standard queue when a rule names none', async () => {
    addAccount({ import: { standardQueue: 'Support' } });
    store_([header(1, { subject: 'Refund please', headers: { 'x-priority': ['1'] } }), header(2, { subject: 'Refund now' }), header(3, { subject: 'Hello' })]);
    const rule = { enabled: true, header: '', operator: 'contains' as const, value: '', days: [], from: '', until: '', timeZone: '', queue: '', tag: '', agent: '' };
    const sink = foldingSink({
      routing: [
        { ...rule, id: 'prio', field: 'header', header: 'X-Priority', operator: 'is', value: '1', tag: 'urgent' },
        { ...rule, id: 'refund', field: 'subject', value: 'refund', queue: 'Billing' },
      ],
    });
    const importer = new TicketImporter({ store, sink, agentId: () => 'me' });
    expect(importer.routeHeaders('a1')).toEqual(['x-priority', ...AUTO_REPLY_HEADERS]);
    await importer.importNew('a1');
    expect(sink.events.flat().map((i) => i.route)).toEqual([
      { rule: 'prio', queue: 'Support', tag: 'urgent', agent: '', assign: false },
      { rule: 'refund', queue: 'Billing', tag: '', agent: '', assign: false },
      { rule: '', queue: 'Support', tag: '', agent: '', assign: false },
    ]);
  });
  it('marks which mail may get an auto-reply: new mail from a person, not what the first sync found, robots, lists or our own accounts', async () => {
    addAccount();
    addStoreAccount(store, 'a2', { email: 'sales@example.test' });
    const after = store.accounts.createdAt('a1')! + 60_000;
    store_([
      header(1),
      header(2, { date: after }),
      header(3, { date: after + 1, headers: { 'auto-submitted': ['auto-replied'] } }),
      header(4, { date: after + 2, headers: { 'list-id': ['<users.lists.example>'] } }),
      header(5, { date: after + 3, from: { name: 'Sales', address: 'Sales@example.test' } }),
      header(6, { date: after + 4, from: { name: '', address: 'mailer-daemon@mx.example' } }),
    ]);
    const sink = foldingSink();
    await new TicketImporter({ store, sink, agentId: () => 'me' }).importNew('a1');
    expect(sink.events.flat().map((i) => [i.message, i.autoReply])).toEqual([
      ['<m1@customer.example>', false],
      ['<m2@customer.example>', true],
      ['<m3@customer.example>', false],
      ['<m4@customer.example>', false],
      ['<m5@customer.example>', false],
      ['<m6@customer.example>', false],
    ]);
    // What the first sync found is old mail: no notification either (services/notifications).
    expect(sink.events.flat().map((i) => i.firstSync)).toEqual([true, false, false, false, false, false]);
  });
});

describe('the messages waiting for the import', () => {
  it('come in date order over every folder of the account, a page at a time, and only up to the newest row when asked', () => {
    addAccount();
    addStoreAccount(store, 'a2', { email: 'sales@example.test' });
    store.mailboxes.upsertAll('a1', ['INBOX', 'Sent', 'Archive'].map((name) => ({ path: name, name, delimiter: '/', specialUse: null })));
    const folder = (name: string) => store.mailboxes.byPath('a1', name)!.id;
    // Dates interleave across the folders, some equal (then the storing order decides), each folder stored newest first.
    const dates = { INBOX: [5, 3, 3, 1], Sent: [6, 4, 3, 0], Archive: [9, 2, 2] } as const;
    let uid = 0;
    for (const [name, minutes] of Object.entries(dates)) {
      const headers = minutes.map((m) => header(++uid, { date: T0 + m * 60_000 }));
      store.messages.upsertHeaders(folder(name), UIDVALIDITY, headers, { accountId: 'a1', dedupe: false, adopt: false });
    }
    // Another account's mail is not this account's import.
    store.messages.upsertHeaders(store.mailboxes.byPath('a2', 'INBOX')!.id, UIDVALIDITY, [header(99, { date: T0 })], { accountId: 'a2', dedupe: false, adopt: false });
    const byDate = (ids: number[]) => store.ticketImport.rows(ids).map((r) => [r.date, r.id]);
    const newest = store.ticketImport.newestId();
    const pages = [...store.ticketImport.pendingIdPages('a1', 0, newest, 3)];
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 2]);
    const expected = byDate(pages.flat()).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    expect(byDate(pages.flat())).toEqual(expected);
    expect(pages.flat()).toHaveLength(11);
    // Rows stored after the import began are the next round's.
    expect([...store.ticketImport.pendingIdPages('a1', 0, newest - 4, 3)].flat()).toEqual(pages.flat().filter((id) => id <= newest - 4));
    // After a mark: the rows above it, in the same order.
    const mark = pages.flat()[5]!;
    expect([...store.ticketImport.pendingIdPages('a1', mark, newest, 3)].flat()).toEqual(pages.flat().filter((id) => id > mark));
  });
});
