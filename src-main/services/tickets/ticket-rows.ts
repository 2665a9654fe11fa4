/**
 * One ticket as the list's queries read it: the ticket, its account and state, and its
 * text lowercased ahead (made the first time a query needs it, kept until the account's
 * index is rebuilt after a change), so a filter over 100,000 tickets is plain comparisons.
 * Pure.
 */
import type { TeamState, TicketState } from '../teamlog/state';
import type { TicketAccount } from './sources';
import { agentRef, ticketToken } from './ticket-views';

/** The fields a text condition tests. */
export type TextField = 'subject' | 'customer' | 'account' | 'queue' | 'assignee' | 'tag' | 'disposition' | 'status';

/**
 * A field's values, lowercased, each between newlines ("\nzoe\nzoe@shop.example\n"), or
 * "" when it has none: one string per field and ticket, and "is" is a search for
 * "\nvalue\n" (values never hold a newline: conditions are trimmed single lines).
 */
export type FieldText = Record<TextField, string>;

/** What the list sorts by, where it is text. */
export interface SortText {
  customer: string;
  subject: string;
  assignee: string;
  tags: string;
  disposition: string;
}

export interface IndexedTicket {
  account: TicketAccount;
  state: TeamState;
  ticket: TicketState;
  fields: FieldText | undefined;
  sortText: SortText | undefined;
  /** Number, token, subject, customer and tags, lowercased: what the list's text box searches. */
  haystack: string | undefined;
  /** The internal notes' text, lowercased: full-text search reads it. */
  notes: string | undefined;
}

/** Every member set from the start: rows of one shape keep the 100,000-row loops monomorphic. */
export function indexedTicket(account: TicketAccount, state: TeamState, ticket: TicketState): IndexedTicket {
  return { account, state, ticket, fields: undefined, sortText: undefined, haystack: undefined, notes: undefined };
}

const lower = (value: string) => value.toLowerCase();

function valuesText(...values: (string | null | undefined)[]): string {
  let text = '';
  for (const v of values) if (v) text += `\n${v}`;
  return text ? `${text.toLowerCase()}\n` : '';
}

function assigneeName(row: IndexedTicket): string {
  return row.ticket.assignee === null ? '' : agentRef(row.state, row.ticket.assignee).name;
}

export function fieldsOf(row: IndexedTicket): FieldText {
  if (row.fields) return row.fields;
  const { ticket, account } = row;
  row.fields = {
    subject: valuesText(ticket.subject),
    customer: valuesText(ticket.customer?.name, ticket.customer?.address),
    account: valuesText(account.key, account.name),
    queue: valuesText(ticket.queue),
    assignee: ticket.assignee === null ? '' : valuesText(assigneeName(row), ticket.assignee),
    tag: valuesText(...ticket.tags),
    disposition: valuesText(ticket.disposition),
    status: valuesText(ticket.status),
  };
  return row.fields;
}

export function sortTextOf(row: IndexedTicket): SortText {
  const { ticket } = row;
  row.sortText ??= {
    customer: lower(ticket.customer?.name || ticket.customer?.address || ''),
    subject: lower(ticket.subject),
    assignee: lower(assigneeName(row)),
    tags: lower(ticket.tags.join(' ')),
    disposition: lower(ticket.disposition ?? ''),
  };
  return row.sortText;
}

export function haystackOf(row: IndexedTicket): string {
  const { ticket, state } = row;
  row.haystack ??= lower(
    `#${ticket.number} ${ticketToken(state.settings, ticket.number)} ${ticket.subject} ${ticket.customer?.name ?? ''} ${ticket.customer?.address ?? ''} ${ticket.tags.join(' ')}`,
  );
  return row.haystack;
}

export function notesOf(row: IndexedTicket): string {
  row.notes ??= row.ticket.notes.length === 0 ? '' : lower(row.ticket.notes.map((n) => n.text).join('\n'));
  return row.notes;
}
