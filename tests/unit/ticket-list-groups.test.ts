/**
 * team_ticket_list_groups (migration 024) against the rows it counts: whatever sequence of
 * writes (INSERT OR REPLACE, as a save writes a ticket's row), deletions of one row and of
 * an account's rows, each group's count is the number of list rows with its values, and the
 * badge's count read from the groups is the one a scan of the rows gives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src-main/services/store';
import { openDatabase } from '../../src-main/services/store/database';
import { countUnread } from '../../src-main/services/store/ticket-counts';
import { listRowWriter } from '../../src-main/services/store/ticket-list-source';
import type { TicketListRow } from '../../src-main/services/tickets/ticket-list-row';
import { addStoreAccount } from '../support/store-account';

const ACCOUNTS = ['a1', 'a2'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-list-groups-'));
const store = openStore(dir);
for (const id of ACCOUNTS) addStoreAccount(store, id);
// A second connection for the SQL the repositories do not offer (WAL: both see each other's commits).
const db = openDatabase(dir);
for (const id of ACCOUNTS) {
  db.prepare('INSERT INTO team_state (account_id, folder, uidvalidity, last_uid, state_gz, saved_at) VALUES (?, ?, 1, 0, x\'\', 0)').run(id, 'Mailroom');
}
afterAll(() => {
  db.close();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const AGENTS = ['ana', 'ben', null];
const row = (key: string, v: { status: number; unread: boolean; queue: string; assignee: string | null; offeredTo: string | null; offerPhase: 'agent' | 'queue' | null }): TicketListRow => ({
  key,
  number: Number(key.slice(1)),
  ...v,
  createdAt: 0,
  lastActivityAt: 0,
  messages: 1,
  customerAddress: '',
  customerName: '',
  tags: '',
  subjectText: '',
  queueText: v.queue,
  customerText: '',
  tagText: '',
  dispositionText: '',
  notesText: '',
});

const values = fc.record({
  status: fc.constantFrom(0, 1, 2),
  unread: fc.boolean(),
  queue: fc.constantFrom('support', 'billing'),
  assignee: fc.constantFrom(...AGENTS),
  offeredTo: fc.constantFrom(...AGENTS, ''),
  offerPhase: fc.constantFrom('agent' as const, 'queue' as const, null),
});
const op = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), account: fc.constantFrom(...ACCOUNTS), key: fc.constantFrom('k1', 'k2', 'k3', 'k4'), values }),
  fc.record({ kind: fc.constant('delete' as const), account: fc.constantFrom(...ACCOUNTS), key: fc.constantFrom('k1', 'k2', 'k3', 'k4') }),
  fc.record({ kind: fc.constant('clear' as const), account: fc.constantFrom(...ACCOUNTS) }),
);

const COLUMNS = 'account_id, status, unread, queue, assignee, offered_to, offer_phase';
/** The badge's test (ticket-counts.ts) over the rows themselves. */
const scanned = db.prepare(
  `SELECT count(*) FROM team_ticket_list WHERE account_id IN (SELECT value FROM json_each(@accounts)) AND unread = 1 AND status <> 2 AND (
     assignee = @me OR (offer_phase = 'agent' AND offered_to = @me)
     OR (assignee IS NULL AND NOT (offer_phase IS 'agent' AND offered_to <> '') AND queue NOT IN (SELECT value FROM json_each(@others))))`,
);

describe('the ticket list groups', () => {
  it('count the list rows of each group, and give the badge the count a scan gives', () => {
    const write = listRowWriter(db, 'main.team_ticket_list');
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        db.exec('DELETE FROM team_ticket_list');
        for (const o of ops) {
          if (o.kind === 'write') write(o.account, row(o.key, o.values));
          else if (o.kind === 'delete') db.prepare('DELETE FROM team_ticket_list WHERE account_id = ? AND key = ?').run(o.account, o.key);
          else db.prepare('DELETE FROM team_ticket_list WHERE account_id = ?').run(o.account);
        }
        const rows = db.prepare(`SELECT ${COLUMNS}, count(*) AS n FROM team_ticket_list GROUP BY ${COLUMNS} ORDER BY ${COLUMNS}`).all();
        const groups = db.prepare(`SELECT ${COLUMNS}, n FROM team_ticket_list_groups WHERE n <> 0 ORDER BY ${COLUMNS}`).all();
        expect(groups).toEqual(rows);
        for (const accountIds of [['a1'], ACCOUNTS]) {
          for (const me of ['ana', 'ben']) {
            for (const others of [[], ['billing']]) {
              const expected = scanned.pluck().get({ accounts: JSON.stringify(accountIds), me, others: JSON.stringify(others) });
              expect(countUnread(db, { accountIds, me, othersQueues: others })).toBe(expected);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('follow the rows when an account goes (the delete cascades from its team state)', () => {
    const write = listRowWriter(db, 'main.team_ticket_list');
    db.exec('DELETE FROM team_ticket_list');
    write('a2', row('k1', { status: 0, unread: true, queue: 'support', assignee: null, offeredTo: null, offerPhase: null }));
    write('a2', row('k2', { status: 1, unread: true, queue: 'support', assignee: 'ana', offeredTo: null, offerPhase: null }));
    expect(countUnread(db, { accountIds: ['a2'], me: 'ana', othersQueues: [] })).toBe(2);
    store.accounts.delete('a2');
    expect(db.prepare("SELECT coalesce(sum(n), 0) FROM team_ticket_list_groups WHERE account_id = 'a2'").pluck().get()).toBe(0);
    expect(countUnread(db, { accountIds: ['a2'], me: 'ana', othersQueues: [] })).toBe(0);
  });
});
