/**
 * One ticket as the list's queries read it: the ticket, its account and state, and the
 * text a filter compares, lowercased when the account is indexed and kept across changes
 * of the account's log for as long as the ticket's own values stay the same (a change
 * lowercases only the tickets it touched), so a filter over 100,000 tickets is plain
 * comparisons. Pure.
 */
import type { TeamState, TicketState } from '../../../src-main/services/teamlog/state';
import type { TicketAccount } from '../../../src-main/services/tickets/sources';
import { notesText, textOf, textsOf } from '../../../src-main/services/tickets/ticket-list-row';
import { agentRef } from '../../../src-main/services/tickets/ticket-views';

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
  /** The internal notes' text, lowercased: full-text search reads it. */
  notes: string | undefined;
  /**
   * What the texts and the sort keys were made from: the values of the row's ticket that
   * can change. The reducer mutates tickets in place, so a change is found by comparing
   * these (sameInputs), not by the ticket's identity. A ticket's key, number, subject,
   * customer and creation date never change once it is opened (reducer.ts openTicket): the
   * same ticket object is enough for those. Arrays the reducer replaces (tags) compare by
   * identity; those it appends to (notes, messages) by identity and length. Members of
   * the row, not a tuple or an object of their own: at 100,000 rows those cost 5 and 25 MB.
   */
  fromPrefix: string;
  fromQueue: string;
  fromAssignee: string | null;
  fromAssigneeName: string;
  fromTags: readonly string[];
  fromDisposition: string | null;
  fromNotes: readonly unknown[];
  fromNoteCount: number;
  fromStatus: TicketState['status'];
  fromUnread: boolean;
  fromLastActivityAt: number;
  fromMessageCount: number;
}

const assigneeName = (state: TeamState, ticket: TicketState) => (ticket.assignee === null ? '' : agentRef(state, ticket.assignee).name);

/** Compared in place: this runs for every row at every change of the log. */
function sameInputs(row: IndexedTicket, state: TeamState, ticket: TicketState): boolean {
  return (
    row.ticket === ticket &&
    row.fromQueue === ticket.queue &&
    row.fromAssignee === ticket.assignee &&
    row.fromTags === ticket.tags &&
    row.fromDisposition === ticket.disposition &&
    row.fromNotes === ticket.notes &&
    row.fromNoteCount === ticket.notes.length &&
    row.fromStatus === ticket.status &&
    row.fromUnread === ticket.unread &&
    row.fromLastActivityAt === ticket.lastActivityAt &&
    row.fromMessageCount === ticket.messages.length &&
    row.fromPrefix === state.settings.tokenPrefix &&
    row.fromAssigneeName === assigneeName(state, ticket)
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
    notes: undefined,
    fromPrefix: state.settings.tokenPrefix,
    fromQueue: ticket.queue,
    fromAssignee: ticket.assignee,
    fromAssigneeName: assigneeName(state, ticket),
    fromTags: ticket.tags,
    fromDisposition: ticket.disposition,
    fromNotes: ticket.notes,
    fromNoteCount: ticket.notes.length,
    fromStatus: ticket.status,
    fromUnread: ticket.unread,
    fromLastActivityAt: ticket.lastActivityAt,
    fromMessageCount: ticket.messages.length,
  };
}

/** One copy of each equal text across the rows indexed together (see prepared; teamlog/string-sharing.ts). */
export type ShareText = (text: string) => string;

/**
 * The ticket's row after a change of its account's log: the previous row, pointed at the
 * new state, when the ticket's values are the same (changed: false), else a new row.
 */
export function reusedRow(previous: IndexedTicket | undefined, account: TicketAccount, state: TeamState, ticket: TicketState, share: ShareText): { row: IndexedTicket; changed: boolean } {
  if (previous && sameInputs(previous, state, ticket)) {
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
  notesOf(row);
  return row;
}

const SHARED_TEXT_FIELDS = ['customer', 'queue', 'assignee', 'tag', 'disposition'] as const satisfies readonly TextField[];

const lower = (value: string) => value.toLowerCase();

/** The account's key and name: the same for all its tickets. */
const accountTexts = new WeakMap<TicketAccount, string>();

const STATUS_TEXT: Record<TicketState['status'], string> = { open: '\nopen\n', pending: '\npending\n', closed: '\nclosed\n' };

/** The field's values (see IndexedTicket). */
export function fieldText(row: IndexedTicket, field: TextField): string {
  const { ticket } = row;
  switch (field) {
    case 'subject':
      return (row.subject ??= textOf(ticket.subject));
    case 'customer':
      return (row.customer ??= textsOf([ticket.customer?.name, ticket.customer?.address]));
    case 'queue':
      return (row.queue ??= textOf(ticket.queue));
    case 'assignee':
      return (row.assignee ??= ticket.assignee === null ? '' : textsOf([agentRef(row.state, ticket.assignee).name, ticket.assignee]));
    case 'tag':
      return (row.tag ??= ticket.tags.length === 0 ? '' : textsOf(ticket.tags));
    case 'disposition':
      return (row.disposition ??= textOf(ticket.disposition));
    case 'account': {
      let text = accountTexts.get(row.account);
      if (text === undefined) accountTexts.set(row.account, (text = textsOf([row.account.key, row.account.name])));
      return text;
    }
    case 'status':
      return STATUS_TEXT[ticket.status];
  }
}

const lowerPrefixes = new WeakMap<TeamState['settings'], string>();

function lowerPrefix(row: IndexedTicket): string {
  const { settings } = row.state;
  let prefix = lowerPrefixes.get(settings);
  if (prefix === undefined) lowerPrefixes.set(settings, (prefix = lower(settings.tokenPrefix)));
  return prefix;
}

/**
 * What the list's text box searches: a test of whether the word (no spaces: searchWords)
 * is in a ticket's number ("#1042"), token ("mr-1042"), subject, customer or tags. Read
 * from the field texts the row holds anyway, not from one more lowercased copy of them all.
 */
export function wordTest(word: string): (row: IndexedTicket) => boolean {
  const inTexts = (row: IndexedTicket) => fieldText(row, 'subject').includes(word) || fieldText(row, 'customer').includes(word) || fieldText(row, 'tag').includes(word);
  // Only a word with a digit, "#" or "-" can reach past the token's prefix.
  if (!/[\d#-]/.test(word)) return (row) => inTexts(row) || lowerPrefix(row).includes(word);
  // "#1042" or "1042", the usual searches for a number: compared as numbers, no text per row.
  const digits = /^(#?)(\d{1,15})$/.exec(word);
  if (digits) {
    const [, hash, text] = digits as unknown as [string, string, string];
    const inNumber = hash ? numberStartsWith(text) : numberHolds(text);
    // The prefix is letters and digits (TeamSettingsSchema): "#" occurs only before the number.
    return (row) => inTexts(row) || inNumber(row.ticket.number) || (!hash && lowerPrefix(row).includes(text));
  }
  return (row) => {
    if (inTexts(row)) return true;
    // Made per search, not kept: 100,000 of them were 3 MB.
    const { number } = row.ticket;
    return `#${number} ${lowerPrefix(row)}-${number}`.includes(word);
  };
}

const POWERS_OF_TEN = Array.from({ length: 17 }, (_, i) => 10 ** i);

/** How many decimal digits a ticket number (a positive safe integer) has. */
function digitCount(n: number): number {
  let count = 1;
  while (count < POWERS_OF_TEN.length - 1 && n >= POWERS_OF_TEN[count]!) count += 1;
  return count;
}

/** Whether a number's decimal text starts with these digits, e.g. "#104" finds 1042. */
export function numberStartsWith(digits: string): (n: number) => boolean {
  const value = Number(digits);
  const width = digits.length;
  // A number's text never starts with 0.
  if (digits.startsWith('0')) return () => false;
  return (n) => {
    const count = digitCount(n);
    return count >= width && Math.floor(n / POWERS_OF_TEN[count - width]!) === value;
  };
}

/** Whether a number's decimal text holds these digits anywhere, e.g. "042" finds 1042: each window of that many digits, compared as a number. */
export function numberHolds(digits: string): (n: number) => boolean {
  const value = Number(digits);
  const width = digits.length;
  const modulus = POWERS_OF_TEN[width]!;
  return (n) => {
    const count = digitCount(n);
    for (let shift = 0; shift <= count - width; shift += 1) if (Math.floor(n / POWERS_OF_TEN[shift]!) % modulus === value) return true;
    return false;
  };
}

export function notesOf(row: IndexedTicket): string {
  row.notes ??= notesText(row.ticket);
  return row.notes;
}
