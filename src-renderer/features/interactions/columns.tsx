import type { ReactNode } from 'react';
import type { InteractionColumn, TicketSort } from '../../../src-preload/contract';
import { formatCount, formatFullDate, formatListDate, isoDate, senderName, subjectOrPlaceholder } from '../../lib/format';
import type { TicketRow } from '../../stores/tickets';
import { ownerLabel, StatusPill } from '../queues/TicketRow';
import { queueWords, ticketLabel } from '../queues/views';

/** The checkbox column, then each data column's track: fixed for short values, shares of the rest for text. */
export const SELECT_TRACK = '36px';

export const COLUMN_TRACK: Record<InteractionColumn, string> = {
  created: '118px',
  account: '76px',
  number: '96px',
  customer: 'minmax(140px, 1.1fr)',
  subject: 'minmax(200px, 2fr)',
  status: '84px',
  assignee: 'minmax(110px, 0.8fr)',
  queue: 'minmax(96px, 0.6fr)',
  tags: 'minmax(110px, 0.8fr)',
  disposition: 'minmax(100px, 0.6fr)',
  unread: '72px',
  lastActivity: '118px',
  messages: '86px',
};

/** The smallest width each track takes, so the table scrolls sideways instead of squeezing text to nothing. */
const COLUMN_MIN: Record<InteractionColumn, number> = {
  created: 118,
  account: 76,
  number: 96,
  customer: 140,
  subject: 200,
  status: 84,
  assignee: 110,
  queue: 96,
  tags: 110,
  disposition: 100,
  unread: 72,
  lastActivity: 118,
  messages: 86,
};

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

const GAP = 12;
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

/** One cell's content and its full text for the tooltip (long names are cut with an ellipsis on screen). */
export function cellOf(column: InteractionColumn, row: TicketRow, myId: string | undefined): { content: ReactNode; title?: string } {
  switch (column) {
    case 'created':
      return { content: <DateCell at={row.createdAt} /> };
    case 'account':
      return { content: row.accountKey || '—', title: row.accountKey };
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
      const owner = ownerLabel(row, myId);
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
