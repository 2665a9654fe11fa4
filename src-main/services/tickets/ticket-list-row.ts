/**
 * A listed ticket's values as team_ticket_list keeps them (store/ticket-list-query.ts): what
 * the list's quick filters compare and its sorts order by, the texts lowercased between
 * newlines (the "Subject is" condition finds "\nvalue\n"). Merged and deleted
 * tickets are not listed. Pure.
 */
import type { TicketState } from '../teamlog/state';

export interface TicketListRow {
  key: string;
  number: number;
  /** open 0, pending 1, closed 2: the status sort's order. */
  status: number;
  queue: string;
  assignee: string | null;
  /** The agent an offer names, in either phase ("mine" counts it). */
  offeredTo: string | null;
  /** The offer's phase: while it is 'agent', the ticket waits for that agent alone (the unread count). */
  offerPhase: 'agent' | 'queue' | null;
  unread: boolean;
  createdAt: number;
  lastActivityAt: number;
  messages: number;
  /** Lowercased, "" for none: the contact view's filter, and the contacts. */
  customerAddress: string;
  /** As the customer wrote it, "" for none: the contact's name. */
  customerName: string;
  /** The tags as they are, each between newlines: the tag filter finds "\ntag\n". */
  tags: string;
  subjectText: string;
  queueText: string;
  customerText: string;
  tagText: string;
  dispositionText: string;
  /** The internal notes' text, lowercased: full-text words search it. */
  notesText: string;
}

export const STATUS_ORDER: Record<TicketState['status'], number> = { open: 0, pending: 1, closed: 2 };

/** The ticket's list row, or null when the list leaves it out. */
export function ticketListRow(ticket: TicketState): TicketListRow | null {
  if (ticket.mergedInto !== null || ticket.deleted !== null) return null;
  return {
    key: ticket.key,
    number: ticket.number,
    status: STATUS_ORDER[ticket.status],
    queue: ticket.queue,
    assignee: ticket.assignee,
    offeredTo: ticket.offer?.agent ?? null,
    offerPhase: ticket.offer?.phase ?? null,
    unread: ticket.unread,
    createdAt: ticket.createdAt,
    lastActivityAt: ticket.lastActivityAt,
    messages: ticket.messages.length,
    customerAddress: ticket.customer?.address.toLowerCase() ?? '',
    customerName: ticket.customer?.name ?? '',
    tags: ticket.tags.length === 0 ? '' : `\n${ticket.tags.join('\n')}\n`,
    subjectText: textOf(ticket.subject),
    queueText: textOf(ticket.queue),
    customerText: textsOf([ticket.customer?.name, ticket.customer?.address]),
    tagText: ticket.tags.length === 0 ? '' : textsOf(ticket.tags),
    dispositionText: textOf(ticket.disposition),
    notesText: notesText(ticket),
  };
}

const lower = (value: string) => value.toLowerCase();

/** One value between newlines, or "" for none. Lowercasing the whole text makes it one flat string, not a rope of three. */
export const textOf = (value: string | null | undefined) => (value ? lower(`\n${value}\n`) : '');

/** The values between newlines, lowercased, or "" for none. */
export function textsOf(values: readonly (string | null | undefined)[]): string {
  let text = '';
  for (const v of values) if (v) text += `\n${v}`;
  return text ? lower(`${text}\n`) : '';
}


/** The ticket's internal notes as one lowercased text, "" for none. */
export function notesText(ticket: TicketState): string {
  return ticket.notes.length === 0 ? '' : lower(ticket.notes.map((n) => n.text).join('\n'));
}
