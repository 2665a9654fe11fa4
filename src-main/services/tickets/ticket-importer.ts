/**
 * Turns the mail the sync stored into tickets: after a round's headers are in, the
 * account's messages above its import mark are threaded (threading.ts), routed
 * (routing-rules.ts) and appended to the account's team log as mail.imported events
 * of at most IMPORT_BATCH items, waiting for the log to confirm them every IMPORT_WINDOW
 * events while it answers. Every client of the team does this for the mail it syncs; the
 * reducer places each message once (the earlier UID wins), so items another client or an
 * earlier, killed run already appended are harmless.
 */
import type { Address } from '../../../src-preload/contract';
import { AUTO_REPLY_HEADERS, autoReplyMark } from '../auto-reply/rfc3834';
import { standardQueueOf, type AccountRecord } from '../store/accounts-repo';
import type { Store } from '../store';
import type { ImportRow } from '../store/ticket-import-repo';
import { ImportedMessageSchema, type EventPayload, type ImportedMessage } from '../teamlog/events';
import { liveTicket } from '../teamlog/reducer';
import type { TeamState } from '../teamlog/state';
import { TimeSlicer } from '../sync/time-slices';
import { matchRoute, routeHeaderNames } from './routing-rules';
import { ticketSubject } from './subject';
import { threadMessage, type ThreadLookups } from './threading';

/**
 * Items per mail.imported event. Every client folds an event in one go and saves the
 * tickets it opened after it (team-log.ts SAVE_EVERY_TICKETS): at 100,000 tickets an
 * event of 500 took up to 38 ms to fold and its save up to 100 ms, so an import held
 * the event loop past 50 ms every second; with 200 both stay under 45 ms.
 */
export const IMPORT_BATCH = 200;
/**
 * Events one import appends before it waits for the log to confirm them, while the log
 * answers. Until confirmed, every ticket they open is held twice (the pending view's copy
 * beside the outbox row and the parsed event): a first sync of a million messages queued
 * 2,000 events and grew past 3 GB before the log read back the first one.
 */
export const IMPORT_WINDOW = 4;

export type MailImportedPayload = Extract<EventPayload, { type: 'mail.imported' }>;

/** Where imported items go: the account's team log (TeamLog, wired by the services). */
export interface TicketImportSink {
  /** What the client knows of the account's team (confirmed, or with its pending events); null until the log is read: the import waits. */
  state(accountId: string): TeamState | null;
  /** Appends one event to the account's team log (or its offline queue); resolves once it is kept durably. */
  append(accountId: string, payload: MailImportedPayload): Promise<void>;
}

/**
 * One pass of the account's team log on the sync's connection (TeamLog.catchUp): appends
 * the events waiting and reads them back, which confirms them. False when the log could
 * not be read (the connection dropped, the folder was refused): the rest then queues, as offline.
 */
export type ConfirmImported = () => Promise<boolean>;

/** What the sync calls (AccountSyncDeps.tickets). */
export interface TicketImportHook {
  /** Headers the account's routing rules and the auto-reply's robot checks read: fetched with each new message's envelope. */
  routeHeaders(accountId: string): string[];
  /**
   * Imports every stored message above the account's mark. With `confirm` (the log is
   * reachable) it waits for the log after every IMPORT_WINDOW events; without, or once a
   * pass failed, every event queues for the log to take later.
   */
  importNew(accountId: string, confirm?: ConfirmImported): Promise<void>;
}

export interface TicketImporterDeps {
  store: Store;
  sink: TicketImportSink;
  /** This installation's agent: a personal account's tickets go to its owner. */
  agentId(): string;
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** A message's identity on every client (events.ts): its Message-ID, or "hash:<content hash>" without one. */
export function messageKey(row: Pick<ImportRow, 'messageId' | 'contentHash'>): string | null {
  if (row.messageId) return row.messageId;
  return row.contentHash ? `hash:${row.contentHash}` : null;
}

export class TicketImporter implements TicketImportHook {
  /**
   * Per account, items appended that the team state may not show yet (its log not
   * refolded): a reply stored in the next round still finds their tickets. An entry
   * goes once the state knows the message.
   */
  private readonly unconfirmed = new Map<string, Map<string, string>>();

  constructor(private readonly deps: TicketImporterDeps) {}

  routeHeaders(accountId: string): string[] {
    // The robot checks' headers always ride along (a few short values in the same fetch item):
    // the dry run judges cached mail by them before auto-reply was ever turned on.
    return [...routeHeaderNames(this.deps.sink.state(accountId)?.settings.routing ?? []), ...AUTO_REPLY_HEADERS];
  }

  async importNew(accountId: string, confirm?: ConfirmImported): Promise<void> {
    const { store, sink } = this.deps;
    const account = store.accounts.get(accountId);
    const first = sink.state(accountId);
    if (!account || !first) return;
    let state = first;
    // Date order over everything pending: a first sync stores the newest mail first,
    // and a reply must come after the mail it answers to find its ticket.
    const mark = store.ticketImport.mark(accountId);
    // The mark goes up to the newest row of any account, not only to this account's: the
    // next round's scan then starts after the rows other accounts stored meanwhile (an
    // account with little mail next to one with 100,000 would otherwise walk them all
    // every round). Rows stored while this import runs are above it: the next round's.
    const upTo = store.ticketImport.newestId();
    const pages = store.ticketImport.pendingIdPages(accountId, mark, upTo);
    let page = pages.next();
    if (page.done) {
      if (upTo > mark) store.ticketImport.setMark(accountId, upTo);
      return;
    }
    const recent = this.recentOf(accountId, state);
    const judging: AutoReplyJudging = {
      own: new Set(store.accounts.list().map((a) => a.email.toLowerCase())),
      // Date headers have whole seconds: mail of the second the account was added counts as after it.
      firstSyncBefore: Math.floor((store.accounts.createdAt(accountId) ?? 0) / 1000) * 1000,
    };
    // Items of the event being built: later mail of the same import threads onto them,
    // but they count as appended only once the append succeeded.
    const building = new Map<string, string>();
    const appended = (key: string) => building.get(key) ?? recent.get(key);
    let lookups = lookupsFor(state, appended);
    let items: ImportedMessage[] = [];
    // Dropped once a pass failed: the log is out of reach, the rest queues.
    let confirming = confirm;
    let waiting = 0;
    // Threading 100,000 messages takes seconds: in time slices, so the app answers meanwhile.
    const slicer = new TimeSlicer();
    const append = async () => {
      await sink.append(accountId, { type: 'mail.imported', items });
      for (const [message, ticket] of building) recent.set(message, ticket);
      building.clear();
      items = [];
      if (!confirming || ++waiting < IMPORT_WINDOW) return;
      waiting = 0;
      if (!(await confirming())) confirming = undefined;
      // The confirmed state now holds these tickets (and what the team logged meanwhile): the
      // rest threads against it, and `recent` keeps only what the log has not confirmed.
      state = sink.state(accountId) ?? state;
      this.recentOf(accountId, state);
      lookups = lookupsFor(state, appended);
    };
    for (; !page.done; page = pages.next()) {
      const ids = page.value;
      for (let i = 0; i < ids.length; i += IMPORT_BATCH) {
        for (const row of store.ticketImport.rows(ids.slice(i, i + IMPORT_BATCH))) {
          const item = this.itemFor(row, account, state, lookups, judging);
          if (item) {
            building.set(item.message, item.ticket);
            items.push(item);
            if (items.length === IMPORT_BATCH) await append();
          }
          if (slicer.due()) await slicer.pace();
        }
      }
    }
    if (items.length > 0) await append();
    store.ticketImport.setMark(accountId, upTo);
  }

  private recentOf(accountId: string, state: TeamState): Map<string, string> {
    let recent = this.unconfirmed.get(accountId);
    if (!recent) this.unconfirmed.set(accountId, (recent = new Map()));
    for (const key of recent.keys()) if (state.tickets.ticketOfMessage(key) !== undefined) recent.delete(key);
    return recent;
  }

  /** The item for one stored message; null when it is placed already or cannot be named. */
  private itemFor(row: ImportRow, account: AccountRecord, state: TeamState, lookups: ImportLookups, judging: AutoReplyJudging): ImportedMessage | null {
    const key = messageKey(row);
    if (key === null) {
      console.warn(`Ticket import: message ${row.id} of account ${account.id} has neither a Message-ID nor a content hash; left out.`);
      return null;
    }
    if (lookups.isPlaced(key)) return null;
    const { ticket, reason } = threadMessage({ key, inReplyTo: row.inReplyTo, references: row.references, subject: row.subject }, lookups);
    const outgoing = row.from !== null && row.from.address.toLowerCase() === account.email.toLowerCase();
    // Mail the first sync found predates the account here: no auto-reply, no notification.
    const firstSync = row.date < judging.firstSyncBefore;
    const customer: Address | null = outgoing ? (row.to[0] ?? null) : row.from;
    const candidate = {
      message: key,
      ticket,
      reason,
      subject: clip(ticketSubject(row.subject, state.settings.tokenPrefix), 1000),
      customer: customer ? { name: clip(customer.name, 500), address: clip(customer.address, 500) } : null,
      date: row.date,
      direction: outgoing ? 'out' : 'in',
      closed: account.import.closeAutomatically,
      route: reason.kind === 'new' ? routeOf(row, account, state, this.deps.agentId) : null,
      autoReply: !firstSync && autoReplyMark({ from: row.from, headers: row.headers, outgoing }, judging.own) === null,
      firstSync,
    } satisfies ImportedMessage;
    // Every client parses the event: one item it would refuse (a Message-ID over
    // 1,000 characters, say) must not take the other 499 down with it.
    const parsed = ImportedMessageSchema.safeParse(candidate);
    if (!parsed.success) {
      console.warn(`Ticket import: message ${row.id} of account ${account.id} does not fit the event format (${parsed.error.issues[0]?.message}); left out.`);
      return null;
    }
    return parsed.data;
  }
}

/** What the auto-reply verdict needs besides the mail: every account's address, when this account was added here. */
interface AutoReplyJudging {
  own: ReadonlySet<string>;
  firstSyncBefore: number;
}

/**
 * Ticket lookups over the team state plus what this client appended meanwhile. A
 * merged ticket resolves to the one it went into; a ticket only appended so far is
 * named by its key. Keys come from mail, so they are read with own(): a Message-ID
 * "constructor" must not find Object.prototype's member.
 */
interface ImportLookups extends ThreadLookups {
  /** The message is in a ticket already: a deleted one too (kept there so it is not imported again). */
  isPlaced(key: string): boolean;
}

function lookupsFor(state: TeamState, appended: (key: string) => string | undefined): ImportLookups {
  // A deleted ticket takes no new mail: a reply to it threads as a new conversation.
  const resolve = (ticket: string | undefined): string | null => {
    if (ticket === undefined) return null;
    const live = liveTicket(state, ticket);
    return live?.deleted ? null : (live?.key ?? ticket);
  };
  // A Message-ID some mailer wrote without brackets is stored that way; references are always bracketed.
  const placed = (key: string) => appended(key) ?? state.tickets.ticketOfMessage(key) ?? (key.startsWith('<') && key.endsWith('>') ? (appended(key.slice(1, -1)) ?? state.tickets.ticketOfMessage(key.slice(1, -1))) : undefined);
  return {
    isPlaced: (key) => placed(key) !== undefined,
    ticketOfMessage: (key) => resolve(placed(key)),
    ticketByNumber: (number) => resolve(state.tickets.keyOfNumber(number)),
    tokenPrefix: state.settings.tokenPrefix,
  };
}

/**
 * Where a new ticket goes. A personal account's tickets are assigned to its owner
 * (no offer, no rules); a shared account's rules decide, and the standard queue is
 * the queue when no rule names one (the reducer needs nothing but the event).
 */
function routeOf(row: ImportRow, account: AccountRecord, state: TeamState, agentId: () => string): NonNullable<ImportedMessage['route']> {
  const standard = { rule: '', queue: standardQueueOf(account), tag: '', agent: '', assign: false };
  if (!account.shared) return { ...standard, agent: agentId(), assign: true };
  const match = matchRoute(state.settings.routing, row);
  return match ? { ...match, queue: match.queue || standard.queue, assign: false } : standard;
}
