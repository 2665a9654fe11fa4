import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ImapFlow } from 'imapflow';
import type { TeamLogStatus } from '../../../src-preload/contract/team';
import { explainError } from '../errors/explain';
import type { SavedTeamState, TeamRepo } from '../store/team-repo';
import { TeamEventSchema, type EventPayload, type LoggedEvent, type TeamEvent } from './events';
import { canRemoveByUid, oldSnapshotUids, presenceUidsBefore, removeLogUids } from './log-cleanup';
import { logFolderOf, openLogFolder } from './log-folder';
import { readEntry, readLog, readSnapshotParts, snapshotUids, type RawLogEntry } from './log-reader';
import { appendEvent, appendSnapshot } from './log-writer';
import { dueOffers, nextOfferDue, offerDueAt } from './offer-timers';
import { parseLoggedEvent, snapshotFromHeader } from './parse-event';
import { own } from './records';
import { withPending, type LogListOverlay, type PendingView } from './pending-view';
import { loadStateParts, parseSnapshotGz, parseSnapshotState, serializeStateInSlices } from './snapshot';
import { StateSaver } from './state-saver';
import { StoredTicketTable } from './stored-ticket-table';
import { trace } from '../sync/sync-trace';
import { TimeSlicer } from '../sync/time-slices';
import { emptyTeamState, type Rejection, type TeamState, type TicketActivity, type TicketState } from './state';

/** A snapshot is appended after this many folded events (by the first online agent by id). */
export const SNAPSHOT_EVERY = 1000;
/** How many of the newest snapshots a new client tries before folding the whole log; older ones are removed (log-cleanup.ts). */
const SNAPSHOT_TRIES = 3;
/** A refresh that no turn on the log answered by then (the connection is busy or dropped) reports false. */
const REFRESH_WITHIN_MS = 15_000;
/** The folded state is saved at most this often while events arrive (and on close when a save is waiting). */
const SAVE_DEBOUNCE_MS = 2000;
/**
 * A read that has reached this many tickets since the last save saves at once (readNew): a
 * first sync's import reaches every ticket, and one save of 100,000 of them held the event
 * loop for 2–9 s (new mail waited behind it). A save writes about 0.1 ms per ticket at
 * 100,000 (1,000 took 65–100 ms): an import event's tickets (IMPORT_BATCH) take one.
 */
export const SAVE_EVERY_TICKETS = 200;
/**
 * An offer made to another agent expires on this client this much after it is due: the
 * offered agent's own client expires it at once, and a closed app does not block the queue.
 */
export const OFFER_GRACE_MS = 3000;
/** This agent's presence events are removed from the log once this old by its clock (the views ignore them after 2 min). */
export const OWN_PRESENCE_KEEP_MS = 10 * 60_000;
/** Presence events of anyone (an agent who never came back) are removed by the snapshot writer once this old. */
export const ANY_PRESENCE_KEEP_MS = 24 * 60 * 60_000;
/** How often the snapshot writer looks for such presence events (a search on the log folder). */
const PRESENCE_SWEEP_EVERY_MS = 60 * 60_000;

export interface TeamLogOptions {
  accountId: string;
  /** The account's address: the From of the log's messages. */
  address: string;
  /** This installation's agent id. */
  agentId: string;
  repo: TeamRepo;
  now?: () => number;
}

type Listener = () => void;

/** A condition of the log, in explain.ts's words (the one table of causes and fixes). */
function noticeOf(code: string, detail: string): TeamLogStatus['notice'] {
  const { cause, fix } = explainError(Object.assign(new Error(detail), { code }));
  return { cause, fix };
}

/**
 * One account's team log: the folded state of its log folder, this agent's events on
 * their way there, and the work connection's turn on the log (watch()).
 *
 * The order of every local action (../shared/DESIGN.md, "Offline"): append() commits the
 * event to team_outbox, shows it at once (state() folds it over the confirmed state) and
 * wakes the connection. The connection reads the log before it APPENDs, so an event whose
 * APPEND landed in an earlier session (the answer lost, the app killed) is found by its
 * client event id and leaves the outbox instead of being appended again.
 */
export class TeamLog {
  private confirmedState: TeamState;
  /** Saves confirmedState: only what changed, the history apart (state-saver.ts). */
  private readonly saver: StateSaver;
  /** Where the saved state came from; null until the folder was first opened. */
  private folder: string | null = null;
  private uidvalidity: number | null = null;
  /** Highest log UID read in this folder (skipped entries too): the next read starts after it. */
  private readUpTo = 0;
  private pending: TeamEvent[];
  /** The pending view, rebuilt on demand after a change. */
  private view: PendingView | null = null;
  private connections: TeamLogStatus['connections'] = 'offline';
  private notice: TeamLogStatus['notice'] = null;
  private foldedSinceSnapshot = 0;
  private readonly listeners = new Set<Listener>();
  private readonly rejectionListeners = new Set<(rejection: Rejection) => void>();
  private readonly foldListeners = new Set<(logged: LoggedEvent) => void>();
  /** A pass over the log finished in this session: what is folded after it happened while this client followed. */
  private caughtUpNow = false;
  /** Wakes the watch loop: new events on the server, a local action, a refresh, the end of the wait. */
  private kick: (() => void) | null = null;
  private readWanted = true;
  /** Settles once the saved state is loaded (or found missing or unreadable): see load(). */
  readonly ready: Promise<void>;
  /** The log was read at least once (now, or by an earlier run whose state was saved): the importer threads against it. */
  private read: boolean;
  private refreshWaiters: ((ok: boolean) => void)[] = [];
  private saveTimer: NodeJS.Timeout | null = null;
  private offerTimer: NodeJS.Timeout | null = null;
  /**
   * Keys of the confirmed tickets holding an offer, kept by the folds; null: not known for
   * this state yet (walked once on the next look). The offer timers walked every ticket at
   * each read of the log, a million of them per pass in a first sync.
   */
  private offered: Set<string> | null = null;
  /** Offers this client already asked to expire ("ticket:seq"), so a timer firing twice appends one event. */
  private readonly expiring = new Set<string>();
  private closed = false;
  private readonly now: () => number;
  /**
   * This agent's presence events folded in this session (UID, author clock), to remove
   * once OWN_PRESENCE_KEEP_MS old. Those of an earlier session are left to the sweep
   * for presence events older than ANY_PRESENCE_KEEP_MS.
   */
  private ownPresence: { uid: number; at: number }[] = [];
  /** When (this clock) the snapshot writer last looked for anyone's old presence events; 0: not yet. */
  private lastPresenceSweep = 0;

  constructor(private readonly options: TeamLogOptions) {
    this.now = options.now ?? Date.now;
    this.saver = new StateSaver(options.repo, options.accountId);
    this.read = false;
    this.confirmedState = emptyTeamState();
    this.pending = options.repo.outbox(options.accountId).map((row) => TeamEventSchema.parse(JSON.parse(row.eventJson)));
    this.ready = this.load();
  }

  get accountId(): string {
    return this.options.accountId;
  }

  /**
   * The saved state, parsed in turns (100,000 tickets take seconds): the app answers its
   * mail calls and draws its window meanwhile. Until it is in, the log is not read, the
   * sync does not import, nothing is saved and the ticket channels wait (ipc/handlers).
   */
  private async load(): Promise<void> {
    let saved: SavedTeamState | null = null;
    let state: TeamState | null = null;
    try {
      saved = this.options.repo.loadState(this.options.accountId);
      // The same check a snapshot gets: another state version or a damaged row means folding again.
      if (saved) state = await loadStateParts(saved.header, saved.chunks, async () => (await nextTurn(), !this.closed));
    } catch (err) {
      console.warn(`[teamlog] ${this.options.accountId}: the saved team state could not be read; the log is read again from its snapshots:`, err);
    }
    if (this.closed) return;
    if (saved && state) {
      this.confirmedState = state;
      this.offered = null;
      this.folder = saved.folder;
      this.uidvalidity = saved.uidvalidity;
      this.readUpTo = saved.lastUid;
      this.read = true;
      // Saved by an earlier release with the history inside: moved out now, not kept in memory until the next fold.
      if (this.saver.loaded(state)) this.save();
    } else {
      this.saver.replaced();
    }
    // Appended while loading: the check append() makes against the folded event ids could not see them yet.
    for (const event of this.pending.filter((e) => this.folded(e.id))) {
      this.pending.splice(this.pending.indexOf(event), 1);
      this.options.repo.confirmed(event.id);
    }
    this.view = null;
    this.scheduleOffers();
    this.changed();
  }

  /** Whether the log already folded an event of this id (recently enough to remember it). */
  private folded(eventId: string): boolean {
    const state = this.confirmedState;
    return own(state.recentEventIds, eventId) !== undefined || own(state.previousEventIds, eventId) !== undefined;
  }

  /** The state to thread new mail against, or null before the log was first read (importing then would re-import what others logged). */
  importState(): TeamState | null {
    return this.read ? this.state() : null;
  }

  /**
   * One pass on the log before the sync imports new mail, so the mail is threaded
   * against what the team already logged, and during the import, so its events are
   * confirmed as it goes. True when the pass read the log and appended what waited; a
   * failure of the log's own becomes the notice (false: the import queues); a dead
   * connection fails the sync round.
   */
  async catchUp(client: ImapFlow): Promise<boolean> {
    await this.ready;
    if (this.closed) return false;
    try {
      await this.turn(client, logFolderOf(client));
      return true;
    } catch (err) {
      if (!client.usable) throw err;
      console.warn(`[teamlog] ${this.options.accountId}: the team log failed:`, err);
      const { cause, fix } = explainError(err);
      this.setNotice({ cause, fix });
      return false;
    }
  }

  /** What the agent sees: the confirmed state with this agent's pending events folded over it. */
  state(): TeamState {
    return this.pendingView().state;
  }

  /**
   * For the ticket list in SQL (store/ticket-list-query.ts): saves what the confirmed state
   * holds unsaved, so the stored rows describe it, and answers what they do not: the
   * tickets and placements this agent's pending events change, or all of state() while it
   * has never been saved (no log folder yet).
   */
  listOverlay(): LogListOverlay | null {
    if (this.saver.dirty() && !this.closed) this.save();
    const view = this.pendingView();
    if (!(this.confirmedState.tickets instanceof StoredTicketTable)) return { whole: true, tickets: [...view.state.tickets.values()], placements: [...view.state.tickets.placements()] };
    const changed = view.own();
    return changed && { whole: false, ...changed };
  }

  /** The state as the log has it, without pending events. */
  confirmed(): TeamState {
    return this.confirmedState;
  }

  /** Tickets a pending event of this agent changes (shown as "pending" until the log confirms it). */
  pendingTickets(): Set<string> {
    return this.pendingView().pendingTickets;
  }

  /** A ticket's whole history, oldest first (of the state() or confirmed() ticket it is given). */
  activity(ticket: TicketState): readonly TicketActivity[] {
    return this.saver.activity(ticket);
  }

  /** Highest log UID this client has read. */
  seenUid(): number {
    return this.readUpTo;
  }

  status(): TeamLogStatus {
    return { folder: this.folder ?? 'Mailroom/Log', connections: this.connections, pendingEvents: this.pending.length, notice: this.notice };
  }

  /** Called after every change of state(), status() or the pending events. Returns the unsubscribe. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Called with every event the log confirms, once, after it is folded (not for a state
   * taken from a snapshot): the notifications pick new tickets from these.
   */
  onFolded(listener: (logged: LoggedEvent) => void): () => void {
    this.foldListeners.add(listener);
    return () => this.foldListeners.delete(listener);
  }

  /** Whether a pass over the log finished in this session. */
  caughtUp(): boolean {
    return this.caughtUpNow;
  }

  /** Called once per event of this agent that lost when the log folded it. */
  onRejected(listener: (rejection: Rejection) => void): () => void {
    this.rejectionListeners.add(listener);
    return () => this.rejectionListeners.delete(listener);
  }

  /**
   * Queues an event of this agent (a new client event id, this agent, this clock): in the
   * outbox first, shown at once as pending, then appended by the work connection.
   * Returns the event id. A caller that may repeat itself after a kill (the mail outbox)
   * names the event: an id already queued or recently folded is not appended again.
   */
  append(payload: EventPayload, eventId: string = randomUUID()): string {
    if (this.pending.some((e) => e.id === eventId) || this.folded(eventId)) return eventId;
    const event = TeamEventSchema.parse({ v: 1, id: eventId, agent: this.options.agentId, at: this.now(), ...payload });
    this.options.repo.queue(this.options.accountId, event.id, JSON.stringify(event));
    this.pending.push(event);
    // The view, if any, folds the new event on its next read (pendingView).
    this.changed();
    this.kick?.();
    return event.id;
  }

  /** Reads the log now (the collision check before sending); false when there is no connection to read it. */
  refresh(): Promise<boolean> {
    if (this.connections === 'offline' || this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.refreshWaiters = this.refreshWaiters.filter((w) => w !== answer);
        resolve(false);
      }, REFRESH_WITHIN_MS);
      const answer = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      this.refreshWaiters.push(answer);
      this.readWanted = true;
      this.kick?.();
    });
  }

  /** Resolves once no event of this agent waits for the log, or after `ms` (at once when offline). */
  flushed(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const check = () => {
        if (this.pending.length === 0 || this.connections === 'offline') finish();
      };
      const timer = setTimeout(finish, ms);
      const off = this.onChange(check);
      check();
    });
  }

  /** Saves the folded state and stops the timers; the account's sync stops separately. */
  close(): void {
    this.closed = true;
    if (this.offerTimer) clearTimeout(this.offerTimer);
    // Only a save still waiting for its debounce: every change schedules one.
    if (this.saveTimer) this.save();
    this.settleRefreshes(false);
  }

  /**
   * The work connection's turn on the log, between two sync rounds: bring the state up to
   * the log, append what waits, then wait on the selected log folder (imapflow IDLEs
   * there) and read again whenever it grows or a local action waits, until `until`
   * settles. A failure that is the log's own (the folder cannot be created, a read is
   * refused) becomes the status notice and waits out the turn instead of failing the
   * mail sync; a dead connection ends the turn and the sync reconnects.
   */
  async watch(client: ImapFlow, until: Promise<void>, inboxWatched: boolean): Promise<void> {
    await this.ready;
    // The sync round had other folders selected: what was appended meanwhile raised no EXISTS here.
    this.readWanted = true;
    let over = false;
    void until.then(() => {
      over = true;
      this.kick?.();
    });
    const path = logFolderOf(client);
    const wakeUp = () => this.kick?.();
    const grew = (info: { path: string }) => {
      if (info.path !== path) return;
      this.readWanted = true;
      wakeUp();
    };
    // Someone (the reader's body fetch) selected another folder: select the log again to hear from it.
    const moved = (info: { path: string }) => {
      if (info.path === path) return;
      this.readWanted = true;
      wakeUp();
    };
    client.on('exists', grew);
    client.on('mailboxOpen', moved);
    client.on('close', wakeUp);
    this.setConnections(inboxWatched ? 'two' : 'one-polling');
    try {
      while (!over && client.usable && !this.closed) {
        const wake = new Promise<void>((resolve) => {
          this.kick = resolve;
        });
        if (this.readWanted || this.pending.length > 0) await this.turn(client, path);
        if (over || !client.usable) break;
        await wake;
      }
    } catch (err) {
      if (client.usable) {
        console.warn(`[teamlog] ${this.options.accountId}: the team log failed:`, err);
        const { cause, fix } = explainError(err);
        this.setNotice({ cause, fix });
        await until;
      }
    } finally {
      this.kick = null;
      client.off('exists', grew);
      client.off('mailboxOpen', moved);
      client.off('close', wakeUp);
      if (!client.usable) {
        this.setConnections('offline');
        this.settleRefreshes(false);
      }
    }
  }

  /** One pass: open the log, read what is new, append what waits and read it back. */
  private async turn(client: ImapFlow, path: string): Promise<void> {
    this.readWanted = false;
    // This pass answers only the refreshes asked before its read: one asked while it runs may
    // come after the read (the collision check would miss a colleague's event), so it waits
    // for the next pass, which its readWanted asks for.
    const answering = this.refreshWaiters.splice(0);
    let read = false;
    const start = Date.now();
    trace(`teamlog ${this.options.accountId} turn starts, ${this.pending.length} events to append`);
    try {
      await this.pass(client, path, answering.length > 0);
      read = true;
    } finally {
      trace(`teamlog ${this.options.accountId} turn ends after ${Date.now() - start} ms`);
      for (const resolve of answering) resolve(read);
    }
  }

  private async pass(client: ImapFlow, path: string, refreshing: boolean): Promise<void> {
    const opened = await openLogFolder(client, path);
    try {
      // A FETCH sees only the messages the server announced to this session; NOOP makes it
      // announce what other clients appended, so a refresh reads everything logged before it.
      if (refreshing) await client.noop();
      await this.followFolder(client, opened.path, opened.uidvalidity, opened.created);
      await this.readNew(client);
      // Appended events come back through the read, which is what confirms them.
      while (this.pending.length > 0 && client.usable) {
        const sent = [...this.pending];
        for (const event of sent) await appendEvent(client, path, event, this.options.address);
        await this.readNew(client);
        if (this.pending.some((e) => sent.includes(e))) {
          throw Object.assign(new Error(`An event appended to ${path} was not there when the log was read.`), { code: 'TEAM_EVENT_NOT_CONFIRMED' });
        }
      }
      await this.removeOldPresence(client);
      await this.snapshotIfDue(client, path);
      this.read = true;
      this.caughtUpNow = true;
    } finally {
      opened.release();
    }
  }

  /**
   * Keeps the local state across a folder that is new to it: the team's first client,
   * a new client (starts from the newest snapshot), or a log whose UIDVALIDITY changed
   * or that was deleted on the server (keeps the local state, records it in the new
   * folder as a snapshot, and folds what follows).
   */
  private async followFolder(client: ImapFlow, path: string, uidvalidity: number, created: boolean): Promise<void> {
    if (this.folder === path && this.uidvalidity === uidvalidity) return;
    const known = this.uidvalidity !== null && this.readUpTo > 0;
    this.folder = path;
    this.uidvalidity = uidvalidity;
    this.readUpTo = 0;
    // UIDs of another folder (or numbering) name other messages here.
    this.ownPresence = [];
    if (!known) {
      if (!created) await this.startFromSnapshot(client);
      this.save();
      return;
    }
    // The old folder's UIDs mean nothing in the new one: the kept state stands before its first UID.
    this.confirmedState.lastUid = 0;
    this.view = null;
    if (!(await this.appendSnapshot(client, path, 0))) return;
    this.save();
    this.setNotice(noticeOf(created ? 'TEAM_LOG_RECREATED' : 'TEAM_LOG_RENUMBERED', path));
  }

  /** A client with no state of its own starts from the newest readable snapshot and folds only what follows it. */
  private async startFromSnapshot(client: ImapFlow): Promise<void> {
    for (const uid of (await snapshotUids(client)).slice(0, SNAPSHOT_TRIES)) {
      const entry = await readEntry(client, uid);
      const parsed = entry ? parseLoggedEvent(entry.uid, entry.source) : null;
      if (!parsed?.ok || parsed.logged.event.type !== 'snapshot') continue;
      const { event } = parsed.logged;
      const gz = event.parts > 0 ? await readSnapshotParts(client, event) : null;
      const state = event.parts > 0 ? gz && parseSnapshotGz(gz) : parseSnapshotState(event.state);
      if (!state) continue;
      this.confirmedState = state;
      this.offered = null;
      this.saver.replaced();
      this.readUpTo = parsed.logged.event.upTo;
      this.view = null;
      return;
    }
  }

  private async readNew(client: ImapFlow): Promise<void> {
    // A batch of a first sync's import is 500 events of 500 tickets each: folded in one go it
    // held the event loop for seconds; between two entries the renderer's calls get a turn.
    const slicer = new TimeSlicer();
    for await (const batch of readLog(client, this.readUpTo + 1)) {
      for (const entry of batch) {
        await slicer.pace();
        this.foldEntry(entry);
        // Between two entries the state is the log's up to readUpTo: a save here is whole.
        // It waits for a turn of its own when the fold spent the slice (a fold of 500 tickets and a save overran it together).
        if (this.closed || !this.saver.owes(SAVE_EVERY_TICKETS)) continue;
        await slicer.pace();
        if (!this.closed) this.save();
      }
      this.view = null;
      this.changed();
      this.scheduleSave();
      this.scheduleOffers();
      await nextTurn();
    }
  }

  private foldEntry(entry: RawLogEntry): void {
    this.readUpTo = Math.max(this.readUpTo, entry.uid);
    const parsed = entry.cut ? snapshotFromHeader(entry.uid, entry.source) : parseLoggedEvent(entry.uid, entry.source);
    if (!parsed.ok) {
      console.warn(`[teamlog] ${this.options.accountId}: skipped log message: ${parsed.detail}`);
      if (parsed.reason === 'newer-version') this.notice = noticeOf('TEAM_NEWER_VERSION', parsed.detail);
      return;
    }
    this.fold(parsed.logged);
  }

  private fold(logged: LoggedEvent): void {
    const { event } = logged;
    const reached = this.saver.fold(this.confirmedState, logged);
    if (this.offered) {
      for (const key of reached) {
        if (this.confirmedState.tickets.get(key)?.offer) this.offered.add(key);
        else this.offered.delete(key);
      }
    }
    if (event.type === 'snapshot') this.foldedSinceSnapshot = 0;
    else this.foldedSinceSnapshot += 1;
    if (event.type === 'presence' && event.agent === this.options.agentId) this.ownPresence.push({ uid: logged.uid, at: event.at });
    const index = this.pending.findIndex((e) => e.id === event.id);
    if (index >= 0) {
      // The log holds it now: only here does it leave the outbox.
      this.pending.splice(index, 1);
      this.options.repo.confirmed(event.id);
    }
    for (const listener of this.foldListeners) listener(logged);
    const rejection = this.confirmedState.rejections.at(-1);
    if (event.agent === this.options.agentId && rejection?.eventId === event.id && rejection.uid === logged.uid) {
      for (const listener of this.rejectionListeners) listener(rejection);
    }
  }

  /**
   * Presence events are short-lived: this agent removes its own once they are
   * OWN_PRESENCE_KEEP_MS old, and the snapshot writer (who looks after the log) removes
   * anyone's older than ANY_PRESENCE_KEEP_MS, at most every PRESENCE_SWEEP_EVERY_MS.
   * Other clients folded them already and new clients never need them, so the log
   * just has gaps in its UIDs. Needs UID EXPUNGE; without it they stay (log-cleanup.ts).
   */
  private async removeOldPresence(client: ImapFlow): Promise<void> {
    const now = this.now();
    const sweep = this.isSnapshotWriter() && now - this.lastPresenceSweep >= PRESENCE_SWEEP_EVERY_MS;
    const old = this.ownPresence.filter((p) => now - p.at >= OWN_PRESENCE_KEEP_MS).map((p) => p.uid);
    if (old.length === 0 && !sweep) return;
    if (!canRemoveByUid(client)) {
      this.ownPresence = [];
      return;
    }
    const removing = new Set(old);
    // Tried once: a refusal (no rights to delete, say) is not worth a retry on every turn.
    this.ownPresence = this.ownPresence.filter((p) => !removing.has(p.uid));
    try {
      if (sweep) {
        this.lastPresenceSweep = now;
        for (const uid of await presenceUidsBefore(client, now - ANY_PRESENCE_KEEP_MS)) removing.add(uid);
      }
      if (removing.size > 0 && !(await removeLogUids(client, [...removing].sort((a, b) => a - b)))) {
        console.warn(`[teamlog] ${this.options.accountId}: the server refused to remove ${removing.size} old presence events from the team log; they stay.`);
      }
    } catch (err) {
      // Housekeeping: a refused search or read must not stop the log; a dead connection does.
      if (!client.usable) throw err;
      console.warn(`[teamlog] ${this.options.accountId}: old presence events stay in the team log:`, err);
    }
  }

  /** The first online agent by id looks after the log (snapshots, old presence); every client decides the same from the log. */
  private isSnapshotWriter(): boolean {
    const online = Object.values(this.confirmedState.agents)
      .filter((a) => a.status === 'online')
      .map((a) => a.id)
      .sort();
    return (online[0] ?? this.options.agentId) === this.options.agentId;
  }

  /**
   * Every SNAPSHOT_EVERY events the snapshot writer appends a snapshot. Every client
   * decides the same from the log, so usually one writes it; two are harmless. The
   * writer may be an agent whose app was killed (still "online" in the log): after
   * three times the interval without one, any client writes it.
   */
  private async snapshotIfDue(client: ImapFlow, path: string): Promise<void> {
    if (this.foldedSinceSnapshot < SNAPSHOT_EVERY) return;
    if (!this.isSnapshotWriter() && this.foldedSinceSnapshot < 3 * SNAPSHOT_EVERY) return;
    // Up to the last UID read: skipped entries before it need no folding either.
    if (!(await this.appendSnapshot(client, path, this.readUpTo))) return;
    this.foldedSinceSnapshot = 0;
    await this.removeOldSnapshots(client);
  }

  /**
   * After a snapshot, those older than the ones a new client tries go, with their parts
   * and any a stopped writer left (log-cleanup.ts oldSnapshotUids). Needs UID EXPUNGE, as
   * presence does; a refusal leaves them, a dead connection throws.
   */
  private async removeOldSnapshots(client: ImapFlow): Promise<void> {
    if (!canRemoveByUid(client)) return;
    try {
      const old = await oldSnapshotUids(client, SNAPSHOT_TRIES);
      if (old.length > 0 && !(await removeLogUids(client, old))) {
        console.warn(`[teamlog] ${this.options.accountId}: the server refused to remove ${old.length} old snapshot messages from the team log; they stay.`);
      }
    } catch (err) {
      if (!client.usable) throw err;
      console.warn(`[teamlog] ${this.options.accountId}: old snapshots stay in the team log:`, err);
    }
  }

  /**
   * Appends the confirmed state as a snapshot event, built in time slices (a million
   * tickets took half a minute at once); false when the log closed meanwhile. Only passes
   * fold, and this runs inside one, so the state stands still while it is written.
   */
  private async appendSnapshot(client: ImapFlow, path: string, upTo: number): Promise<boolean> {
    const slicer = new TimeSlicer();
    const pace = async () => (await slicer.pace(), !this.closed);
    const stateGz = await serializeStateInSlices(this.confirmedState, this.saver.history(), this.saver.unplacedOf(this.confirmedState), pace);
    if (stateGz === null) return false;
    return appendSnapshot(client, path, this.snapshotEvent(upTo), stateGz, this.options.address, pace);
  }

  /**
   * A snapshot event of this agent, its state left empty for its parts to carry
   * (log-writer.ts appendSnapshot). Straight to the log, not through the outbox:
   * snapshots are big and any client may write one later.
   */
  private snapshotEvent(upTo: number): Extract<TeamEvent, { type: 'snapshot' }> {
    const event = { v: 1, id: randomUUID(), agent: this.options.agentId, at: this.now(), type: 'snapshot', upTo, state: '', parts: 0 } as const;
    return TeamEventSchema.parse(event) as typeof event;
  }

  /**
   * Offers whose wait passed are expired by appending ticket.offerExpired: the offered
   * agent's client at once, the others OFFER_GRACE_MS later (only the first one counts).
   */
  private scheduleOffers(): void {
    if (this.offerTimer) clearTimeout(this.offerTimer);
    this.offerTimer = null;
    if (this.closed) return;
    const due = nextOfferDue(this.confirmedState, this.offeredTickets());
    if (due === null) return;
    const wait = Math.max(0, due - this.now());
    this.offerTimer = setTimeout(() => this.expireOffers(), wait);
    this.offerTimer.unref();
  }

  private expireOffers(): void {
    this.offerTimer = null;
    const now = this.now();
    let later: number | null = null;
    for (const due of dueOffers(this.confirmedState, now, this.offeredTickets())) {
      const key = `${due.ticket}:${due.offer}`;
      const offer = this.confirmedState.tickets.get(due.ticket)?.offer;
      if (this.expiring.has(key) || !offer) continue;
      const dueAt = offerDueAt(offer, this.confirmedState.settings);
      const at = offer.agent === this.options.agentId ? dueAt : dueAt + OFFER_GRACE_MS;
      if (at > now) {
        later = Math.min(later ?? at, at);
        continue;
      }
      this.expiring.add(key);
      this.append({ type: 'ticket.offerExpired', ticket: due.ticket, offer: due.offer });
    }
    if (later !== null) {
      this.offerTimer = setTimeout(() => this.expireOffers(), later - now);
      this.offerTimer.unref();
    }
  }

  private offeredTickets(): ReadonlySet<string> {
    this.offered ??= new Set(this.confirmedState.tickets.keysWithOffer());
    return this.offered;
  }

  private scheduleSave(): void {
    if (this.saveTimer || this.closed) return;
    this.saveTimer = setTimeout(() => this.save(), SAVE_DEBOUNCE_MS);
    this.saveTimer.unref();
  }

  private save(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (this.folder === null || this.uidvalidity === null) return;
    const start = Date.now();
    this.saver.save(this.confirmedState, { folder: this.folder, uidvalidity: this.uidvalidity, lastUid: this.readUpTo });
    trace(`teamlog ${this.options.accountId} saved in ${Date.now() - start} ms`);
    // Its copies of the saved tickets still hold the lines the save moved to the store.
    this.view = null;
  }

  private setConnections(connections: TeamLogStatus['connections']): void {
    if (this.connections === connections) return;
    this.connections = connections;
    this.changed();
  }

  private setNotice(notice: TeamLogStatus['notice']): void {
    this.notice = notice;
    this.changed();
  }

  private settleRefreshes(ok: boolean): void {
    for (const resolve of this.refreshWaiters.splice(0)) resolve(ok);
  }

  /**
   * Every change of the confirmed state drops the view; events appended since it was made
   * are folded onto it (append() keeps it), anything else builds it anew.
   */
  private pendingView(): PendingView {
    const view = this.view;
    const kept = view !== null && view.events.length <= this.pending.length && view.events.every((e, i) => this.pending[i] === e);
    if (!kept || (view.events.length < this.pending.length && !view.add)) {
      this.view = withPending(this.confirmedState, this.pending);
      return this.view;
    }
    if (view.events.length < this.pending.length) view.add?.(this.pending.slice(view.events.length));
    return view;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
