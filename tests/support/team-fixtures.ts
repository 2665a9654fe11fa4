/** Hand-built team states and a TeamLog stand-in for the ticket service's unit tests. */
import { expect } from 'vitest';
import { TeamSettingsSchema, type TeamSettingsInput } from '../../src-preload/contract/team';
import { AppError } from '../../src-main/services/errors/app-error';
import type { EventPayload } from '../../src-main/services/teamlog/events';
import { emptyTeamState, openedTicket, type TeamState, type TicketState } from '../../src-main/services/teamlog/state';
import { parseStateJson, parseStateParts, stateJson } from '../../src-main/services/teamlog/snapshot';
import { StateSaver } from '../../src-main/services/teamlog/state-saver';
import { StoredTicketTable } from '../../src-main/services/teamlog/stored-ticket-table';
import type { Store } from '../../src-main/services/store';
import { MemoryTicketTable } from '../../src-main/services/teamlog/ticket-table';
import type { TeamLogView } from '../../src-main/services/tickets/sources';

export const ME = 'agent-me';
export const ANA = 'agent-ana';

export function ticket(number: number, over: Partial<TicketState> = {}): TicketState {
  const key = over.key ?? `<t${number}@example.com>`;
  return {
    ...openedTicket({
      key,
      number,
      subject: `Subject ${number}`,
      customer: { name: `Customer ${number}`, address: `c${number}@example.com` },
      createdAt: 1_000_000 + number,
      lastActivityAt: 2_000_000 + number,
      queue: 'Support',
      openedUid: number,
    }),
    messages: [{ key, reason: { kind: 'new' }, direction: 'in', date: 1_000_000 + number, uid: number }],
    ...over,
  };
}

export function stateWith(tickets: TicketState[], settings: TeamSettingsInput = {}): TeamState {
  const state = emptyTeamState();
  state.settings = TeamSettingsSchema.parse(settings);
  for (const t of tickets) {
    state.tickets.put(t);
    for (const m of t.messages) state.tickets.place(m.key, t.key);
  }
  state.nextNumber = tickets.length + 1;
  state.lastUid = 1000;
  state.queues = { Support: { name: 'Support', members: [ME, ANA] }, Sales: { name: 'Sales', members: [ANA] } };
  state.agents = {
    [ME]: { id: ME, profile: { name: 'Me Myself', email: '', phone: '', mobile: '', fax: '' }, status: 'online', statusAt: 1, pausedFor: null },
    [ANA]: { id: ANA, profile: { name: 'Ana', email: '', phone: '', mobile: '', fax: '' }, status: 'online', statusAt: 1, pausedFor: null },
  };
  return state;
}

/** What a service refused with: fails the test when fn did not throw an AppError. */
export function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).info;
  }
  throw new Error('not refused');
}

/** A TeamLog stand-in over a hand-built state: appends are recorded, refresh answers as told. */
export class FakeLog implements TeamLogView {
  appended: EventPayload[] = [];
  refreshOk = true;
  private listeners = new Set<() => void>();
  constructor(public current: TeamState) {}
  state() {
    return this.current;
  }
  pendingTickets() {
    return new Set(this.appended.flatMap((p) => ('ticket' in p ? [p.ticket] : [])));
  }
  /** A hand-built state is in memory only: the list reads all of it from the overlay. One saved and loaded (savedAndLoaded) is the store's rows. */
  listOverlay() {
    const { tickets } = this.current;
    return tickets instanceof StoredTicketTable ? null : { whole: true, tickets: [...tickets.values()], placements: [...tickets.placements()] };
  }
  /** A hand-built state holds its whole history in the tickets. */
  activity(t: TicketState) {
    return t.activity;
  }
  seenUid() {
    return this.current.lastUid;
  }
  append(payload: EventPayload) {
    this.appended.push(payload);
    return `event-${this.appended.length}`;
  }
  async refresh() {
    return this.refreshOk;
  }
  status() {
    return { folder: 'Mailroom/Log', connections: 'two' as const, pendingEvents: this.appended.length, notice: null };
  }
  onChange(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  changed(next: TeamState) {
    this.current = next;
    for (const l of this.listeners) l();
  }
}

/** The whole state as text, for comparing states: the snapshot's JSON (tickets, placements and numbers in it) and the presence that leaves out. */
export function stateText(state: TeamState): string {
  return `${stateJson(state)}\n${JSON.stringify(state.presence)}`;
}

/** A deep copy of the state, its ticket table included. */
export function copyState(state: TeamState): TeamState {
  return { ...parseStateJson(stateJson(state))!, presence: structuredClone(state.presence) };
}

/** The state with every ticket's history lines left out (as a local save's chunks keep them apart), its placements as they are. */
/**
 * The state saved as the team log saves it, into `store` as account `accountId`'s (which
 * must exist), and loaded back as the app loads it: its tickets are read from the store.
 * The state given is left as it is (a save moves tickets' lines and the table).
 */
export function savedAndLoaded(store: Store, state: TeamState, accountId = 'a1'): TeamState {
  const saver = new StateSaver(store.team, accountId);
  saver.replaced();
  saver.save(withoutHistory(state), { folder: 'Mailroom/Log', uidvalidity: 1, lastUid: state.lastUid });
  const saved = store.team.loadState(accountId)!;
  const loaded = parseStateParts(saved.header, saved.chunks)!;
  new StateSaver(store.team, accountId).loaded(loaded);
  return loaded;
}

/** The tickets as a release before team_tickets saved them: JSON chunks of a thousand by number, each with its messages' placements. */
export function chunksOfEarlierRelease(state: TeamState): string[] {
  const tickets = [...state.tickets.values()];
  const placements = [...state.tickets.placements()];
  return Array.from({ length: Math.ceil(tickets.length / 1000) }, (_, seq) => {
    const part = tickets.slice(seq * 1000, (seq + 1) * 1000);
    const keys = new Set(part.map((t) => t.key));
    return JSON.stringify([Object.fromEntries(part.map((t) => [t.key, { ...t, activity: [] }])), Object.fromEntries(placements.filter(([, k]) => keys.has(k)))]);
  });
}

export function withoutHistory(state: TeamState): TeamState {
  const tickets = new MemoryTicketTable();
  for (const t of state.tickets.values()) tickets.put({ ...t, activity: [] });
  for (const [message, ticket] of state.tickets.placements()) tickets.place(message, ticket);
  return { ...state, tickets };
}
