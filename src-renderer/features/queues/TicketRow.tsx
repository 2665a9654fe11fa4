import { memo } from 'react';
import type { TicketStatus } from '../../../src-preload/contract';
import { formatFullDate, senderName, subjectOrPlaceholder } from '../../lib/format';
import type { TicketRow as Row } from '../../stores/tickets';
import { formatAge } from './age';
import { ticketLabel } from './views';

export const TICKET_ROW_HEIGHT = 64;

export const STATUS_LABEL: Record<TicketStatus, string> = { open: 'Open', pending: 'Pending', closed: 'Closed' };

export function StatusPill({ status }: { status: TicketStatus }) {
  return <span className={`status-pill status-pill--${status}`}>{STATUS_LABEL[status]}</span>;
}

/** Who has it: the assignee, the agent it is offered to, or the queue it waits in ("you" for this agent). */
export function ownerLabel(ticket: Pick<Row, 'assignee' | 'offer' | 'queue'>, myId?: string): string {
  if (ticket.assignee) return ticket.assignee.id === myId ? 'You' : ticket.assignee.name;
  if (ticket.offer?.phase === 'agent') return `Offered to ${ticket.offer.agent.id === myId ? 'you' : ticket.offer.agent.name}`;
  return ticket.queue ? `Unassigned · ${ticket.queue}` : 'Unassigned';
}

interface RowProps {
  index: number;
  ticket: Row | undefined;
  selected: boolean;
  open: boolean;
  top: number;
  now: number;
  myId: string | undefined;
  onActivate(index: number, ticket: Row): void;
}

/** One ticket in the queue; a grey placeholder until its page has arrived. */
export const TicketRow = memo(function TicketRow({ index, ticket, selected, open, top, now, myId, onActivate }: RowProps) {
  const style = { transform: `translateY(${top}px)`, height: TICKET_ROW_HEIGHT };
  if (!ticket) {
    return (
      <div className="ticket-row ticket-row--placeholder" style={style} role="option" aria-selected={selected} aria-busy="true" id={`ticket-row-${index}`}>
        <div className="skeleton skeleton--from" />
        <div className="skeleton skeleton--subject" />
      </div>
    );
  }
  const classes = [
    'ticket-row',
    ticket.unread && 'ticket-row--unread',
    selected && 'ticket-row--selected',
    open && 'ticket-row--open',
    ticket.pending && 'ticket-row--pending',
  ]
    .filter(Boolean)
    .join(' ');
  const customer = senderName(ticket.customer);
  const subject = subjectOrPlaceholder(ticket.subject);
  return (
    <div
      className={classes}
      style={style}
      role="option"
      id={`ticket-row-${index}`}
      aria-selected={selected}
      aria-label={`${ticketLabel(ticket)}, ${STATUS_LABEL[ticket.status]}, ${customer}: ${subject}${ticket.unread ? ', unread' : ''}`}
      data-testid="ticket-row"
      data-ticket={ticket.key}
      data-number={ticket.number}
      data-status={ticket.status}
      data-unread={ticket.unread ? 'true' : 'false'}
      data-pending={ticket.pending ? 'true' : 'false'}
      onClick={() => onActivate(index, ticket)}
    >
      <span className="ticket-row__dot" aria-hidden="true" />
      <div className="ticket-row__main">
        <div className="ticket-row__line">
          <span className="ticket-row__customer" title={ticket.customer?.address ?? undefined}>
            {customer}
          </span>
          <span className={`ticket-row__owner${ticket.assignee ? '' : ' ticket-row__owner--free'}`} title={ownerLabel(ticket, myId)}>
            {ownerLabel(ticket, myId)}
          </span>
          <time className="ticket-row__age" title={`Opened ${formatFullDate(ticket.createdAt)}`}>
            {formatAge(ticket.createdAt, now)}
          </time>
        </div>
        <div className="ticket-row__line">
          <StatusPill status={ticket.status} />
          <span className="ticket-row__number">
            {ticketLabel(ticket)}
          </span>
          <span className="ticket-row__subject" title={subject}>
            {subject}
          </span>
          {ticket.tags.slice(0, 2).map((tag) => (
            <span key={tag} className="tag-chip tag-chip--small" title={tag}>
              {tag}
            </span>
          ))}
          {ticket.pending && <span className="pending-badge" title="Saved on this computer; the team log has not confirmed it yet">Pending</span>}
        </div>
      </div>
    </div>
  );
});
