import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/services/store';
import { parseStateParts } from '../../src-main/services/teamlog/snapshot';
import { StateSaver } from '../../src-main/services/teamlog/state-saver';
import { StoredTicketTable } from '../../src-main/services/teamlog/stored-ticket-table';
import { ImportedMessageSchema } from '../../src-main/services/teamlog/events';
import { emptyTeamState } from '../../src-main/services/teamlog/state';
import { TeamLog } from '../../src-main/services/teamlog/team-log';
import { logged, mail, teamEvent, teamSetup } from '../support/team-events';
import { addStoreAccount } from '../support/store-account';
import { chunksOfEarlierRelease } from '../support/team-fixtures';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-team-loading-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A saved state of `tickets` tickets, as an earlier run left it; returns the id of its last event. */
function savedState(tickets: number): string {
  // An event holds at most 2,000 items.
  const imports = Array.from({ length: Math.ceil(tickets / 1_000) }, (_, n) =>
    teamEvent('ana', 1_000, { type: 'mail.imported', items: Array.from({ length: Math.min(1_000, tickets - n * 1_000) }, (_, i) => mail(`m${n * 1_000 + i}`, { queue: 'Support' })) }),
  );
  const events = [...teamSetup(), ...imports];
  const state = emptyTeamState();
  const saver = new StateSaver(store.team, 'a1');
  saver.replaced();
  for (const l of logged(events)) saver.fold(state, l);
  saver.save(state, { folder: 'Mailroom/Log', uidvalidity: 1, lastUid: events.length });
  return imports.at(-1)!.id;
}

/** The saved state's tickets as a release before team_tickets kept them: in chunks (snapshot.ts parseStateParts). */
function asEarlierRelease(): void {
  const saved = store.team.loadState('a1')!;
  const state = parseStateParts(saved.header, [])!;
  new StateSaver(store.team, 'a1').loaded(state);
  const chunks = chunksOfEarlierRelease(state);
  const db = new Database(path.join(dir, 'mailroom.sqlite3'));
  db.prepare('DELETE FROM team_tickets').run();
  db.prepare('DELETE FROM team_placements').run();
  chunks.forEach((json, seq) => db.prepare('INSERT INTO team_state_tickets (account_id, seq, tickets_gz) VALUES (?, ?, ?)').run('a1', seq, gzipSync(json)));
  db.close();
}

const openLog = () => new TeamLog({ accountId: 'a1', address: 'support@example.test', agentId: 'me', repo: store.team });

describe('loading the saved team state', () => {
  it('reads the saved tickets from the store, none of them at loading', async () => {
    savedState(2_500);
    const log = openLog();
    await log.ready;
    expect(log.confirmed().tickets).toBeInstanceOf(StoredTicketTable);
    expect(log.state().tickets.size).toBe(2_500);
    expect(log.state().tickets.get('m2499')?.number).toBe(2_500);
    expect(log.importState()).not.toBeNull();
    log.close();
  });

  it('loads the chunks an earlier release saved in turns, shows no tickets (nor lets the sync import) until they are in, and moves them to the store', async () => {
    savedState(2_500);
    asEarlierRelease();
    const log = openLog();
    let turns = 0;
    let loaded = false;
    void log.ready.then(() => (loaded = true));
    // Other work gets turns while the chunks are parsed.
    while (!loaded) {
      expect(log.importState()).toBeNull();
      expect(log.state().tickets.size).toBe(0);
      await nextTurn();
      turns += 1;
    }
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(log.state().tickets.size).toBe(2_500);
    expect(log.importState()).not.toBeNull();
    // Saved at once as rows: the chunks are gone.
    expect([...store.team.loadState('a1')!.chunks]).toEqual([]);
    expect(store.team.tickets.count('a1')).toBe(2_500);
    expect(log.confirmed().tickets).toBeInstanceOf(StoredTicketTable);
    expect(log.state().tickets.ticketOfMessage('m1234')).toBe('m1234');
    log.close();
  });

  it('drops an event queued while loading that the saved state already folded, so it is not appended twice', async () => {
    const folded = savedState(1_500);
    const log = openLog();
    // A caller that repeats itself after a kill (the mail outbox) names its event; the check cannot see the saved ids yet.
    log.append({ type: 'agent.status', status: 'paused' }, folded);
    const fresh = log.append({ type: 'agent.status', status: 'online' });
    await log.ready;
    expect(store.team.outbox('a1').map((row) => row.eventId)).toEqual([fresh]);
    expect(log.status().pendingEvents).toBe(1);
    log.close();
  });

  it("gives the ticket list this agent's pending changes as the overlay over the saved rows", async () => {
    savedState(1_500);
    const log = openLog();
    await log.ready;
    expect(log.listOverlay()).toBeNull();
    // Pending (no connection): a read of a confirmed ticket and a new ticket.
    log.append({ type: 'ticket.read', ticket: 'm7' });
    log.append({ type: 'mail.imported', items: [ImportedMessageSchema.parse(mail('offline-1', { queue: 'Support' }))] });
    const overlay = log.listOverlay()!;
    expect(overlay.whole).toBe(false);
    const byKey = new Map([...overlay.tickets].map((t) => [t.key, t]));
    expect(byKey.get('m7')!.unread).toBe(false);
    expect(byKey.get('offline-1')).toEqual(log.state().tickets.get('offline-1'));
    expect([...overlay.placements]).toContainEqual(['offline-1', 'offline-1']);
    expect(log.confirmed().tickets.get('m7')!.unread).toBe(true);
    log.close();
  });

  it('stops loading when closed, saving nothing', async () => {
    savedState(3_000);
    asEarlierRelease();
    const before = store.team.loadState('a1')!.header;
    const log = openLog();
    log.close();
    await log.ready;
    expect(log.state().tickets.size).toBe(0);
    expect(store.team.loadState('a1')!.header).toBe(before);
    expect([...store.team.loadState('a1')!.chunks]).toHaveLength(3);
  });
});
