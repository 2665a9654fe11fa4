/**
 * One ticket as the list's queries read it: the ticket, its account and state, and the
 * text a filter compares, lowercased when the account is indexed and kept across changes
 * of the account's log for as long as the ticket's own values stay the same (a change
 * lowercases only the tickets it touched), so a filter over 100,000 tickets is plain
 * comparisons. Pure.
 */
import type { TeamState, TicketState } from '../teamlog/state';
import type { TicketAccount } from './sources';
import { agentRef, ticketToken } from './ticket-views';

/** The fields a text condition tests. */
export type TextField = 'subject' | 'customer' | 'account' | 'queue' | 'assignee' | 'tag' | 'disposition' | 'status';

/**
 * Per field, its values lowercased, each between newlines ("\nzoe\nzoe@shop.example\n"),
 * or "" when it has none: one string per field and ticket, and "is" is a search for
 * "\nvalue\n" (condition values never hold a newline: they are trimmed single lines).
 */
export interface IndexedTicket {
  account: TicketAccount;
  state: TeamState;
  ticket: TicketState;
  subject: string | undefined;
  customer: string | undefined;
  queue: string | undefined;
  assignee: string | undefined;
  tag: string | undefined;
  disposition: string | undefined;
  /** Number, token, subject, customer and tags, lowercased: what the list's text box searches. */
  haystack: string | undefined;
  /** The internal notes' text, lowercased: full-text search reads it. */
  notes: string | undefined;
  /** What the texts and the sort keys were made from (sameInputs). */
  inputs: RowInputs;
}

/**
 * A ticket's values the row's texts and the list's sort keys read. The reducer mutates
 * tickets in place, so a change is found by comparing these, not by object identity.
 */
interface RowInputs {
  prefix: string;
  number: number;
  subject: string;
  customerName: string | undefined;
  customerAddress: string | undefined;
  queue: string;
  assignee: string | null;
  assigneeName: string;
  tags: string[];
  disposition: string | null;
  notes: unknown[];
  noteCount: number;
  status: TicketState['status'];
  unread: boolean;
  createdAt: number;
  lastActivityAt: number;
  messageCount: number;
}

function inputsOf(state: TeamState, ticket: TicketState): RowInputs {
  return {
    prefix: state.settings.tokenPrefix,
    number: ticket.number,
    subject: ticket.subject,
    customerName: ticket.customer?.name,
    customerAddress: ticket.customer?.address,
    queue: ticket.queue,
    assignee: ticket.assignee,
    assigneeName: ticket.assignee === null ? '' : agentRef(state, ticket.assignee).name,
    // A copy: tags are pushed in place.
    tags: [...ticket.tags],
    disposition: ticket.disposition,
    notes: ticket.notes,
    noteCount: ticket.notes.length,
    status: ticket.status,
    unread: ticket.unread,
    createdAt: ticket.createdAt,
    lastActivityAt: ticket.lastActivityAt,
    messageCount: ticket.messages.length,
  };
}

function sameInputs(a: RowInputs, state: TeamState, ticket: TicketState): boolean {
  return (
    a.number === ticket.number &&
    a.subject === ticket.subject &&
    a.customerName === ticket.customer?.name &&
    a.customerAddress === ticket.customer?.address &&
    a.queue === ticket.queue &&
    a.assignee === ticket.assignee &&
    a.disposition === ticket.disposition &&
    a.notes === ticket.notes &&
    a.noteCount === ticket.notes.length &&
    a.status === ticket.status &&
    a.unread === ticket.unread &&
    a.createdAt === ticket.createdAt &&
    a.lastActivityAt === ticket.lastActivityAt &&
    a.messageCount === ticket.messages.length &&
    a.tags.length === ticket.tags.length &&
    a.tags.every((tag, i) => tag === ticket.tags[i]) &&
    a.prefix === state.settings.tokenPrefix &&
    a.assigneeName === (ticket.assignee === null ? '' : agentRef(state, ticket.assignee).name)
  );
}

/** Every member set from the start: rows of one shape keep the 100,000-row loops monomorphic. */
export function indexedTicket(account: TicketAccount, state: TeamState, ticket: TicketState): IndexedTicket {
  return {
    account,
    state,
    ticket,
    subject: undefined,
    customer: undefined,
    queue: undefined,
    assignee: undefined,
    tag: undefined,
    disposition: undefined,
    haystack: undefined,
    notes: undefined,
    inputs: inputsOf(state, ticket),
  };
}

/** One copy of each equal text across the rows indexed together (see prepared; teamlog/string-sharing.ts). */
export type ShareText = (text: string) => string;

/**
 * The ticket's row after a change of its account's log: the previous row, pointed at the
 * new state, when the ticket's values are the same (changed: false), else a new row.
 */
export function reusedRow(previous: IndexedTicket | undefined, account: TicketAccount, state: TeamState, ticket: TicketState, share: ShareText): { row: IndexedTicket; changed: boolean } {
  if (previous && sameInputs(previous.inputs, state, ticket)) {
    previous.account = account;
    previous.state = state;
    previous.ticket = ticket;
    return { row: previous, changed: false };
  }
  return { row: prepared(indexedTicket(account, state, ticket), share), changed: true };
}

/**
 * Lowercases every text of the row now, so no query pays for it the first time it asks.
 * Customers, queues, agents, tags and dispositions repeat across tickets: their texts are
 * shared (about 16 MB at 100,000 tickets).
 */
function prepared(row: IndexedTicket, share: ShareText): IndexedTicket {
  fieldText(row, 'subject');
  for (const field of SHARED_TEXT_FIELDS) row[field] = share(fieldText(row, field));
  haystackOf(row);
  notesOf(row);
  return row;
}

const SHARED_TEXT_FIELDS = ['customer', 'queue', 'assignee', 'tag', 'disposition'] as const satisfies readonly TextField[];

const lower = (value: string) => value.toLowerCase();

/** One value between newlines, or "" for none. */
const one = (value: string | null | undefined) => (value ? `\n${lower(value)}\n` : '');

function many(values: (string | null | undefined)[]): string {
  let text = '';
  for (const v of values) if (v) text += `\n${v}`;
  return text ? `${lower(text)}\n` : '';
}

export function assigneeName(row: IndexedTicket): string {
  return row.ticket.assignee === null ? '' : agentRef(row.state, row.ticket.assignee).name;
}

/** The account's key and name: the same for all its tickets. */
const accountTexts = new WeakMap<TicketAccount, string>();

const STATUS_TEXT: Record<TicketState['status'], string> = { open: '\nopen\n', pending: '\npending\n', closed: '\nclosed\n' };

/** The field's values (see IndexedTicket). */
export function fieldText(row: IndexedTicket, field: TextField): string {
  const { ticket } = row;
  switch (field) {
    case 'subject':
      return (row.subject ??= one(ticket.subject));
    case 'customer':
      return (row.customer ??= many([ticket.customer?.name, ticket.customer?.address]));
    case 'queue':
      return (row.queue ??= one(ticket.queue));
    case 'assignee':
      return (row.assignee ??= ticket.assignee === null ? '' : many([assigneeName(row), ticket.assignee]));
    case 'tag':
      return (row.tag ??= ticket.tags.length === 0 ? '' : many(ticket.tags));
    case 'disposition':
      return (row.disposition ??= one(ticket.disposition));
    case 'account': {
      let text = accountTexts.get(row.account);
      if (text === undefined) accountTexts.set(row.account, (text = many([row.account.key, row.account.name])));
      return text;
    }
    case 'status':
      return STATUS_TEXT[ticket.status];
  }
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
