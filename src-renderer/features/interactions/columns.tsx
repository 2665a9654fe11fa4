import type { ReactNode } from 'react';
import { INTERACTION_COLUMNS, type InteractionColumn, type TicketSort } from '../../../src-preload/contract';
import { formatCount, formatFullDate, formatListDate, isoDate, senderName, subjectOrPlaceholder } from '../../lib/format';
import type { TicketRow } from '../../stores/tickets';
import { StatusPill } from '../queues/TicketRow';
import { queueWords, ticketLabel } from '../queues/views';

/** The checkbox column, then each data column's track: fixed for short values, shares of the rest for text. */
export const SELECT_TRACK = '36px';

/** The smallest width each column takes, so the table scrolls sideways instead of squeezing text to nothing. */
const COLUMN_MIN: Record<InteractionColumn, number> = {
  created: 84,
  account: 66,
  number: 64,
  customer: 120,
  subject: 200,
  status: 70,
  assignee: 90,
  queue: 70,
  tags: 70,
  disposition: 90,
  unread: 64,
  lastActivity: 88,
  messages: 72,
};

/** Short values keep their width; text columns share what is left. */
const COLUMN_SHARE: Partial<Record<InteractionColumn, number>> = { customer: 1.2, subject: 3, assignee: 0.8, queue: 0.6, tags: 0.8, disposition: 0.6, account: 0.4 };

export const COLUMN_TRACK = Object.fromEntries(
  INTERACTION_COLUMNS.map((c) => {
    const share = COLUMN_SHARE[c];
    return [c, share ? `minmax(${COLUMN_MIN[c]}px, ${share}fr)` : `${COLUMN_MIN[c]}px`];
  }),
) as Record<InteractionColumn, string>;

/** Every column sorts by the key of the same name. */
export const COLUMN_SORT: Record<InteractionColumn, TicketSort> = {
  created: 'created',
  account: 'account',
  number: 'number',
  customer: 'customer',
  subject: 'subject',
  status: 'status',
  assignee: 'assignee',
  queue: 'queue',
  tags: 'tags',
  disposition: 'disposition',
  unread: 'unread',
  lastActivity: 'lastActivity',
  messages: 'messages',
};

const GAP = 10;
const SIDE_PADDING = 32;

export function gridTemplate(columns: InteractionColumn[]): string {
  return [SELECT_TRACK, ...columns.map((c) => COLUMN_TRACK[c])].join(' ');
}

export function gridMinWidth(columns: InteractionColumn[]): number {
  return 36 + columns.reduce((sum, c) => sum + COLUMN_MIN[c], 0) + GAP * columns.length + SIDE_PADDING;
}

function DateCell({ at }: { at: number }) {
  return (
    <time dateTime={isoDate(at)} title={formatFullDate(at)}>
      {formatListDate(at)}
    </time>
  );
}

/** Who has it; the queue has its own column. */
function assigneeLabel(row: TicketRow, myId: string | undefined): string {
  if (row.assignee) return row.assignee.id === myId ? 'You' : row.assignee.name;
  if (row.offer?.phase === 'agent') return `Offered to ${row.offer.agent.id === myId ? 'you' : row.offer.agent.name}`;
  return 'Unassigned';
}

export interface CellContext {
  myId: string | undefined;
  /** Account names by id, for accounts without a short key. */
  accountNames: Record<string, string>;
}

/** One cell's content and its full text for the tooltip (long names are cut with an ellipsis on screen). */
export function cellOf(column: InteractionColumn, row: TicketRow, { myId, accountNames }: CellContext): { content: ReactNode; title?: string } {
  switch (column) {
    case 'created':
      return { content: <DateCell at={row.createdAt} /> };
    case 'account': {
      const name = accountNames[row.accountId] ?? '';
      return { content: row.accountKey || name || '—', title: name || row.accountKey };
    }
    case 'number':
      return { content: ticketLabel(row) };
    case 'customer': {
      const name = senderName(row.customer);
      return { content: name, title: row.customer ? `${name} <${row.customer.address}>` : name };
    }
    case 'subject': {
      const subject = subjectOrPlaceholder(row.subject);
      return { content: subject, title: subject };
    }
    case 'status':
      return { content: <StatusPill status={row.status} /> };
    case 'assignee': {
      const owner = assigneeLabel(row, myId);
      return { content: owner, title: owner };
    }
    case 'queue':
      return { content: queueWords(row.queue), title: queueWords(row.queue) };
    case 'tags':
      return {
        content: row.tags.map((tag) => (
          <span key={tag} className="tag-chip tag-chip--small">
            {tag}
          </span>
        )),
        title: row.tags.join(', '),
      };
    case 'disposition':
      return { content: row.disposition ?? '—', title: row.disposition ?? undefined };
    case 'unread':
      return { content: row.unread ? <span className="interactions-unread">Unread</span> : 'Read' };
    case 'lastActivity':
      return { content: <DateCell at={row.lastActivityAt} /> };
    case 'messages':
      return { content: formatCount(row.messageCount) };
  }
}
