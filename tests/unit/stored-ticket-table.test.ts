import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/services/store';
import { StateSaver } from '../../src-main/services/teamlog/state-saver';
import { parseStateParts } from '../../src-main/services/teamlog/snapshot';
import { emptyTeamState, type TeamState } from '../../src-main/services/teamlog/state';
import { StoredTicketTable } from '../../src-main/services/teamlog/stored-ticket-table';
import { addStoreAccount } from '../support/store-account';
import { logged, mail, teamEvent, teamSetup } from '../support/team-events';

let dir: string;
let store: Store;
let state: TeamState;
let saver: StateSaver;
let uid: number;

const AT = { folder: 'Mailroom/Log', uidvalidity: 1 };
const fold = (...events: ReturnType<typeof teamEvent>[]) => {
  for (const l of logged(events, uid + 1)) saver.fold(state, l);
  uid += events.length;
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-stored-tickets-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
  // A saved state of three tickets, its table read from the store.
  state = emptyTeamState();
  saver = new StateSaver(store.team, 'a1');
  saver.replaced();
  uid = 0;
  fold(...teamSetup(), teamEvent('ana', 1_000, { type: 'mail.imported', items: ['m1', 'm2', 'm3'].map((key) => mail(key, { queue: 'Support' })) }));
  saver.save(state, { ...AT, lastUid: uid });
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the stored ticket table', () => {
  it('reads tickets from the store, the same object while kept, and holds what a fold reached until the save', () => {
    const table = state.tickets as StoredTicketTable;
    expect(table).toBeInstanceOf(StoredTicketTable);
    expect(table.size).toBe(3);
    const m1 = table.get('m1')!;
    expect(m1.status).toBe('open');
    expect(table.get('m1')).toBe(m1);
    expect(table.get('nope')).toBeUndefined();
    expect(table.keyOfNumber(2)).toBe('m2');
    expect(table.ticketOfMessage('m3')).toBe('m3');

    // A take changes the ticket in place: held, the same object, unsaved in the store until the save.
    fold(teamEvent('ben', 2_000, { type: 'ticket.take', ticket: 'm1' }));
    expect(table.heldCount).toBe(1);
    expect(table.get('m1')).toBe(m1);
    expect(m1.assignee).toBe('ben');
    expect(JSON.parse(store.team.tickets.ticket('a1', 'm1')!).assignee).toBeNull();
    // A new ticket: counted, listed after the stored ones, found by number and message before it is saved.
    fold(teamEvent('ana', 3_000, { type: 'mail.imported', items: [mail('m4', { queue: 'Support' })] }));
    expect(table.size).toBe(4);
    expect(table.keyOfNumber(4)).toBe('m4');
    expect(table.ticketOfMessage('m4')).toBe('m4');
    expect([...table.values()].map((t) => t.key)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect([...table.values()][0]).toBe(m1);
    expect([...table.placements()]).toEqual([['m1', 'm1'], ['m2', 'm2'], ['m3', 'm3'], ['m4', 'm4']]);

    saver.save(state, { ...AT, lastUid: uid });
    expect(table.heldCount).toBe(0);
    expect(JSON.parse(store.team.tickets.ticket('a1', 'm1')!).assignee).toBe('ben');
    expect(store.team.tickets.count('a1')).toBe(4);
    expect(table.size).toBe(4);
    // Kept after the save: the same object again.
    expect(table.get('m1')).toBe(m1);
  });

  it('finds offers without reading every ticket, held ones as they are now', () => {
    const offered = () => [...state.tickets.values()].filter((t) => t.offer !== null).map((t) => t.key).sort();
    const found = () => state.tickets.keysWithOffer().sort();
    // Routing offered the imported tickets; a transfer offers m2 to Ben.
    fold(teamEvent('ana', 2_000, { type: 'ticket.transfer', ticket: 'm2', to: { kind: 'agent', agent: 'ben' } }));
    expect(found()).toContain('m2');
    expect(found()).toEqual(offered());
    saver.save(state, { ...AT, lastUid: uid });
    expect(store.team.tickets.offeredKeys('a1').sort()).toEqual(offered());
    expect(found()).toEqual(offered());
    const { seq } = state.tickets.get('m2')!.offer!;
    fold(teamEvent('ben', 3_000, { type: 'ticket.accept', ticket: 'm2', offer: seq }));
    expect(found()).not.toContain('m2');
    expect(found()).toEqual(offered());
  });

  it('keeps the placements naming no known ticket (a snapshot from elsewhere) in the header too, so a snapshot finds them without a walk', () => {
    const foreign = emptyTeamState();
    const own = new StateSaver(store.team, 'a1');
    own.replaced();
    for (const l of logged([...teamSetup(), teamEvent('ana', 1_000, { type: 'mail.imported', items: [mail('m1', { queue: 'Support' })] })])) own.fold(foreign, l);
    foreign.tickets.place('orphan', 'gone');
    own.save(foreign, { ...AT, lastUid: 7 });
    expect(JSON.parse(store.team.loadState('a1')!.header).messageTicket).toEqual({ orphan: 'gone' });

    const saved = store.team.loadState('a1')!;
    const loaded = parseStateParts(saved.header, saved.chunks)!;
    const reader = new StateSaver(store.team, 'a1');
    expect(reader.loaded(loaded)).toBe(false);
    expect(loaded.tickets.ticketOfMessage('orphan')).toBe('gone');
    expect(reader.unplacedOf(loaded)).toEqual({ orphan: 'gone' });
    // The store's own answer agrees.
    expect(loaded.tickets.unplaced()).toEqual({ orphan: 'gone' });
  });
});
