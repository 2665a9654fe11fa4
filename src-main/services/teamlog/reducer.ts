/**
 * The team log's reducer: folds one logged event into an account's team state. Every
 * client folds the same events in UID order with this function, so it must be
 * deterministic: no clock, no randomness, no I/O, no iteration order but insertion order.
 * It mutates the state it is given (folding 100k events must stay fast); callers clone
 * when they need the old state (pending-view.ts copies only what pending events touch).
 *
 * Conflict rules: the earlier UID wins. A losing event changes nothing and is recorded in
 * state.rejections in plain words for its author. Offers name their sequence number, so
 * an accept, decline or expiry for an offer that is no longer current is a no-op.
 */
import type { AutoReplySettings } from '../../../src-preload/contract/auto-reply';
import type { EventPayload, ImportedMessage, LoggedEvent, TeamEvent } from './events';
import { own, put } from './records';
import { nextAgent } from './routing';
import { NONE, openedTicket, type AgentState, type OpenedTicket, type TeamState, type TicketMessage, type TicketMessageReason, type TicketOffer, type TicketState } from './state';

/**
 * Client event ids are remembered for at least this many UIDs (at most twice as many): a
 * retried APPEND lands within it. Windows are fixed UID ranges, so every client forgets
 * the same ids at the same UID.
 */
export const EVENT_ID_WINDOW = 10_000;
/** Only the latest lost events are kept: the UI reports each once, soon after it was folded. */
export const MAX_REJECTIONS = 200;

type Of<T extends EventPayload['type']> = Extract<TeamEvent, { type: T }>;

/**
 * The reason of every message that opened a conversation: one object for all of them (a
 * reason is replaced, never changed in place), not a copy per message from each event.
 */
const NEW_CONVERSATION: TicketMessageReason = Object.freeze({ kind: 'new' });

/**
 * Folds one event; callers pass the log's events once each, in UID order. lastUid becomes
 * this event's UID even when lower (a recreated log folder numbers from 1 again), and a
 * client event id already folded (a retried APPEND that landed twice) changes nothing else.
 */
export function foldEvent(state: TeamState, logged: LoggedEvent): TeamState {
  const { uid, event } = logged;
  shiftEventIds(state, uid);
  if (own(state.recentEventIds, event.id) === undefined && own(state.previousEventIds, event.id) === undefined) {
    put(state.recentEventIds, event.id, uid);
    apply(state, logged);
  }
  state.lastUid = uid;
  return state;
}

function shiftEventIds(state: TeamState, uid: number): void {
  const window = Math.floor(uid / EVENT_ID_WINDOW);
  const lastWindow = Math.floor(state.lastUid / EVENT_ID_WINDOW);
  if (window === lastWindow) return;
  // Into the next window: the current ids become the previous ones. Further (a gap in the
  // UIDs, or a log numbered anew): all of them are older than a window.
  state.previousEventIds = window === lastWindow + 1 ? state.recentEventIds : {};
  state.recentEventIds = {};
}

function apply(s: TeamState, l: LoggedEvent): void {
  const e = l.event;
  switch (e.type) {
    case 'mail.imported':
      return mailImported(s, l, e);
    case 'ticket.take':
      return take(s, l, e);
    case 'ticket.release':
      return release(s, l, e);
    case 'ticket.accept':
      return accept(s, l, e);
    case 'ticket.decline':
      return decline(s, l, e);
    case 'ticket.offerExpired':
      return offerExpired(s, l, e);
    case 'ticket.transfer':
      return transfer(s, l, e);
    case 'ticket.status':
      return status(s, l, e);
    case 'ticket.disposition': {
      const t = ticketFor(s, l, e.ticket);
      if (t) setDisposition(s, t, l, e.disposition, `set the disposition to ${e.disposition}`);
      return;
    }
    case 'ticket.tags':
      return tags(s, l, e);
    case 'ticket.note': {
      const t = ticketFor(s, l, e.ticket);
      if (!t) return;
      t.notes = [...t.notes, { id: e.id, agent: e.agent, at: e.at, uid: l.uid, text: e.text }];
      record(t, l, 'added an internal note');
      return;
    }
    case 'ticket.read': {
      // Reading is not history: no activity line, only the flag.
      const t = liveTicket(s, e.ticket);
      if (t) t.unread = false;
      return;
    }
    case 'ticket.replied':
      return replied(s, l, e);
    case 'ticket.merge':
      return merge(s, l, e);
    case 'message.move':
      return moveMessage(s, l, e);
    case 'message.split':
      return splitMessage(s, l, e);
    case 'agent.profile':
      ensureAgent(s, e.agent).profile = e.profile;
      return;
    case 'agent.status':
      return agentStatus(s, l, e);
    case 'queue.set':
      put(s.queues, e.queue, { name: e.queue, members: [...new Set(e.members)] });
      return;
    case 'queue.delete':
      delete s.queues[e.queue];
      delete s.lastOffered[e.queue];
      return;
    case 'settings.set':
      s.settings = e.settings;
      return;
    case 'canned.set':
      put(s.canned, e.answer.id, { answer: e.answer, updatedAt: e.at, updatedBy: e.agent });
      return;
    case 'canned.delete':
      delete s.canned[e.answerId];
      return;
    case 'view.set':
      put(s.views, e.view.id, { view: e.view, updatedAt: e.at, updatedBy: e.agent });
      return;
    case 'view.delete':
      delete s.views[e.viewId];
      return;
    case 'ticket.delete':
      return deleteTicket(s, l, e);
    case 'autoReply.set': {
      const wasOn = s.autoReply.settings.enabled && s.autoReply.enabledAt !== null;
      s.autoReply = { settings: e.settings, enabledAt: e.settings.enabled ? (wasOn ? s.autoReply.enabledAt : e.at) : null };
      return;
    }
    case 'autoReply.done':
      return autoReplyDone(s, l, e);
    case 'presence':
      return presence(s, e);
    case 'snapshot':
      // Read by whoever starts a fold (snapshot.ts); folding past one changes nothing.
      return;
  }
}

// ---- tickets: lookup, history, rejections ----

/** The ticket a key names, following merges; null when unknown. */
export function liveTicket(s: TeamState, key: string): TicketState | null {
  let t = s.tickets.get(key);
  // A cycle cannot come from folding (merge targets a live ticket), only from a faulty snapshot: stop anyway.
  for (let hops = 0; t?.mergedInto && hops < 1000; hops++) t = s.tickets.get(t.mergedInto);
  return t && !t.mergedInto ? t : null;
}

function ticketFor(s: TeamState, l: LoggedEvent, key: string): TicketState | null {
  const t = liveTicket(s, key);
  if (!t) reject(s, l, key, 'This ticket is not in the team log. Reload the queue and try again.');
  else if (t.deleted) reject(s, l, t.key, `${agentName(s, t.deleted.agent)} deleted ticket #${t.number}${t.deleted.at <= l.event.at ? ` ${beforeYou(l.event.at - t.deleted.at)}` : ''}.`);
  return t && !t.deleted ? t : null;
}

function record(t: TicketState, l: LoggedEvent, summary: string): void {
  const line = { uid: l.uid, at: l.event.at, agent: l.event.agent, type: l.event.type, summary };
  t.activity = t.activity.length === 0 ? [line] : [...t.activity, line];
  if (l.event.at > t.lastActivityAt) t.lastActivityAt = l.event.at;
}

function reject(s: TeamState, l: LoggedEvent, ticket: string | null, message: string): void {
  s.rejections.push({ eventId: l.event.id, uid: l.uid, agent: l.event.agent, ticket, message });
  if (s.rejections.length > MAX_REJECTIONS) s.rejections.splice(0, s.rejections.length - MAX_REJECTIONS);
}

/** The name of an agent known only by id (their profile event not folded yet). */
export const UNKNOWN_AGENT_NAME = 'Another agent';

export function agentName(s: TeamState, id: string): string {
  return own(s.agents, id)?.profile.name ?? UNKNOWN_AGENT_NAME;
}

function ensureAgent(s: TeamState, id: string): AgentState {
  let agent = own(s.agents, id);
  if (!agent) {
    // Known only by id until its profile event: a placeholder name, offline.
    agent = { id, profile: { name: UNKNOWN_AGENT_NAME, email: '', phone: '', mobile: '', fax: '' }, status: 'offline', statusAt: 0, pausedFor: null };
    put(s.agents, id, agent);
  }
  return agent;
}

/** "5 s before you": how long before this event the winner's event was, by the two authors' clocks. */
function beforeYou(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec < 1) return 'just before you';
  if (sec < 60) return `${sec} s before you`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min before you`;
  if (sec < 86_400) return `${Math.floor(sec / 3600)} h before you`;
  return `${Math.floor(sec / 86_400)} d before you`;
}

/** Why an event of someone other than the assignee lost: "Ana took this ticket 3 s before you." */
function heldBy(s: TeamState, t: TicketState, l: LoggedEvent): string {
  const name = agentName(s, t.assignee ?? '');
  const won = t.taken?.agent === t.assignee ? t.taken : null;
  if (!won) return `${name} has this ticket.`;
  return `${name} ${won.how} this ticket ${beforeYou(l.event.at - won.at)}.`;
}

function customerWords(c: ImportedMessage['customer']): string {
  return c ? c.name || c.address : 'an unknown sender';
}

// ---- mail ----

function mailImported(s: TeamState, l: LoggedEvent, e: Of<'mail.imported'>): void {
  for (const item of e.items) {
    // The earlier UID placed it already (another client imported the same mail first).
    if (s.tickets.ticketOfMessage(item.message) !== undefined) continue;
    const message: TicketMessage = { key: item.message, reason: item.reason.kind === 'new' ? NEW_CONVERSATION : item.reason, direction: item.direction, date: item.date, uid: l.uid };
    // A reply joins the ticket its parent is in now, even if an agent moved the parent since the importer looked.
    const parentTicket = item.reason.kind === 'reply' ? s.tickets.ticketOfMessage(item.reason.to) : undefined;
    const found = liveTicket(s, parentTicket ?? item.ticket);
    const existing = found && !found.deleted ? found : null;
    if (existing) joinTicket(s, l, existing, message, item);
    const t = existing ?? (found ? openAfterDeleted(s, l, found, message, item) : openImportedTicket(s, l, message, item));
    decideAutoReply(s, l, t, item, !existing);
  }
}

/**
 * New mail threading into a deleted ticket (the importer looked before the deletion was
 * folded) opens a new ticket, keyed by the mail itself like any new conversation, in the
 * deleted ticket's queue (the importer routed it as a reply, so it carries no route).
 */
function openAfterDeleted(s: TeamState, l: LoggedEvent, deleted: TicketState, message: TicketMessage, item: ImportedMessage): TicketState {
  const route = item.route ?? { rule: '', queue: deleted.queue, tag: '', agent: '', assign: false };
  // The mail's own key is free: a ticket keyed by a message placed that message when it opened.
  const key = s.tickets.get(item.message) ? `after-delete:${l.event.id}:${item.message}` : item.message;
  const t = openImportedTicket(s, l, message, { ...item, ticket: key, reason: { kind: 'new' }, route });
  message.reason = NEW_CONVERSATION;
  record(t, l, `its conversation was in #${deleted.number}, which was deleted`);
  return t;
}

function placeMessage(s: TeamState, t: TicketState, message: TicketMessage): void {
  // A ticket's first message in a list of one: a push onto the empty list reserves room for 17.
  if (t.messages.length === 0) t.messages = [message];
  else t.messages.push(message);
  s.tickets.place(message.key, t.key);
}

function joinTicket(s: TeamState, l: LoggedEvent, t: TicketState, message: TicketMessage, item: ImportedMessage): void {
  placeMessage(s, t, message);
  if (item.direction === 'out') return record(t, l, 'an answer was sent');
  if (item.closed) return record(t, l, `a new message from ${customerWords(item.customer)}, filed closed`);
  t.unread = true;
  if (t.status === 'closed' && s.settings.reopenOnReply) {
    t.status = 'open';
    t.closed = null;
    return record(t, l, `reopened by a new message from ${customerWords(item.customer)}`);
  }
  record(t, l, `a new message from ${customerWords(item.customer)}`);
}

function openTicket(s: TeamState, l: LoggedEvent, fields: Omit<OpenedTicket, 'number' | 'lastActivityAt' | 'openedUid'>): TicketState {
  const number = s.nextNumber++;
  const t = openedTicket({ ...fields, number, lastActivityAt: l.event.at, openedUid: l.uid });
  s.tickets.put(t);
  return t;
}

function openImportedTicket(s: TeamState, l: LoggedEvent, message: TicketMessage, item: ImportedMessage): TicketState {
  const route = item.route;
  // A new conversation's ticket is keyed by its first message: one string for both keys.
  const key = item.ticket === message.key ? message.key : item.ticket;
  const t = openTicket(s, l, { key, subject: item.subject, customer: item.customer, createdAt: item.date, queue: route?.queue ?? '' });
  placeMessage(s, t, message);
  const words = [item.direction === 'in' ? `new ticket from ${customerWords(item.customer)}` : `new ticket to ${customerWords(item.customer)}`];
  if (item.closed) {
    t.status = 'closed';
    t.closed = { at: item.date, agent: null };
    words.push('filed closed');
  } else {
    t.unread = item.direction === 'in';
  }
  if (route?.tag) t.tags = [...t.tags, route.tag];
  if (route?.assign && route.agent) {
    // A personal account's ticket: its owner's, whether open or filed closed; nobody else is asked.
    t.assignee = route.agent;
    words.push(`assigned to ${agentName(s, route.agent)}`);
  } else if (route && !item.closed) {
    let agent: string | null = route.agent;
    if (agent) makeOffer(t, l, agent, 'routing', 'agent', null);
    else agent = offerToQueue(s, t, l, 'routing', null);
    words.push(agent ? `offered to ${agentName(s, agent)}` : `waiting in ${queueWords(t.queue)}`);
  }
  record(t, l, words.join('; '));
  return t;
}

function queueWords(queue: string): string {
  return queue ? `queue ${queue}` : 'no queue';
}

// ---- answers and auto-replies ----

function replied(s: TeamState, l: LoggedEvent, e: Of<'ticket.replied'>): void {
  const t = ticketFor(s, l, e.ticket);
  if (!t) return;
  // The copy a sync of Sent imports later is the same key: placed once, here.
  if (s.tickets.ticketOfMessage(e.message) === undefined) {
    placeMessage(s, t, { key: e.message, reason: { kind: 'sent', agent: e.agent, auto: e.auto }, direction: 'out', date: e.at, uid: l.uid });
  }
  if (e.auto) return record(t, l, `an auto-reply was sent to ${customerWords(t.customer)}`);
  t.unread = false;
  record(t, l, 'sent a reply');
}

const HOUR_MS = 60 * 60_000;
const DAY_MS = 24 * HOUR_MS;
/** Mail dated this much before auto-reply was turned on still counts as after (senders' clocks drift). */
const AUTO_REPLY_CLOCK_SLACK_MS = 5 * 60_000;
/** Rate-limit entries and undone auto-replies older than this are forgotten (a stale auto-reply is not sent). */
const AUTO_REPLY_FORGET_MS = 3 * DAY_MS;

/**
 * Whether this newly placed mail gets an auto-reply, and from which client: the one whose
 * import placed it (the earliest UID), so a team of ten sends one. The importer judged the
 * mail itself (item.autoReply: RFC 3834 marks, own address, first sync); here the team's
 * settings and the per-sender limits decide, on the authors' clocks, the same everywhere.
 */
function decideAutoReply(s: TeamState, l: LoggedEvent, t: TicketState, item: ImportedMessage, newTicket: boolean): void {
  const { settings, enabledAt } = s.autoReply;
  if (!item.autoReply || !settings.enabled || enabledAt === null || item.direction !== 'in' || !item.customer || item.closed) return;
  if (item.date < enabledAt - AUTO_REPLY_CLOCK_SLACK_MS) return;
  const sender = item.customer.address.toLowerCase();
  if (autoReplyRuleSkip(settings, newTicket, own(s.autoReplied, sender), l.event.at) !== null) return;
  forgetOldAutoReplies(s, l.event.at);
  put(s.autoReplied, sender, l.event.at);
  put(s.autoReplyDue, item.message, { ticket: t.key, to: item.customer, by: l.event.agent, at: l.event.at, uid: l.uid });
}

/**
 * The team's settings and the per-sender limit for one mail (pure, so the settings' dry
 * run applies the very rule the fold does): the reason it gets none, or null.
 * `lastAt` is when its sender last got an auto-reply decided.
 */
export function autoReplyRuleSkip(settings: AutoReplySettings, newTicket: boolean, lastAt: number | undefined, at: number): 'reply-in-ticket' | 'rate-limited' | null {
  if (!newTicket && settings.newTicketsOnly) return 'reply-in-ticket';
  const window = settings.oncePerSenderPerDay ? DAY_MS : HOUR_MS;
  return lastAt !== undefined && at - lastAt < window ? 'rate-limited' : null;
}

function forgetOldAutoReplies(s: TeamState, now: number): void {
  for (const [sender, at] of Object.entries(s.autoReplied)) if (now - at > AUTO_REPLY_FORGET_MS) delete s.autoReplied[sender];
  for (const [message, due] of Object.entries(s.autoReplyDue)) if (now - due.at > AUTO_REPLY_FORGET_MS) delete s.autoReplyDue[message];
}

function autoReplyDone(s: TeamState, l: LoggedEvent, e: Of<'autoReply.done'>): void {
  const due = own(s.autoReplyDue, e.message);
  if (!due) return;
  delete s.autoReplyDue[e.message];
  const t = liveTicket(s, due.ticket);
  if (t && e.outcome === 'skipped') record(t, l, `no auto-reply was sent${e.reason ? `: ${e.reason}` : ''}`);
}

// ---- offers ----

function makeOffer(t: TicketState, l: LoggedEvent, agent: string, kind: TicketOffer['kind'], phase: TicketOffer['phase'], returnTo: TicketOffer['returnTo']): void {
  t.offers += 1;
  t.offer = { seq: t.offers, agent, at: l.event.at, uid: l.uid, kind, phase, returnTo };
}

/** Offers the ticket to the queue's next online member (round robin); null when nobody is online. */
function offerToQueue(s: TeamState, t: TicketState, l: LoggedEvent, kind: TicketOffer['kind'], returnTo: TicketOffer['returnTo']): string | null {
  const agent = nextAgent(s, t.queue);
  if (agent === null) return null;
  put(s.lastOffered, t.queue, agent);
  makeOffer(t, l, agent, kind, 'agent', returnTo);
  return agent;
}

/** A transfer nobody accepted goes back where it came from, marked unread so its owner notices. */
function returnTransfer(s: TeamState, t: TicketState, l: LoggedEvent, offer: TicketOffer, why: string): void {
  const back = offer.returnTo ?? { assignee: null, queue: t.queue };
  t.offer = null;
  t.assignee = back.assignee;
  t.queue = back.queue;
  t.unread = true;
  record(t, l, `${why}; back to ${back.assignee ? agentName(s, back.assignee) : queueWords(back.queue)}`);
}

/**
 * The current offer ran out (expiry) or was declined. The agent phase is followed by the
 * queue phase (unassigned in the queue); after that a transfer goes back and a routed
 * ticket follows the account's afterQueueWait rule.
 */
function offerLapsed(s: TeamState, t: TicketState, l: LoggedEvent, offer: TicketOffer, declined: boolean): void {
  const who = agentName(s, offer.agent);
  if (declined && offer.kind === 'transfer') return returnTransfer(s, t, l, offer, `${who} declined the transfer`);
  if (offer.phase === 'agent') {
    makeOffer(t, l, offer.agent, offer.kind, 'queue', offer.returnTo);
    record(t, l, `${declined ? `${who} declined it` : `${who} did not accept in time`}; waiting in ${queueWords(t.queue)}`);
    return;
  }
  if (offer.kind === 'transfer') return returnTransfer(s, t, l, offer, `nobody accepted the transfer in time`);
  t.offer = null;
  const agent = s.settings.afterQueueWait === 'next-agent' ? offerToQueue(s, t, l, 'routing', null) : null;
  record(t, l, agent ? `nobody took it from the queue in time; offered to ${agentName(s, agent)}` : `nobody took it from the queue in time; unassigned in ${queueWords(t.queue)}`);
}

/** The ticket's current offer if the event names it; stale offers (already answered, expired, replaced) give null. */
function currentOffer(s: TeamState, key: string, seq: number): { t: TicketState; offer: TicketOffer } | null {
  const t = liveTicket(s, key);
  return t?.offer && t.offer.seq === seq ? { t, offer: t.offer } : null;
}

function accept(s: TeamState, l: LoggedEvent, e: Of<'ticket.accept'>): void {
  const current = currentOffer(s, e.ticket, e.offer);
  if (current && current.offer.phase === 'agent' && current.offer.agent === e.agent) {
    current.t.assignee = e.agent;
    current.t.offer = null;
    current.t.taken = { agent: e.agent, at: l.event.at, how: 'accepted' };
    return record(current.t, l, 'accepted the ticket');
  }
  const t = liveTicket(s, e.ticket);
  // Accepting twice, or after taking it, changes nothing and lost nothing.
  if (!t || t.assignee === e.agent) return;
  reject(s, l, t.key, t.assignee ? heldBy(s, t, l) : `The offer ran out before you accepted it; the ticket waits in ${queueWords(t.queue)}. Take it if it is still free.`);
}

function decline(s: TeamState, l: LoggedEvent, e: Of<'ticket.decline'>): void {
  const current = currentOffer(s, e.ticket, e.offer);
  if (current && current.offer.phase === 'agent' && current.offer.agent === e.agent) offerLapsed(s, current.t, l, current.offer, true);
}

function offerExpired(s: TeamState, l: LoggedEvent, e: Of<'ticket.offerExpired'>): void {
  // Every client whose clock saw the wait pass may append one: the first for this offer counts.
  const current = currentOffer(s, e.ticket, e.offer);
  if (current) offerLapsed(s, current.t, l, current.offer, false);
}

// ---- assignment ----

function take(s: TeamState, l: LoggedEvent, e: Of<'ticket.take'>): void {
  const t = ticketFor(s, l, e.ticket);
  if (!t || t.assignee === e.agent) return;
  if (t.assignee) return reject(s, l, t.key, heldBy(s, t, l));
  // An offer to someone who has not accepted yet does not hold the ticket.
  t.assignee = e.agent;
  t.offer = null;
  t.taken = { agent: e.agent, at: l.event.at, how: 'took' };
  record(t, l, 'took the ticket');
}

function release(s: TeamState, l: LoggedEvent, e: Of<'ticket.release'>): void {
  const t = ticketFor(s, l, e.ticket);
  if (!t) return;
  if (t.assignee !== e.agent) {
    if (t.assignee) reject(s, l, t.key, heldBy(s, t, l));
    return;
  }
  t.assignee = null;
  t.offer = null;
  record(t, l, `gave the ticket back to ${queueWords(t.queue)}`);
}

function transfer(s: TeamState, l: LoggedEvent, e: Of<'ticket.transfer'>): void {
  const t = ticketFor(s, l, e.ticket);
  if (!t) return;
  if (!s.settings.allowTransfers) return reject(s, l, t.key, 'Transfers are turned off for this account. An admin can allow them in the team settings.');
  if (t.assignee && t.assignee !== e.agent) return reject(s, l, t.key, heldBy(s, t, l));
  const returnTo = { assignee: t.assignee, queue: t.queue };
  t.assignee = null;
  if (e.to.kind === 'agent') {
    makeOffer(t, l, e.to.agent, 'transfer', 'agent', returnTo);
    return record(t, l, `transferred it to ${agentName(s, e.to.agent)}`);
  }
  t.queue = e.to.queue;
  const agent = offerToQueue(s, t, l, 'transfer', returnTo);
  // Nobody online in the target queue: it waits there unassigned (the queue phase), then comes back.
  if (agent === null) makeOffer(t, l, '', 'transfer', 'queue', returnTo);
  record(t, l, `transferred it to ${queueWords(e.to.queue)}${agent ? `; offered to ${agentName(s, agent)}` : ''}`);
}

// ---- status, disposition, tags ----

function setDisposition(s: TeamState, t: TicketState, l: LoggedEvent, disposition: string, summary: string | null): void {
  t.disposition = disposition;
  for (const agent of Object.values(s.agents)) {
    if (agent.pausedFor !== t.key) continue;
    agent.pausedFor = null;
    if (agent.status === 'paused') {
      agent.status = 'online';
      agent.statusAt = l.event.at;
    }
  }
  if (summary) record(t, l, summary);
}

function status(s: TeamState, l: LoggedEvent, e: Of<'ticket.status'>): void {
  const t = ticketFor(s, l, e.ticket);
  if (!t) return;
  if (e.status === 'closed' && s.settings.mandatoryDisposition && !t.disposition && !e.disposition) {
    reject(s, l, t.key, `Choose a disposition before closing #${t.number}: this account requires one.`);
    if (s.settings.pauseUntilDisposition) {
      const agent = ensureAgent(s, e.agent);
      agent.pausedFor = t.key;
      agent.status = 'paused';
      agent.statusAt = e.at;
    }
    return;
  }
  if (e.disposition) setDisposition(s, t, l, e.disposition, null);
  if (e.status === t.status && !e.disposition) return;
  const was = t.status;
  t.status = e.status;
  // A closed ticket is offered to nobody; it keeps its assignee. Closing it again (to set a disposition) keeps the first close.
  if (e.status === 'closed') {
    t.offer = null;
    if (was !== 'closed') t.closed = { at: e.at, agent: e.agent };
  } else {
    t.closed = null;
  }
  const words = { closed: 'closed it', pending: 'set it to pending', open: was === 'closed' ? 'reopened it' : 'set it to open' }[e.status];
  record(t, l, e.disposition ? `${words} (${e.disposition})` : words);
}

function tags(s: TeamState, l: LoggedEvent, e: Of<'ticket.tags'>): void {
  const t = ticketFor(s, l, e.ticket);
  if (!t) return;
  const removed = t.tags.filter((tag) => e.remove.includes(tag));
  const kept = t.tags.filter((tag) => !e.remove.includes(tag));
  const added = [...new Set(e.add)].filter((tag) => !kept.includes(tag));
  if (removed.length === 0 && added.length === 0) return;
  t.tags = [...kept, ...added];
  const words = [];
  if (added.length) words.push(`tagged it ${added.join(', ')}`);
  if (removed.length) words.push(`removed the tag${removed.length > 1 ? 's' : ''} ${removed.join(', ')}`);
  record(t, l, words.join('; '));
}

// ---- deletion ----

function deleteTicket(s: TeamState, l: LoggedEvent, e: Of<'ticket.delete'>): void {
  const t = ticketFor(s, l, e.ticket);
  if (!t || t.deleted) return;
  t.deleted = { at: l.event.at, agent: l.event.agent, uid: l.uid, fromServer: e.fromServer };
  t.offer = null;
  delete s.presence[t.key];
  // No auto-reply goes out for a ticket that is gone.
  for (const [message, due] of Object.entries(s.autoReplyDue)) if (liveTicket(s, due.ticket) === t) delete s.autoReplyDue[message];
  // Nobody waits for a disposition on a ticket that is gone.
  for (const agent of Object.values(s.agents)) {
    if (agent.pausedFor !== t.key) continue;
    agent.pausedFor = null;
    if (agent.status === 'paused') {
      agent.status = 'online';
      agent.statusAt = l.event.at;
    }
  }
  record(t, l, e.fromServer ? 'deleted it from Mailroom and the server' : 'deleted it from Mailroom');
}

// ---- merge, move, split ----

function byUid<T extends { uid: number }>(a: readonly T[], b: readonly T[]): T[] {
  return [...a, ...b].sort((x, y) => x.uid - y.uid);
}

function merge(s: TeamState, l: LoggedEvent, e: Of<'ticket.merge'>): void {
  const from = ticketFor(s, l, e.from);
  const into = ticketFor(s, l, e.into);
  if (!from || !into || from === into) return;
  for (const m of from.messages) s.tickets.place(m.key, into.key);
  into.messages = byUid(into.messages, from.messages);
  into.notes = byUid(into.notes, from.notes);
  into.tags = [...new Set([...into.tags, ...from.tags])];
  into.unread ||= from.unread;
  from.messages = [];
  from.notes = NONE;
  from.tags = NONE;
  from.offer = null;
  from.mergedInto = into.key;
  delete s.presence[from.key];
  for (const agent of Object.values(s.agents)) if (agent.pausedFor === from.key) agent.pausedFor = into.key;
  record(from, l, `merged it into #${into.number}`);
  record(into, l, `merged #${from.number} into it`);
}

/** Takes the message out of its ticket; null (with a rejection) when no ticket holds it. */
function takeMessage(s: TeamState, l: LoggedEvent, key: string): { source: TicketState; message: TicketMessage } | null {
  const sourceKey = s.tickets.ticketOfMessage(key);
  const source = sourceKey === undefined ? undefined : s.tickets.get(sourceKey);
  const index = source ? source.messages.findIndex((m) => m.key === key) : -1;
  if (!source || index < 0) {
    reject(s, l, null, 'That message is not in any ticket. Reload the ticket and try again.');
    return null;
  }
  const [message] = source.messages.splice(index, 1);
  return message ? { source, message } : null;
}

function moveMessage(s: TeamState, l: LoggedEvent, e: Of<'message.move'>): void {
  const target = ticketFor(s, l, e.to);
  if (!target || s.tickets.ticketOfMessage(e.message) === target.key) return;
  const taken = takeMessage(s, l, e.message);
  if (!taken) return;
  placeMessage(s, target, { ...taken.message, uid: l.uid, reason: { kind: 'moved', agent: e.agent } });
  record(taken.source, l, `moved a message to #${target.number}`);
  record(target, l, `moved a message here from #${taken.source.number}`);
}

function splitMessage(s: TeamState, l: LoggedEvent, e: Of<'message.split'>): void {
  const key = `split:${e.id}`;
  // Only an import that named this key before the split was folded can hold it: never overwrite a ticket.
  if (s.tickets.get(key)) return reject(s, l, key, 'A ticket with this key exists already. Reload the ticket and split the message again.');
  const taken = takeMessage(s, l, e.message);
  if (!taken) return;
  const { source, message } = taken;
  const t = openTicket(s, l, { key, subject: source.subject, customer: source.customer, createdAt: message.date, queue: source.queue });
  placeMessage(s, t, { ...message, uid: l.uid, reason: { kind: 'split', agent: e.agent } });
  record(source, l, `split a message out into #${t.number}`);
  record(t, l, `split out of #${source.number}`);
}

// ---- agents, presence ----

function agentStatus(s: TeamState, l: LoggedEvent, e: Of<'agent.status'>): void {
  const agent = ensureAgent(s, e.agent);
  if (agent.pausedFor !== null && e.status === 'online') {
    const t = liveTicket(s, agent.pausedFor);
    return reject(s, l, agent.pausedFor, `Set a disposition on #${t?.number ?? '?'} first: you stay paused until it has one.`);
  }
  agent.status = e.status;
  agent.statusAt = e.at;
}

function presence(s: TeamState, e: Of<'presence'>): void {
  const t = liveTicket(s, e.ticket);
  if (!t) return;
  const others = (own(s.presence, t.key) ?? []).filter((p) => p.agent !== e.agent);
  if (e.mode !== 'left') others.push({ agent: e.agent, mode: e.mode, at: e.at });
  if (others.length) put(s.presence, t.key, others);
  else delete s.presence[t.key];
}
