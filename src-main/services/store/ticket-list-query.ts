/**
 * The ticket list as one SQL query over team_ticket_list (tickets/ticket-list-row.ts): the
 * quick filters, the text box, the advanced search and the sorts (ties by number, then
 * account; descending is the exact reverse, so a page never shuffles between reads).
 * The rows are read through ticket-list-source.ts, with what the store does not hold yet.
 */
import type { Condition } from '../../../src-preload/contract/interactions';
import type { TicketFilter, TicketSort } from '../../../src-preload/contract/tickets';
import { addDays, checkTimeZone, dayStart } from '../tickets/days';
import { dateRangeSpan, searchWords } from '../tickets/filter-terms';
import { STATUS_ORDER } from '../tickets/ticket-list-row';
import type { Db } from './database';
import { countRows, inAccounts, listSources, type ListOverlay, type ListSources } from './ticket-list-source';

/** The assignee's text, as textsOf makes it of the agent's name and id (tickets/ticket-list-row.ts): an agent whose profile the log has not seen is "Agent" and the id's start (ticket-views.ts agentRef). */
const ASSIGNEE_TEXT =
  "CASE WHEN assignee IS NULL THEN '' ELSE coalesce((SELECT value FROM json_each(@assigneeTexts) WHERE key = account_id || char(10) || assignee), " +
  "char(10) || lower('Agent ' || substr(assignee, 1, 8)) || char(10) || lower(assignee) || char(10)) END";

/** Each sort's key as SQL: the texts sort by their first value, ties by the next. */
const SORT_KEY: Record<TicketSort, string> = {
  lastActivity: 'last_activity_at',
  created: 'created_at',
  number: 'number',
  customer: 'customer_text',
  subject: 'subject_text',
  status: 'status',
  queue: 'queue',
  tags: 'tag_text',
  disposition: 'disposition_text',
  unread: 'unread',
  messages: 'messages',
  assignee: ASSIGNEE_TEXT,
  account: '(SELECT value FROM json_each(@accountKeys) WHERE key = account_id)',
};

export interface ListQuery {
  accountIds: readonly string[];
  /** Each account's ticket token prefix (team settings' tokenPrefix): the text box finds "mr-1042". */
  tokenPrefixes: Readonly<Record<string, string>>;
  /** Each account's text for the "Account" condition (ticket-list-row.ts textsOf its key and name). */
  accountTexts: Readonly<Record<string, string>>;
  /** Each account's short key (the account sort). */
  accountKeys: Readonly<Record<string, string>>;
  /** The "Assignee" condition's text of each known agent, by account id and agent id joined by a newline. */
  assigneeTexts: Readonly<Record<string, string>>;
  /** The full-text index's hits (store/search-index.ts): per account id, the keys of the messages holding the word. */
  messagesWithText?: (word: string) => ReadonlyMap<string, readonly string[]>;
  filter: TicketFilter;
  sort: TicketSort;
  descending: boolean;
  me: string;
  now: number;
  overlays?: readonly ListOverlay[];
}

/**
 * Tickets a list found, in list order, as account and number (unique per account): a
 * whole list of a million (the CSV export) takes about 16 MB so, against some 80 MB as keys.
 */
export class ListedTickets {
  private readonly accounts: number[] = [];
  private readonly numbers: number[] = [];

  constructor(private readonly accountIds: readonly string[]) {}

  get length(): number {
    return this.numbers.length;
  }

  push(accountId: string, number: number): void {
    this.accounts.push(this.accountIds.indexOf(accountId));
    this.numbers.push(number);
  }

  at(i: number): { accountId: string; number: number } {
    return { accountId: this.accountIds[this.accounts[i]!]!, number: this.numbers[i]! };
  }
}

/**
 * A list query made ready: its overlays written and its SQL built once, for the count and
 * the tickets. It reads the temporary tables as they were written, so it is used at once.
 */
export interface ListAnswer {
  /** How many listed tickets pass the filter. */
  count(): number;
  /**
   * The listed tickets passing the filter, in list order: those of the page (SQLite keeps
   * only the best offset + limit while it scans), or all of them (the CSV export).
   */
  tickets(page: { offset: number; limit: number } | null): ListedTickets;
}

export function answerList(db: Db, q: ListQuery): ListAnswer {
  const { parts, counted, where, sortKey, way, params } = listSql(db, q);
  return {
    count: () => countRows(db, counted, where, params),
    tickets: (page) => {
      const listed = new ListedTickets(q.accountIds);
      const offset = page ? Math.max(0, Math.floor(page.offset)) : 0;
      const limit = page ? Math.max(0, Math.floor(page.limit)) : null;
      const order = (key: string) => (sortKey === 'number' ? `number ${way}, account_id ${way}` : `${key} ${way}, number ${way}, account_id ${way}`);
      const paged = (sql: string, best: number | null, skip: number) => (best === null ? sql : `${sql} LIMIT ${best} OFFSET ${skip}`);
      // One part: the page straight from it. With an overlay: each part's best rows, then the page of those.
      const sql =
        parts.length === 1
          ? paged(`SELECT account_id, number FROM ${parts[0]!.from} WHERE ${parts[0]!.where} AND ${where} ORDER BY ${order(sortKey)}`, limit, offset)
          : paged(
              `SELECT account_id, number FROM (${parts
                .map((p) => `SELECT * FROM (${paged(`SELECT account_id, number, ${sortKey} AS sort_key FROM ${p.from} WHERE ${p.where} AND ${where} ORDER BY ${order(sortKey)}`, limit === null ? null : offset + limit, 0)})`)
                .join(' UNION ALL ')}) ORDER BY ${order('sort_key')}`,
              limit,
              offset,
            );
      const rows = db.prepare(sql).raw().iterate(params);
      for (const [accountId, number] of rows as Iterable<[string, number]>) listed.push(accountId, number);
      return listed;
    },
  };
}

/** The query's pieces: the rows it reads (with the overlays written), its tests, the sort's key and direction, and their parameters. */
function listSql(db: Db, q: ListQuery): Pick<ListSources, 'parts' | 'counted'> & { where: string; sortKey: string; way: 'ASC' | 'DESC'; params: Record<string, unknown> } {
  const { filter } = q;
  checkTimeZone(filter.timeZone);
  const sources = listSources(db, q.overlays ?? []);
  const params: Record<string, unknown> = {
    me: q.me,
    accountTexts: JSON.stringify(q.accountTexts),
    accountKeys: JSON.stringify(q.accountKeys),
    assigneeTexts: JSON.stringify(q.assigneeTexts),
  };
  const where: string[] = [inAccounts(q.accountIds, params)];
  /** A test of the query, with the value it names. */
  const test = (clause: string, name?: string, value?: unknown) => {
    where.push(clause);
    if (name !== undefined) params[name] = value;
  };
  if (filter.scope === 'mine') test('(assignee = @me OR offered_to = @me)');
  if (filter.scope === 'unassigned') test('assignee IS NULL');
  if (filter.status.length > 0) test('status IN (SELECT value FROM json_each(@statuses))', 'statuses', JSON.stringify(filter.status.map((s) => STATUS_ORDER[s])));
  if (filter.queue) test('queue = @queue', 'queue', filter.queue);
  if (filter.agent) test('assignee = @agent', 'agent', filter.agent);
  if (filter.tag) test('instr(tags, char(10) || @tag || char(10)) > 0', 'tag', filter.tag);
  if (filter.accountId) test('account_id = @account', 'account', filter.accountId);
  const customer = filter.customer.trim().toLowerCase();
  if (customer) test('customer_address = @customer', 'customer', customer);
  if (filter.read !== 'any') test(filter.read === 'unread' ? 'unread = 1' : 'unread = 0');
  const span = dateRangeSpan(filter, q.now);
  if (span) {
    where.push('created_at >= @from AND created_at < @to');
    Object.assign(params, span);
  }
  // Each full-text word's hits, once per query: the text box and the advanced search's rows may ask for the same word.
  const hits = new Map<string, string>();
  const inMessages = (word: string): string => {
    let name = hits.get(word);
    if (name === undefined) {
      name = `h${hits.size}`;
      hits.set(word, name);
      params[name] = JSON.stringify([...(q.messagesWithText?.(word) ?? [])].flatMap(([account, keys]) => keys.map((key) => [account, key])));
      params[`${name}w`] = word;
    }
    return messagesClause(name, sources.placements);
  };
  const words = searchWords(filter.text);
  if (words.length > 0) {
    params.prefixes = JSON.stringify(Object.fromEntries(Object.entries(q.tokenPrefixes).map(([id, prefix]) => [id, prefix.toLowerCase()])));
    words.forEach((word, i) => {
      const inTicket = wordClause(word, `w${i}`);
      where.push(filter.fullText ? `(${inTicket} OR ${inMessages(word)})` : inTicket);
      params[`w${i}`] = word;
      params[`d${i}`] = /^#?(\d{1,15})$/.exec(word)?.[1] ?? '';
    });
  }
  const conditions = filter.conditions.filter((c) => c.enabled).map((c, i) => conditionClause(c, `c${i}`, filter.timeZone, params, inMessages));
  if (conditions.length > 0) {
    where.push(`(${conditions.join(filter.match === 'all' ? ' AND ' : ' OR ')})`);
  }
  Object.assign(params, sources.bind);
  return { parts: sources.parts, counted: sources.counted, where: where.join(' AND '), sortKey: SORT_KEY[q.sort], way: q.descending ? 'DESC' : 'ASC', params };
}

/**
 * The text box's test of one word (no spaces: filter-terms.ts searchWords): in the subject, the
 * customer or the tags, else in the ticket's number or token ("#1042", "1042", "mr-1042").
 * `@w…` is the word, `@d…` its digits when it is a number with or without "#".
 */
function wordClause(word: string, name: string): string {
  const digitsName = `d${name.slice(1)}`;
  const prefix = "(SELECT value FROM json_each(@prefixes) WHERE key = account_id)";
  const inTexts = `(instr(subject_text, @${name}) > 0 OR instr(customer_text, @${name}) > 0 OR instr(tag_text, @${name}) > 0)`;
  if (!/[\d#-]/.test(word)) return `(${inTexts} OR instr(${prefix}, @${name}) > 0)`;
  const digits = /^(#?)(\d{1,15})$/.exec(word);
  if (digits) {
    // A number's text never starts with 0; "#104" finds 1042, "042" finds 1042 and a prefix holding the digits.
    if (digits[1]) return `(${inTexts} OR (substr(@${digitsName}, 1, 1) <> '0' AND substr(CAST(number AS TEXT), 1, length(@${digitsName})) = @${digitsName}))`;
    return `(${inTexts} OR instr(CAST(number AS TEXT), @${digitsName}) > 0 OR instr(${prefix}, @${digitsName}) > 0)`;
  }
  return `(${inTexts} OR instr('#' || number || ' ' || ${prefix} || '-' || number, @${name}) > 0)`;
}

/** The values between newlines of each text field (ticket-list-row.ts textOf, textsOf). */
const FIELD_TEXT: Record<Exclude<Condition['field'], 'number' | 'messages' | 'created' | 'lastActivity' | 'text'>, string> = {
  subject: 'subject_text',
  customer: 'customer_text',
  queue: 'queue_text',
  tag: 'tag_text',
  disposition: 'disposition_text',
  status: "CASE status WHEN 0 THEN char(10) || 'open' || char(10) WHEN 1 THEN char(10) || 'pending' || char(10) ELSE char(10) || 'closed' || char(10) END",
  account: '(SELECT value FROM json_each(@accountTexts) WHERE key = account_id)',
  assignee: ASSIGNEE_TEXT,
};

/**
 * The word is in the ticket's messages (the full-text index's hits, `@name` as [account id,
 * message key] pairs, mapped through the message's placement now) or its notes (`@namew`).
 */
function messagesClause(name: string, placements: string): string {
  return (
    `((account_id, key) IN (SELECT p.account_id, p.ticket_key FROM json_each(@${name}) h JOIN ${placements} p ` +
    `ON p.account_id = json_extract(h.value, '$[0]') AND p.message_key = json_extract(h.value, '$[1]')) OR instr(notes_text, @${name}w) > 0)`
  );
}

/** One advanced-search row as SQL (ConditionSchema has checked its operator and value), its value in params under `name`; "Message text" asks `inMessages` per word. */
function conditionClause(c: Condition, name: string, zone: string, params: Record<string, unknown>, inMessages: (word: string) => string): string {
  const value = c.value.trim().toLowerCase().replace(/\s+/g, ' ');
  const at = `@${name}`;
  if (c.field === 'number' || c.field === 'messages') {
    params[name] = Number(value);
    const op = { is: '=', isNot: '<>', before: '<', after: '>' }[c.op as string];
    return op ? `${c.field} ${op} ${at}` : '0';
  }
  if (c.field === 'created' || c.field === 'lastActivity') {
    const column = c.field === 'created' ? 'created_at' : 'last_activity_at';
    params[`${name}s`] = dayStart(value, zone);
    params[`${name}e`] = dayStart(addDays(value, 1), zone);
    if (c.op === 'is') return `(${column} >= ${at}s AND ${column} < ${at}e)`;
    if (c.op === 'before') return `${column} < ${at}s`;
    if (c.op === 'after') return `${column} >= ${at}e`;
    return '0';
  }
  if (c.field === 'text') {
    const words = searchWords(value);
    return words.length === 0 ? '1' : `(${words.map(inMessages).join(' AND ')})`;
  }
  params[name] = value;
  const text = FIELD_TEXT[c.field];
  switch (c.op) {
    case 'contains':
      return `instr(${text}, ${at}) > 0`;
    case 'is':
      return `instr(${text}, char(10) || ${at} || char(10)) > 0`;
    case 'isNot':
      return `instr(${text}, char(10) || ${at} || char(10)) = 0`;
    case 'startsWith':
      return `instr(${text}, char(10) || ${at}) > 0`;
    case 'isEmpty':
      return `${text} = ''`;
    default:
      return '0';
  }
}
