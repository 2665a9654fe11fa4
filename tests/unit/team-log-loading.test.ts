import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/services/store';
import { StateSaver } from '../../src-main/services/teamlog/state-saver';
import { ImportedMessageSchema } from '../../src-main/services/teamlog/events';
import { emptyTeamState, type TicketState } from '../../src-main/services/teamlog/state';
import { TeamLog } from '../../src-main/services/teamlog/team-log';
import { logged, mail, teamEvent, teamSetup } from '../support/team-events';
import { addStoreAccount } from '../support/store-account';

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

/** A saved state of `tickets` tickets (chunks of 1,000), as an earlier run left it; returns the id of its last event. */
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

const openLog = () => new TeamLog({ accountId: 'a1', address: 'support@example.test', agentId: 'me', repo: store.team });

describe('loading the saved team state', () => {
  it('loads in turns of the event loop and shows no tickets (nor lets the sync import) until it is in', async () => {
    savedState(2_500);
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

  it('walks the tickets as state() shows them, pending changes and pending tickets included', async () => {
    savedState(1_500);
    const log = openLog();
    await log.ready;
    const byKey = (tickets: Iterable<TicketState>) => new Map([...tickets].map((t) => [t.key, t]));
    expect(byKey(log.tickets())).toEqual(byKey([...log.state().tickets.values()]));
    // Pending (no connection): a read of a confirmed ticket and a new ticket.
    log.append({ type: 'ticket.read', ticket: 'm7' });
    log.append({ type: 'mail.imported', items: [ImportedMessageSchema.parse(mail('offline-1', { queue: 'Support' }))] });
    const walked = byKey(log.tickets());
    expect(walked).toEqual(byKey([...log.state().tickets.values()]));
    expect(walked.size).toBe(1_501);
    expect(walked.get('m7')!.unread).toBe(false);
    expect(log.confirmed().tickets.get('m7')!.unread).toBe(true);
    log.close();
  });

  it('stops loading when closed, saving nothing', async () => {
    savedState(3_000);
    const before = store.team.loadState('a1')!.header;
    const log = openLog();
    log.close();
    await log.ready;
    expect(log.state().tickets.size).toBe(0);
    expect(store.team.loadState('a1')!.header).toBe(before);
  });
});
