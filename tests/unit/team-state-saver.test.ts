import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src-main/services/store';
import type { TeamStateSave } from '../../src-main/services/store/team-repo';
import { parseSnapshotGz, parseStateJson, parseStateParts, serializeStateInSlices, stateJson } from '../../src-main/services/teamlog/snapshot';
import { StateSaver } from '../../src-main/services/teamlog/state-saver';
import { StoredTicketTable } from '../../src-main/services/teamlog/stored-ticket-table';
import { emptyTeamState, type TeamState, type TicketActivity } from '../../src-main/services/teamlog/state';
import { foldAll, logged, mail, teamEvent, teamSetup } from '../support/team-events';
import { addStoreAccount } from '../support/store-account';

let dir: string;
let store: Store;
/** The keys of the tickets each save wrote. */
let written: string[][];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailroom-saver-'));
  store = openStore(dir);
  addStoreAccount(store, 'a1');
  written = [];
  const save = store.team.saveState.bind(store.team);
  store.team.saveState = (accountId: string, saved: TeamStateSave) => {
    const tickets = [...saved.tickets];
    written.push(tickets.map((t) => t.key));
    save(accountId, { ...saved, tickets });
  };
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const AT = { folder: 'Mailroom/Log', uidvalidity: 1, lastUid: 0 };
const imports = (from: number, to: number) =>
  teamEvent('ana', 1_000, { type: 'mail.imported', items: Array.from({ length: to - from }, (_, i) => mail(`m${from + i}`, { queue: 'Support' })) });

function load(): { state: TeamState; saver: StateSaver; saveNow: boolean } {
  const saved = store.team.loadState('a1')!;
  const state = parseStateParts(saved.header, saved.chunks)!;
  const saver = new StateSaver(store.team, 'a1');
  return { state, saver, saveNow: saver.loaded(state) };
}

function histories(state: TeamState, activityOf: (key: string) => readonly TicketActivity[]): Record<string, readonly TicketActivity[]> {
  return Object.fromEntries([...state.tickets.values()].map((t) => [t.key, activityOf(t.key)]));
}

describe('saving the team state', () => {
  it('writes the tickets a fold reached and keeps their history apart, whole on reading', () => {
    const events = [...teamSetup(), imports(0, 1_250), imports(1_250, 2_500)];
    const state = emptyTeamState();
    const saver = new StateSaver(store.team, 'a1');
    saver.replaced();
    for (const l of logged(events)) saver.fold(state, l);
    saver.save(state, { ...AT, lastUid: events.length });
    // Folded in memory: the first save writes every ticket, and they are read from the store after it.
    expect(written.at(-1)).toHaveLength(2_500);
    expect(state.tickets).toBeInstanceOf(StoredTicketTable);
    // Saved: the lines left memory.
    expect([...state.tickets.values()].every((t) => t.activity.length === 0)).toBe(true);

    // A take on ticket 1,500 and a note on ticket 10: those two only.
    const more = [teamEvent('ben', 2_000, { type: 'ticket.take', ticket: 'm1499' }), teamEvent('ana', 2_100, { type: 'ticket.note', ticket: 'm9', text: 'Called back.' })];
    for (const l of logged(more, events.length + 1)) saver.fold(state, l);
    expect(saver.dirty()).toBe(true);
    saver.save(state, { ...AT, lastUid: events.length + 2 });
    expect(written.at(-1)!.sort()).toEqual(['m1499', 'm9']);

    // Read back: the same tickets as a fold from nothing, and the same whole history.
    const pure = foldAll([...events, ...more]);
    const back = load();
    expect(back.saveNow).toBe(false);
    const stripped = (s: TeamState) => Object.fromEntries([...s.tickets.values()].map((t) => [t.key, { ...t, activity: [] }]));
    expect(stripped(back.state)).toEqual(stripped(pure));
    expect(histories(back.state, (k) => back.saver.activity(back.state.tickets.get(k)!))).toEqual(histories(pure, (k) => pure.tickets.get(k)!.activity));
    expect(back.saver.activity(back.state.tickets.get('m1499')!).map((a) => a.type)).toEqual(['mail.imported', 'ticket.take']);
  });

  it('reads lines folded since the save after the saved ones, and a snapshot of the whole history', () => {
    const events = [...teamSetup(), imports(0, 3)];
    const state = foldAll(events);
    const saver = new StateSaver(store.team, 'a1');
    saver.replaced();
    saver.save(state, { ...AT, lastUid: events.length });
    saver.fold(state, { uid: events.length + 1, event: teamEvent('ben', 2_000, { type: 'ticket.take', ticket: 'm1' }) });
    expect(state.tickets.get('m1')!.activity).toHaveLength(1);
    expect(saver.activity(state.tickets.get('m1')!).map((a) => a.type)).toEqual(['mail.imported', 'ticket.take']);
    expect(saver.history()([state.tickets.get('m1')!])(state.tickets.get('m1')!).map((a) => a.type)).toEqual(['mail.imported', 'ticket.take']);
  });

  it('writes a snapshot in slices with every ticket\'s whole history, while saves between its slices move the lines', async () => {
    const events = [...teamSetup(), imports(0, 1_200)];
    const state = emptyTeamState();
    const saver = new StateSaver(store.team, 'a1');
    saver.replaced();
    const entries = logged(events);
    for (const l of entries.slice(0, -1)) saver.fold(state, l);
    saver.save(state, { ...AT, lastUid: events.length - 1 });
    // The last import's lines are in memory when the snapshot starts; a save moves them to the store halfway.
    saver.fold(state, entries.at(-1)!);
    let paces = 0;
    const sliced = await serializeStateInSlices(state, saver.history(), {}, async () => {
      paces += 1;
      if (paces === 2) saver.save(state, { ...AT, lastUid: events.length });
      return true;
    });
    expect(paces).toBeGreaterThan(2);
    const pure = foldAll(events);
    expect(parseSnapshotGz(sliced!)).toEqual(parseStateJson(stateJson(pure)));
    // Asked to stop (the log closed): no snapshot.
    expect(await serializeStateInSlices(state, saver.history(), {}, async () => false)).toBeNull();
  });

  it('moves the history out of a state an earlier release saved with it inside, and drops a replaced history', () => {
    const events = [...teamSetup(), imports(0, 3)];
    const state = foldAll(events);
    const saver = new StateSaver(store.team, 'a1');
    // Tickets in memory, as the chunks of a release before team_tickets load: saved at once, whole.
    expect(saver.loaded(state)).toBe(true);
    saver.save(state, { ...AT, lastUid: events.length });
    expect(written.at(-1)!.sort()).toEqual(['m0', 'm1', 'm2']);
    expect(store.team.activity('a1', 'm2')).toHaveLength(1);
    expect(load().saveNow).toBe(false);

    // A state from a snapshot replaces the saved one: its history is the one read, and saved.
    const snapshot = foldAll([...teamSetup(), imports(2, 4)]);
    saver.replaced();
    expect(saver.activity(snapshot.tickets.get('m2')!)).toEqual(snapshot.tickets.get('m2')!.activity);
    saver.save(snapshot, { ...AT, lastUid: 9 });
    expect(store.team.activity('a1', 'm0')).toEqual([]);
    expect(store.team.activity('a1', 'm2')).toHaveLength(1);
    expect(load().state.tickets.get('m0')).toBeUndefined();
  });
});
