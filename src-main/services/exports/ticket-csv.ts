import { COLUMN_LABEL, ticketLabel, type InteractionColumn, type TicketSummary } from '../../../src-preload/contract';
import type { CsvCell } from './csv';

/** One ticket's cell for a column of the interactions list, as the list shows it. */
function cellOf(column: InteractionColumn, t: TicketSummary): CsvCell {
  switch (column) {
    case 'created':
      return new Date(t.createdAt);
    case 'account':
      return t.accountKey;
    case 'number':
      return ticketLabel(t);
    case 'customer':
      if (!t.customer) return '';
      return t.customer.name && t.customer.name !== t.customer.address ? `${t.customer.name} <${t.customer.address}>` : t.customer.address;
    case 'subject':
      return t.subject;
    case 'status':
      return t.status;
    case 'assignee':
      return t.assignee?.name ?? '';
    case 'queue':
      return t.queue;
    case 'tags':
      return t.tags.join(', ');
    case 'disposition':
      return t.disposition ?? '';
    case 'unread':
      return t.unread ? 'unread' : 'read';
    case 'lastActivity':
      return new Date(t.lastActivityAt);
    case 'messages':
      return t.messageCount;
  }
}

/** The header row and the rows of the list's CSV, in the visible columns' order. */
export function ticketCsv(columns: InteractionColumn[], tickets: Iterable<TicketSummary>): { header: string[]; rows: Iterable<CsvCell[]> } {
  return {
    header: columns.map((c) => COLUMN_LABEL[c]),
    rows: (function* () {
      for (const t of tickets) yield columns.map((c) => cellOf(c, t));
    })(),
  };
}
