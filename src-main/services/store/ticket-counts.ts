/**
 * Counts over the tickets' list rows (ticket-list-source.ts): the unread count of the badge
 * and the window title, the supervisor's counts, and the contacts' tickets.
 */
import type { Db } from './database';
import { countRows, inAccounts, listSources, type ListOverlay } from './ticket-list-source';

/** Whose unread tickets the badge counts (notifications/decide.ts worksOn). */
export interface UnreadQuery {
  accountIds: readonly string[];
  me: string;
  /** Queues whose members are named, and this agent is not among them: their unassigned tickets are others' (decide.ts othersQueues). */
  othersQueues: readonly string[];
  overlays?: readonly ListOverlay[];
}

/**
 * How many listed tickets are unread, open or pending, and worked by this agent: theirs or
 * offered to them; or nobody's, not offered to someone else, in a queue that is theirs or
 * nobody's in particular (decide.ts worksOn).
 */
export function countUnread(db: Db, q: UnreadQuery): number {
  const sources = listSources(db, q.overlays ?? []);
  const params: Record<string, unknown> = { me: q.me, others: JSON.stringify(q.othersQueues), ...sources.bind };
  const accounts = inAccounts(q.accountIds, params);
  // Reads only grouped columns: the stored rows are added up by group (ListSources.grouped).
  return countRows(
    db,
    sources.grouped,
    `${accounts} AND unread = 1 AND status <> 2 AND (
       assignee = @me OR (offer_phase = 'agent' AND offered_to = @me)
       OR (assignee IS NULL AND NOT (offer_phase IS 'agent' AND offered_to <> '') AND queue NOT IN (SELECT value FROM json_each(@others))))`,
    params,
  );
}

/** The accounts a count looks at, with what the store does not hold of them. */
export interface CountQuery {
  accountIds: readonly string[];
  overlays?: readonly ListOverlay[];
}

/** Open tickets of one account and queue: how many, offered to an agent and waiting, and nobody's. */
export interface QueueTickets {
  accountId: string;
  queue: string;
  open: number;
  waiting: number;
  unassigned: number;
}

/** An assignee's open and pending tickets in one account. */
export interface AssigneeTickets {
  accountId: string;
  agent: string;
  open: number;
  pending: number;
}

/** The supervisor's counts (tickets/supervisor.ts): open tickets per queue, and what each assignee has open or pending. */
export interface SupervisorCounts {
  queues: QueueTickets[];
  assignees: AssigneeTickets[];
}

export function supervisorCounts(db: Db, q: CountQuery): SupervisorCounts {
  const sources = listSources(db, q.overlays ?? []);
  const params: Record<string, unknown> = { ...sources.bind };
  const accounts = inAccounts(q.accountIds, params);
  const queues = db
    .prepare(
      `SELECT account_id AS accountId, queue, count(*) AS open, sum(offer_phase IS 'agent') AS waiting, sum(offer_phase IS NOT 'agent' AND assignee IS NULL) AS unassigned
       FROM ${sources.list} WHERE ${accounts} AND status = 0 GROUP BY account_id, queue`,
    )
    .all(params) as QueueTickets[];
  const assignees = db
    .prepare(
      `SELECT account_id AS accountId, assignee AS agent, sum(status = 0) AS open, sum(status = 1) AS pending
       FROM ${sources.list} WHERE ${accounts} AND status < 2 AND assignee IS NOT NULL GROUP BY account_id, assignee`,
    )
    .all(params) as AssigneeTickets[];
  return { queues, assignees };
}

/** One customer address over the accounts asked: its tickets, in which accounts, and the name it used last. */
export interface CustomerTickets {
  address: string;
  tickets: number;
  accountIds: string[];
  /** From the ticket with the latest activity that has a name ('' for none); ties go to the earlier account, then the lower number. */
  name: string;
}

/** Every customer address of the listed tickets (the contacts: tickets/contacts.ts). */
export function customerTickets(db: Db, q: CountQuery): CustomerTickets[] {
  const sources = listSources(db, q.overlays ?? []);
  const rows = db
    .prepare(
      `WITH tickets AS (
         SELECT t.customer_address, t.customer_name, t.account_id, t.number, t.last_activity_at, a.key AS account_order
         FROM ${sources.list} t JOIN json_each(@accounts) a ON a.value = t.account_id WHERE t.customer_address <> ''),
       named AS (
         SELECT customer_address, customer_name,
                row_number() OVER (PARTITION BY customer_address ORDER BY last_activity_at DESC, account_order, number) AS latest
         FROM tickets WHERE customer_name <> ''),
       names AS MATERIALIZED (SELECT customer_address, customer_name FROM named WHERE latest = 1)
       SELECT t.customer_address AS address, count(*) AS tickets, json_group_array(DISTINCT t.account_id) AS accountIds, coalesce(n.customer_name, '') AS name
       FROM tickets t LEFT JOIN names n ON n.customer_address = t.customer_address GROUP BY t.customer_address`,
    )
    .all({ accounts: JSON.stringify(q.accountIds), ...sources.bind }) as (Omit<CustomerTickets, 'accountIds'> & { accountIds: string })[];
  const order = new Map(q.accountIds.map((id, i) => [id, i]));
  return rows.map((r) => ({ ...r, accountIds: (JSON.parse(r.accountIds) as string[]).sort((a, b) => order.get(a)! - order.get(b)!) }));
}
