/**
 * The interactions filter as one predicate over indexed tickets: the quick filters (scope,
 * status, queue, agent, tag, account, customer, date range, read/unread), the text box
 * (with fullText also the messages' text and the notes) and the advanced search's rows
 * (disabled rows ignored, matched all or any). Everything that does not depend on the
 * ticket (lowercased values, day boundaries in the time zone, the full-text hits) is
 * worked out once per query, so the per-ticket test is comparisons only. Pure.
 *
 * The app's list filtered this way in memory until the list moved to SQL
 * (store/ticket-list-query.ts); kept as the model the SQL is checked against.
 */
import type { Condition, ConditionField } from '../../../src-preload/contract/interactions';
import type { TicketStatus } from '../../../src-preload/contract/team';
import type { TicketFilter } from '../../../src-preload/contract/tickets';
import { addDays, checkTimeZone, dayStart } from '../../../src-main/services/tickets/days';
import { dateRangeSpan, searchWords } from '../../../src-main/services/tickets/filter-terms';
import { fieldText, wordTest, type IndexedTicket, type TextField } from './ticket-rows';

/** A test of the row at this position of the table (ticket-query.ts TicketTable): full-text words mark positions. */
export type RowTest = (row: IndexedTicket, at: number) => boolean;

/**
 * The rows whose cached messages (the full-text index) or notes hold the word, as a mark
 * (1) per table position; "anywhere" adds the rows whose number, subject, customer or tags
 * hold it (wordTest). A byte per row, not a Set of rows: the table keeps recent words, and
 * a Set of 20,000 rows took 1.3 MB.
 */
export type RowsWithText = (word: string, where: 'messages' | 'anywhere') => Uint8Array;

export interface MatchContext {
  /** This agent's id ("mine"). */
  me: string;
  /** Now, for the date presets. */
  now: number;
  rowsWithText: RowsWithText;
}

function enabledConditions(filter: TicketFilter): Condition[] {
  return filter.conditions.filter((c) => c.enabled);
}

/** True when the word is in the ticket's messages (the index) or its notes. */
function inMessagesOrNotes(word: string, ctx: MatchContext): RowTest {
  const marks = ctx.rowsWithText(word, 'messages');
  return (_row, at) => marks[at] === 1;
}

function textRowTest(filter: TicketFilter, ctx: MatchContext): RowTest | null {
  const words = searchWords(filter.text);
  if (words.length === 0) return null;
  if (!filter.fullText) {
    const tests = words.map(wordTest);
    return (row) => {
      for (const holds of tests) if (!holds(row)) return false;
      return true;
    };
  }
  const anywhere = words.map((w) => ctx.rowsWithText(w, 'anywhere'));
  // A loop, not every(): no closure per row over 100,000 rows.
  return (_row, at) => {
    for (const marks of anywhere) if (marks[at] !== 1) return false;
    return true;
  };
}

const TEXT_FIELDS: Record<TextField, true> = { subject: true, customer: true, account: true, queue: true, assignee: true, tag: true, disposition: true, status: true };

function isTextField(field: ConditionField): field is TextField {
  return Object.hasOwn(TEXT_FIELDS, field);
}

/** On the field's values between newlines (ticket-rows.ts): "is" finds "\nvalue\n", "starts with" "\nvalue". */
function textCondition(field: TextField, op: Condition['op'], value: string): RowTest {
  const whole = `\n${value}\n`;
  const start = `\n${value}`;
  const of = (row: IndexedTicket) => fieldText(row, field);
  switch (op) {
    case 'contains':
      return (row) => of(row).includes(value);
    case 'is':
      return (row) => of(row).includes(whole);
    case 'isNot':
      return (row) => !of(row).includes(whole);
    case 'startsWith':
      return (row) => of(row).includes(start);
    case 'isEmpty':
      return (row) => of(row) === '';
    default:
      return () => false;
  }
}

function countCondition(of: (row: IndexedTicket) => number, op: Condition['op'], value: number): RowTest {
  switch (op) {
    case 'is':
      return (row) => of(row) === value;
    case 'isNot':
      return (row) => of(row) !== value;
    case 'before':
      return (row) => of(row) < value;
    case 'after':
      return (row) => of(row) > value;
    default:
      return () => false;
  }
}

/** A day compared in the time zone: "is" that day, "before" its start, "after" its end. */
function dayCondition(of: (row: IndexedTicket) => number, op: Condition['op'], day: string, zone: string): RowTest {
  const start = dayStart(day, zone);
  const end = dayStart(addDays(day, 1), zone);
  switch (op) {
    case 'is':
      return (row) => of(row) >= start && of(row) < end;
    case 'before':
      return (row) => of(row) < start;
    case 'after':
      return (row) => of(row) >= end;
    default:
      return () => false;
  }
}

/** One advanced-search row as a test (ConditionSchema has checked the operator and value). */
export function conditionTest(c: Condition, zone: string, ctx: MatchContext): RowTest {
  // One line: field values are kept between newlines.
  const value = c.value.trim().toLowerCase().replace(/\s+/g, ' ');
  if (isTextField(c.field)) return textCondition(c.field, c.op, value);
  switch (c.field) {
    case 'number':
      return countCondition((row) => row.ticket.number, c.op, Number(value));
    case 'messages':
      return countCondition((row) => row.ticket.messages.length, c.op, Number(value));
    case 'created':
      return dayCondition((row) => row.ticket.createdAt, c.op, value, zone);
    case 'lastActivity':
      return dayCondition((row) => row.ticket.lastActivityAt, c.op, value, zone);
    case 'text': {
      const words = searchWords(value).map((w) => inMessagesOrNotes(w, ctx));
      return (row, at) => {
        for (const test of words) if (!test(row, at)) return false;
        return true;
      };
    }
  }
}

function conditionsTest(filter: TicketFilter, ctx: MatchContext): RowTest | null {
  const tests = enabledConditions(filter).map((c) => conditionTest(c, filter.timeZone, ctx));
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0]!;
  if (filter.match === 'all') {
    return (row, at) => {
      for (const test of tests) if (!test(row, at)) return false;
      return true;
    };
  }
  return (row, at) => {
    for (const test of tests) if (test(row, at)) return true;
    return false;
  };
}

/** The filter as one test (null: every ticket passes); only the parts the filter uses are checked per ticket. */
export function compileFilter(filter: TicketFilter, ctx: MatchContext): RowTest | null {
  checkTimeZone(filter.timeZone);
  const { me } = ctx;
  const tests: RowTest[] = [];
  if (filter.scope === 'mine') tests.push((row) => row.ticket.assignee === me || row.ticket.offer?.agent === me);
  if (filter.scope === 'unassigned') tests.push((row) => row.ticket.assignee === null);
  if (filter.status.length > 0) {
    const statuses = new Set<TicketStatus>(filter.status);
    tests.push((row) => statuses.has(row.ticket.status));
  }
  if (filter.queue) tests.push((row) => row.ticket.queue === filter.queue);
  if (filter.agent) tests.push((row) => row.ticket.assignee === filter.agent);
  if (filter.tag) tests.push((row) => row.ticket.tags.includes(filter.tag));
  if (filter.accountId) tests.push((row) => row.account.id === filter.accountId);
  const customer = filter.customer.trim().toLowerCase();
  if (customer) tests.push((row) => row.ticket.customer?.address.toLowerCase() === customer);
  if (filter.read !== 'any') {
    const unread = filter.read === 'unread';
    tests.push((row) => row.ticket.unread === unread);
  }
  const span = dateRangeSpan(filter, ctx.now);
  if (span) tests.push((row) => row.ticket.createdAt >= span.from && row.ticket.createdAt < span.to);
  const text = textRowTest(filter, ctx);
  if (text) tests.push(text);
  const conditions = conditionsTest(filter, ctx);
  if (conditions) tests.push(conditions);
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0]!;
  return (row, at) => {
    for (const test of tests) if (!test(row, at)) return false;
    return true;
  };
}
