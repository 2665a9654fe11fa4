/**
 * An agent's ticket action → the team log event that records it, checked first against
 * what this client knows, so a plain mistake (closing without the mandatory disposition,
 * a transfer while transfers are off, an unknown queue) is refused in words before it is
 * logged. What another client did meanwhile is settled by the reducer (earlier UID wins).
 */
import type { TicketAction } from '../../../src-preload/contract/tickets';
import { appError } from '../errors/app-error';
import type { EventPayload } from '../teamlog/events';
import type { TeamState, TicketState } from '../teamlog/state';
import { agentRef } from './ticket-views';

const notAllowed = (cause: string, fix: string) => appError('tickets/not-allowed', cause, fix);

export function ticketNotFound(ref: string): Error {
  return appError('tickets/not-found', `There is no ticket "${ref}" in this account.`, 'Pick the ticket from the list again; it may have been merged or the account removed.');
}

/** A ticket by key, "#1042", "1042" or its token ("MR-1042"). */
export function findTicket(state: TeamState, ref: string): TicketState | null {
  const byKey = state.tickets.get(ref);
  if (byKey) return byKey;
  const number = /^(?:#|[A-Za-z][A-Za-z0-9]*-)?(\d+)$/.exec(ref.trim())?.[1];
  const key = number === undefined ? undefined : state.tickets.keyOfNumber(Number(number));
  return key === undefined ? null : (state.tickets.get(key) ?? null);
}

/** The ticket an action may work on: it exists and was neither merged away nor deleted. */
export function workableTicket(state: TeamState, ref: string): TicketState {
  const ticket = findTicket(state, ref);
  if (!ticket) throw ticketNotFound(ref);
  if (ticket.deleted) {
    throw appError('tickets/not-found', `Ticket #${ticket.number} was deleted by ${agentRef(state, ticket.deleted.agent).name}.`, 'Pick another ticket from the list; deleted tickets are gone for the whole team.');
  }
  const into = ticket.mergedInto === null ? null : state.tickets.get(ticket.mergedInto);
  if (into) throw notAllowed(`Ticket #${ticket.number} was merged into #${into.number}.`, `Open #${into.number} and work there.`);
  return ticket;
}

export interface ActionContext {
  /** The account's state as this client sees it (pending actions included). */
  state: TeamState;
  me: string;
  /** Queues of every account this agent sees: a transfer may go to another account's queue. */
  teamQueues: ReadonlySet<string>;
}

function requireOpen(ticket: TicketState, what: string): void {
  if (ticket.status === 'closed') throw notAllowed(`Ticket #${ticket.number} is closed, so it cannot be ${what}.`, 'Set it to open first.');
}

function requireOffer(ticket: TicketState, me: string): number {
  if (ticket.offer?.agent !== me || ticket.offer.phase !== 'agent') {
    throw notAllowed(`Ticket #${ticket.number} is not offered to you (any more).`, 'Take it from the queue if it is still free.');
  }
  return ticket.offer.seq;
}

function requireDisposition(state: TeamState, disposition: string): void {
  const { dispositions } = state.settings;
  if (dispositions.length > 0 && !dispositions.includes(disposition)) {
    throw notAllowed(`"${disposition}" is not one of this account's dispositions.`, `Choose one of: ${dispositions.join(', ')}.`);
  }
}

function requireMessage(ticket: TicketState, message: string): void {
  if (!ticket.messages.some((m) => m.key === message)) {
    throw notAllowed(`That message is not in ticket #${ticket.number} (any more).`, 'Reopen the ticket to see where its messages are now.');
  }
}

/** The event for the action, or a refusal (AppError tickets/not-allowed or tickets/not-found) in plain words. */
export function actionPayload(ctx: ActionContext, ticket: TicketState, action: TicketAction): EventPayload {
  const { state, me } = ctx;
  const key = ticket.key;
  switch (action.type) {
    case 'take':
      requireOpen(ticket, 'taken');
      if (ticket.assignee === me) throw notAllowed(`You already have ticket #${ticket.number}.`, 'Nothing to do: it is in "Mine".');
      return { type: 'ticket.take', ticket: key };
    case 'release':
      if (ticket.assignee !== me) {
        const holder = ticket.assignee === null ? 'nobody' : agentRef(state, ticket.assignee).name;
        throw notAllowed(`Only the agent who has ticket #${ticket.number} can release it; ${holder} has it.`, 'Take it first, or ask them to release or transfer it.');
      }
      return { type: 'ticket.release', ticket: key };
    case 'accept':
      return { type: 'ticket.accept', ticket: key, offer: requireOffer(ticket, me) };
    case 'decline':
      return { type: 'ticket.decline', ticket: key, offer: requireOffer(ticket, me) };
    case 'transfer': {
      if (!state.settings.allowTransfers) {
        throw notAllowed('Transfers are turned off for this account.', 'Ask an admin to allow them in Settings → Team, or release the ticket to its queue.');
      }
      requireOpen(ticket, 'transferred');
      const to = action.to;
      if (to.kind === 'agent') {
        if (to.agent === me) throw notAllowed('You cannot transfer a ticket to yourself.', 'Take it instead.');
        if (!state.agents[to.agent]) throw notAllowed('That agent is not known in this account.', 'Pick an agent from the list; new agents appear once their app has connected to the account.');
      } else if (!ctx.teamQueues.has(to.queue)) {
        throw notAllowed(`There is no queue named "${to.queue}".`, 'Pick a queue from the list, or create it in Settings → Team.');
      }
      return { type: 'ticket.transfer', ticket: key, to };
    }
    case 'status': {
      if (action.status === ticket.status) throw notAllowed(`Ticket #${ticket.number} is already ${ticket.status}.`, 'Choose another status.');
      if (action.disposition) requireDisposition(state, action.disposition);
      if (action.status === 'closed' && state.settings.mandatoryDisposition && !action.disposition && !ticket.disposition) {
        const choices = state.settings.dispositions.length > 0 ? ` (${state.settings.dispositions.join(', ')})` : '';
        throw notAllowed('This account needs a disposition before a ticket is closed.', `Choose a disposition${choices}, then close the ticket.`);
      }
      return action.disposition
        ? { type: 'ticket.status', ticket: key, status: action.status, disposition: action.disposition }
        : { type: 'ticket.status', ticket: key, status: action.status };
    }
    case 'disposition':
      requireDisposition(state, action.disposition);
      return { type: 'ticket.disposition', ticket: key, disposition: action.disposition };
    case 'tags':
      if (action.add.length === 0 && action.remove.length === 0) throw notAllowed('No tag to add or remove was given.', 'Type a tag, or pick one to remove.');
      return { type: 'ticket.tags', ticket: key, add: action.add, remove: action.remove };
    case 'note':
      return { type: 'ticket.note', ticket: key, text: action.text };
    case 'read':
      return { type: 'ticket.read', ticket: key };
    case 'merge': {
      const into = workableTicket(state, action.into);
      if (into.key === key) throw notAllowed('A ticket cannot be merged into itself.', 'Choose another ticket to merge into.');
      return { type: 'ticket.merge', from: key, into: into.key };
    }
    case 'moveMessage': {
      requireMessage(ticket, action.message);
      const to = workableTicket(state, action.to);
      if (to.key === key) throw notAllowed(`The message is already in ticket #${ticket.number}.`, 'Choose another ticket to move it to.');
      return { type: 'message.move', message: action.message, to: to.key };
    }
    case 'splitMessage':
      requireMessage(ticket, action.message);
      if (ticket.messages.length < 2) throw notAllowed(`It is the only message of ticket #${ticket.number}: there is nothing to split it from.`, 'Split a ticket with two or more messages.');
      return { type: 'message.split', message: action.message };
  }
}
