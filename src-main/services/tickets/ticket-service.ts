/**
 * Tickets for the renderer: lists over every account this agent may see, the ticket
 * pane, actions as team log events, the collision check before sending, presence,
 * contacts and the supervisor's counts. Reads the folded states of the accounts' team
 * logs; the lists are SQL queries over the tickets' stored rows (store/ticket-list-query.ts),
 * with what the store does not hold yet (this agent's pending events) passed along.
 */
import { randomUUID } from 'node:crypto';
import type { MessageSummary } from '../../../src-preload/contract/mail';
import type { OutboxItem } from '../../../src-preload/contract/outbox';
import {
  type CollisionReport,
  type Contact,
  type SupervisorStats,
  type TicketAction,
  type TicketDetail,
  type TicketFilter,
  type TicketSort,
  type TicketSummary,
} from '../../../src-preload/contract/tickets';
import { appError } from '../errors/app-error';
import type { CountQuery, CustomerTickets, SupervisorCounts } from '../store/ticket-counts';
import type { ListAnswer, ListedTickets, ListQuery } from '../store/ticket-list-query';
import { overlaysOf } from '../store/ticket-list-source';
import type { TeamState, TicketState } from '../teamlog/state';
import { listContacts } from './contacts';
import type { TeamLogView, TicketAccount, TicketSources } from './sources';
import { supervisorStats } from './supervisor';
import { actionPayload, findTicket, ticketNotFound, workableTicket } from './ticket-actions';
import { textsOf } from './ticket-list-row';
import { activityViews, agentRef, mayView, noteViews, permissions, presenceViews, reasonInWords, ticketSummary } from './ticket-views';

/** Per account id, the keys of the cached messages whose text holds the word (store/search-index.ts). */
export type MessagesWithText = (word: string) => ReadonlyMap<string, readonly string[]>;

export interface TicketServiceOptions {
  sources: TicketSources;
  /** Cached messages of an account by team log key (store.messages.byKeys). */
  messagesByKeys(accountId: string, keys: string[]): Map<string, MessageSummary>;
  /** The queries over the tickets' stored rows (store.team.tickets). */
  queries: TicketQueries;
  /** This client's sent mail by Message-ID (outbox.summaries): names the outbox item, and stands in for a Sent copy not synced. */
  outboxByKeys?(accountId: string, keys: string[]): Map<string, { item: OutboxItem; snippet: string }>;
  /**
   * Records the server step of a deletion (tickets/server-deletion.ts) under the delete
   * event's id; without it, deleting from the server is refused.
   */
  queueServerDeletion?(accountId: string, ticket: string, messageKeys: string[], eventId: string): void;
  /** Called after an account's log reported a change (the change feed throttles and announces it). */
  changed?(accountId: string): void;
  /**
   * The full-text index over cached messages (store.search): the filter's fullText and
   * "message text" rows read it; version() changes whenever its content does.
   */
  fullText?: { messagesWithText: MessagesWithText; version(): number };
  now?(): number;
}

/** The store's queries over the tickets' list rows (store/team-tickets-repo.ts). */
export interface TicketQueries {
  list(query: ListQuery): ListAnswer;
  supervisorCounts(query: CountQuery): SupervisorCounts;
  customerTickets(query: CountQuery): CustomerTickets[];
}

/** One account as this agent sees it. */
interface AccountView {
  account: TicketAccount;
  log: TeamLogView;
  state: TeamState;
}

/** 'viewing' is told again only after this long: opening a ticket over and over must not flood the log. */
export const VIEWING_REPEAT_MS = 60_000;

/** Activity of another agent that should stop a reply: they answered, took, got or closed the ticket. */
const COLLIDING_TYPES = new Set(['ticket.replied', 'ticket.take', 'ticket.accept', 'ticket.transfer']);

export class TicketService {
  private readonly watched = new Map<string, { log: TeamLogView; unsubscribe: () => void }>();
  /** Bumped on every change of any account: a kept count is valid only for its generation. */
  private generation = 0;
  private lastCount: { key: string; total: number } | null = null;
  /** When this agent last told 'viewing' per account and ticket key (this clock); cleared by 'replying' or 'left'. */
  private readonly viewingSince = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: TicketServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Follows the accounts' logs: call when accounts or logs come and go (queries call it too). */
  watchLogs(): void {
    const accounts = this.options.sources.accounts();
    const live = new Set<string>();
    for (const account of accounts) {
      const log = this.options.sources.log(account.id);
      if (!log) continue;
      live.add(account.id);
      if (this.watched.get(account.id)?.log === log) continue;
      this.unwatch(account.id);
      const unsubscribe = log.onChange(() => this.invalidate(account.id));
      this.watched.set(account.id, { log, unsubscribe });
      this.invalidate(account.id);
    }
    for (const id of [...this.watched.keys()]) if (!live.has(id)) this.unwatch(id);
  }

  close(): void {
    for (const id of [...this.watched.keys()]) this.unwatch(id);
    this.lastCount = null;
  }

  /**
   * A page of the list: its tickets and how many pass the filter. The count is kept until
   * something changes, so scrolling asks SQLite only for the next page.
   */
  listTickets(filter: TicketFilter, sort: TicketSort, descending: boolean, offset: number, limit: number): { total: number; items: TicketSummary[] } {
    const { query, key, views } = this.listQuery(filter, sort, descending);
    const answer = this.options.queries.list(query);
    const page = answer.tickets({ offset, limit });
    if (this.lastCount?.key !== key) this.lastCount = { key, total: answer.count() };
    return { total: this.lastCount.total, items: [...this.summaries(page, views)] };
  }

  /**
   * Every ticket the filter matches, in list order (the CSV export): the count now, each
   * summary built only when read, so 100,000 rows stream without a second copy in memory.
   */
  allTickets(filter: TicketFilter, sort: TicketSort, descending: boolean): { total: number; items: Iterable<TicketSummary> } {
    const { query, views } = this.listQuery(filter, sort, descending);
    const listed = this.options.queries.list(query).tickets(null);
    return { total: listed.length, items: this.summaries(listed, views) };
  }

  /**
   * The list query for the accounts this agent sees, with what their stored rows do not
   * describe yet, the key its count is kept under, and the accounts as it read them.
   */
  private listQuery(filter: TicketFilter, sort: TicketSort, descending: boolean): { query: ListQuery; key: string; views: AccountView[] } {
    const overlays = this.overlays(this.visible());
    // Read after the overlays: saving for them may have replaced the states' objects.
    const views = this.visible();
    const now = this.now();
    const fullText = this.options.fullText;
    // The date presets move with the day: the minute is precise enough for "today" and stable while paging.
    const key = JSON.stringify([this.generation, fullText?.version() ?? 0, Math.floor(now / 60_000), views.map((v) => v.account.id), filter]);
    const query: ListQuery = {
      accountIds: views.map((v) => v.account.id),
      tokenPrefixes: Object.fromEntries(views.map((v) => [v.account.id, v.state.settings.tokenPrefix])),
      accountTexts: Object.fromEntries(views.map((v) => [v.account.id, textsOf([v.account.key, v.account.name])])),
      accountKeys: Object.fromEntries(views.map((v) => [v.account.id, v.account.key])),
      assigneeTexts: Object.fromEntries(views.flatMap((v) => Object.keys(v.state.agents).map((id) => [`${v.account.id}\n${id}`, textsOf([agentRef(v.state, id).name, id])]))),
      ...(fullText ? { messagesWithText: fullText.messagesWithText } : {}),
      filter,
      sort,
      descending,
      me: this.me(),
      now,
      overlays,
    };
    return { query, key, views };
  }

  /** The listed tickets' summaries, each read when asked for (none for a ticket gone since the query). */
  private *summaries(listed: ListedTickets, views: AccountView[]): Generator<TicketSummary> {
    const byAccount = new Map(views.map((v) => [v.account.id, { ...v, pending: v.log.pendingTickets() }]));
    for (let i = 0; i < listed.length; i += 1) {
      const { accountId, number } = listed.at(i);
      const view = byAccount.get(accountId);
      const key = view?.state.tickets.keyOfNumber(number);
      const ticket = key === undefined ? undefined : view?.state.tickets.get(key);
      if (view && ticket) yield ticketSummary(view.account, view.state, ticket, view.pending.has(ticket.key));
    }
  }

  getTicket(accountId: string, ref: string): TicketDetail {
    const view = this.view(accountId);
    const { state, account, log } = view;
    const ticket = followMerges(state, findTicket(state, ref));
    if (!ticket) throw ticketNotFound(ref);
    // Deleted for everyone: an agent who still had it open is told by whom.
    if (ticket.deleted) workableTicket(state, ticket.key);
    const me = this.me();
    const replyTargets = ticket.messages.flatMap((m) => (m.reason.kind === 'reply' ? [m.reason.to] : []));
    const cached = this.options.messagesByKeys(account.id, [...new Set([...ticket.messages.map((m) => m.key), ...replyTargets])]);
    const subjectOf = (key: string) => cached.get(key)?.subject ?? null;
    const sent = this.options.outboxByKeys?.(account.id, ticket.messages.filter((m) => m.direction === 'out').map((m) => m.key)) ?? new Map();
    const seenUid = log.seenUid();
    const messages = [...ticket.messages]
      .sort((a, b) => a.date - b.date || a.uid - b.uid)
      .map((m) => {
        const message = cached.get(m.key);
        const outgoing = sent.get(m.key);
        return {
          key: m.key,
          messageId: message?.id ?? null,
          outboxId: outgoing?.item.id ?? null,
          direction: m.direction,
          date: m.date,
          from: message?.from ?? outgoing?.item.from ?? null,
          subject: message?.subject ?? outgoing?.item.subject ?? '',
          snippet: message?.snippet ?? outgoing?.snippet ?? '',
          reason: reasonInWords(state, m, subjectOf),
        };
      });
    return {
      ...ticketSummary(account, state, ticket, log.pendingTickets().has(ticket.key)),
      messages,
      notes: noteViews(state, ticket, seenUid),
      activity: activityViews(state, log.activity(ticket)),
      presence: presenceViews(state, ticket.key, me, this.now()),
      can: permissions(state, ticket, me),
      dispositions: state.settings.dispositions,
      dispositionRequired: state.settings.mandatoryDisposition,
      seenUid,
    };
  }

  /** Checks the action against what this client knows, appends its event and answers with the ticket as it now shows (pending). */
  ticketAction(accountId: string, ref: string, action: TicketAction): TicketSummary {
    const view = this.view(accountId);
    const ticket = workableTicket(view.state, ref);
    const teamQueues = new Set(this.visible().flatMap((v) => Object.keys(v.state.queues)));
    const payload = actionPayload({ state: view.state, me: this.me(), teamQueues }, ticket, action);
    view.log.append(payload);
    this.invalidate(accountId);
    const state = view.log.state();
    const after = state.tickets.get(ticket.key) ?? ticket;
    return ticketSummary(view.account, state, after, true);
  }

  /**
   * Deletes the ticket for the whole team. With fromServer the server step is recorded
   * first, under the event's id: a kill before the event is queued leaves a task that
   * queues it (once, by that id) before it touches the server.
   */
  deleteTicket(accountId: string, ref: string, fromServer: boolean): void {
    const view = this.view(accountId);
    const ticket = workableTicket(view.state, ref);
    const eventId = randomUUID();
    if (fromServer) {
      const queue = this.options.queueServerDeletion;
      if (!queue) throw appError('tickets/not-allowed', 'This app cannot delete mail on the server.', 'Delete the ticket from Mailroom only.');
      queue(accountId, ticket.key, ticket.messages.map((m) => m.key), eventId);
    }
    view.log.append({ type: 'ticket.delete', ticket: ticket.key, fromServer }, eventId);
    this.invalidate(accountId);
  }

  /**
   * Re-reads the log, then reports what other agents did to the ticket after seenUid
   * that should stop a reply (replied, took, accepted, transferred, closed). Offline,
   * the report comes from what this client has folded and says so (fresh: false).
   */
  async checkCollision(accountId: string, ref: string, seenUid: number): Promise<CollisionReport> {
    const fresh = await this.view(accountId).log.refresh();
    const { state, log } = this.view(accountId);
    const ticket = followMerges(state, findTicket(state, ref));
    if (!ticket) throw ticketNotFound(ref);
    const me = this.me();
    const colliding = log.activity(ticket).filter(
      (a) => a.uid > seenUid && a.agent !== me && (COLLIDING_TYPES.has(a.type) || (a.type === 'ticket.status' && ticket.status === 'closed')),
    );
    return { collided: colliding.length > 0, events: activityViews(state, colliding), fresh };
  }

  setPresence(accountId: string, ref: string, mode: 'viewing' | 'replying' | 'left'): void {
    const view = this.view(accountId);
    const ticket = findTicket(view.state, ref);
    if (!ticket) throw ticketNotFound(ref);
    const key = JSON.stringify([accountId, ticket.key]);
    const now = this.now();
    if (mode === 'viewing') {
      for (const [k, at] of this.viewingSince) if (now - at >= VIEWING_REPEAT_MS) this.viewingSince.delete(k);
      const since = this.viewingSince.get(key);
      if (since !== undefined && now - since < VIEWING_REPEAT_MS) return;
      this.viewingSince.set(key, now);
    } else {
      this.viewingSince.delete(key);
    }
    view.log.append({ type: 'presence', ticket: ticket.key, mode });
  }

  listContacts(text: string, limit: number): Contact[] {
    const views = this.visible().filter((v) => v.state.settings.createContacts);
    const overlays = this.overlays(views);
    return listContacts(this.options.queries.customerTickets({ accountIds: views.map((v) => v.account.id), overlays }), text, limit);
  }

  supervisorStats(): SupervisorStats {
    const views = this.visible();
    const overlays = this.overlays(views);
    // Saving for the overlays may have replaced the states' objects: the names are read from the current ones.
    return supervisorStats(this.visible(), this.options.queries.supervisorCounts({ accountIds: views.map((v) => v.account.id), overlays }));
  }

  /** What the accounts' stored rows do not describe yet (TeamLog.listOverlay), for a query over them. */
  private overlays(views: AccountView[]) {
    return overlaysOf(views.map((v) => ({ accountId: v.account.id, log: v.log })));
  }

  /** The folded states of the accounts this agent may see (the reports read them). */
  visibleStates(): { account: TicketAccount; state: TeamState }[] {
    return this.visible().map(({ account, state }) => ({ account, state }));
  }

  private me(): string {
    return this.options.sources.agentId();
  }

  private invalidate(accountId: string): void {
    this.generation += 1;
    this.options.changed?.(accountId);
  }

  private unwatch(accountId: string): void {
    this.watched.get(accountId)?.unsubscribe();
    this.watched.delete(accountId);
    this.generation += 1;
  }

  /** The accounts with a team log whose working rules let this agent see their tickets. */
  private visible(): AccountView[] {
    this.watchLogs();
    const me = this.me();
    const views: AccountView[] = [];
    for (const account of this.options.sources.accounts()) {
      const log = this.watched.get(account.id)?.log;
      if (!log) continue;
      const state = log.state();
      if (mayView(state, me)) views.push({ account, log, state });
    }
    return views;
  }

  private view(accountId: string): AccountView {
    this.watchLogs();
    const account = this.options.sources.accounts().find((a) => a.id === accountId);
    const log = this.watched.get(accountId)?.log;
    if (!account || !log) {
      throw appError('team/no-log', 'This account has no team log on this computer (yet).', 'Wait for the account to finish connecting, or check its status in Settings.');
    }
    const state = log.state();
    if (!mayView(state, this.me())) {
      throw appError(
        'tickets/not-allowed',
        "This account's tickets are shown only to the agents its team settings name.",
        'Ask an admin to add you to the account in Settings → Team.',
      );
    }
    return { account, log, state };
  }
}

/** A merged ticket's key still opens: it shows the ticket it went into. */
function followMerges(state: TeamState, ticket: TicketState | null): TicketState | null {
  let current = ticket;
  for (let hops = 0; current?.mergedInto && hops < 100; hops += 1) current = state.tickets.get(current.mergedInto) ?? current;
  return current;
}
