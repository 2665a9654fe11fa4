/**
 * Folded ticket state → what the renderer shows: summaries, reasons in words, notes,
 * activity, presence and what the agent may do. Pure: the service passes the state,
 * the account, the agent and the clock.
 */
import type { AgentRef, PresenceView, TicketActivityView, TicketDetail, TicketNoteView, TicketSummary } from '../../../src-preload/contract/tickets';
import type { TeamSettings } from '../../../src-preload/contract/team';
import { offerDueAt } from '../teamlog/offer-timers';
import type { TeamState, TicketMessage, TicketState } from '../teamlog/state';
import type { TicketAccount } from './sources';

/** Presence older than this is stale: the client that sent it may have gone without saying "left". */
export const PRESENCE_FRESH_MS = 2 * 60_000;

export function agentRef(state: TeamState, id: string): AgentRef {
  // An agent whose profile event this log has not seen yet still needs a name a person can tell apart.
  return { id, name: state.agents[id]?.profile.name ?? `Agent ${id.slice(0, 8)}` };
}

export function ticketToken(settings: TeamSettings, number: number): string {
  return `${settings.tokenPrefix}-${number}`;
}

export function ticketSummary(account: TicketAccount, state: TeamState, ticket: TicketState, pending: boolean): TicketSummary {
  const { offer } = ticket;
  return {
    accountId: account.id,
    accountKey: account.key,
    key: ticket.key,
    number: ticket.number,
    token: ticketToken(state.settings, ticket.number),
    subject: ticket.subject,
    customer: ticket.customer,
    queue: ticket.queue,
    status: ticket.status,
    assignee: ticket.assignee === null ? null : agentRef(state, ticket.assignee),
    offer: offer ? { agent: agentRef(state, offer.agent), phase: offer.phase, expiresAt: offerDueAt(offer, state.settings) } : null,
    tags: [...ticket.tags],
    disposition: ticket.disposition,
    unread: ticket.unread,
    createdAt: ticket.createdAt,
    lastActivityAt: ticket.lastActivityAt,
    messageCount: ticket.messages.length,
    pending,
  };
}

/** Why the message sits in its ticket, in words. */
export function reasonInWords(state: TeamState, message: TicketMessage, subjectOf: (key: string) => string | null): string {
  const { reason } = message;
  switch (reason.kind) {
    case 'new':
      return 'new conversation';
    case 'token':
      return `token ${reason.token}`;
    case 'reply': {
      const subject = subjectOf(reason.to);
      return subject ? `reply to "${subject}"` : 'reply to an earlier message';
    }
    case 'moved':
      return `moved by ${agentRef(state, reason.agent).name}`;
    case 'split':
      return `split out by ${agentRef(state, reason.agent).name}`;
    case 'sent':
      return reason.auto ? 'auto-reply' : `sent by ${agentRef(state, reason.agent).name}`;
  }
}

export function noteViews(state: TeamState, ticket: TicketState, seenUid: number): TicketNoteView[] {
  // A note this client wrote that the log has not confirmed has no UID of the log yet.
  return ticket.notes.map((n) => ({ id: n.id, author: agentRef(state, n.agent), at: n.at, text: n.text, pending: n.uid === 0 || n.uid > seenUid }));
}

export function activityViews(state: TeamState, activity: TicketState['activity']): TicketActivityView[] {
  return activity.map((a) => ({ at: a.at, author: agentRef(state, a.agent), summary: a.summary }));
}

/** Other agents viewing or replying now; the log keeps presence a while, the view only what is recent. */
export function presenceViews(state: TeamState, ticketKey: string, me: string, now: number): PresenceView[] {
  return (state.presence[ticketKey] ?? [])
    .filter((p) => p.agent !== me && now - p.at <= PRESENCE_FRESH_MS)
    .map((p) => ({ agent: agentRef(state, p.agent), mode: p.mode, at: p.at }));
}

/** What this agent may do with the ticket now; the reason names the first thing that is not possible. */
export function permissions(state: TeamState, ticket: TicketState, me: string): TicketDetail['can'] {
  const closed = ticket.status === 'closed';
  const offeredToMe = ticket.offer?.agent === me && ticket.offer.phase === 'agent';
  const can = {
    take: !closed && ticket.assignee !== me,
    accept: offeredToMe,
    transfer: !closed && state.settings.allowTransfers,
    close: !closed,
  };
  const reasons = [
    closed ? 'The ticket is closed: reopen it first.' : '',
    !state.settings.allowTransfers ? 'Transfers are turned off for this account.' : '',
    ticket.assignee === me ? 'You already have this ticket.' : '',
  ].filter(Boolean);
  return { ...can, reason: reasons[0] ?? '' };
}

/** May this agent see the account's tickets? Empty lists mean everyone. These are working rules, not a security boundary. */
export function mayView(state: TeamState, me: string): boolean {
  const { members, visibleOnlyFor } = state.settings;
  return (members.length === 0 || members.includes(me)) && (visibleOnlyFor.length === 0 || visibleOnlyFor.includes(me));
}
