import { useEffect, useRef } from 'react';
import type { Address, TicketDetail } from '../../../src-preload/contract';
import { formatFullDate, formatAddress, subjectOrPlaceholder } from '../../lib/format';
import { useTeamStore } from '../../stores/team';
import { useTicketsStore } from '../../stores/tickets';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBox, ErrorText } from '../../ui/ErrorBox';
import { AlertIcon, CrossIcon, EyeIcon, InboxIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { ownerLabel, StatusPill } from '../queues/TicketRow';
import { showCustomerTickets } from '../contacts/show-customer';
import { customerName, queueWords, ticketLabel } from '../queues/views';
import { TicketDrafts } from '../compose/ComposeButtons';
import { TicketOutgoing } from '../outbox/TicketOutgoing';
import { ActionBar } from './ActionBar';
import { CloseDialog } from './CloseDialog';
import { NoteComposer } from './NoteComposer';
import { TagsDialog } from './TagsDialog';
import { TicketNumberDialog } from './TicketNumberDialog';
import { Timeline } from './Timeline';
import { TransferDialog } from './TransferDialog';
import { refOf, useTicketActions } from './useTicketContext';

/** "Ana took this ticket 3 s before you": what lost, in the words the log gave. */
function Notices({ detail }: { detail: TicketDetail }) {
  // Select the array itself: a filtered copy would be a new value on every read and re-render forever.
  const all = useTicketsStore((s) => s.notices);
  const notices = all.filter((n) => n.accountId === detail.accountId && n.ticket === detail.key);
  const dismiss = useTicketsStore((s) => s.dismissNotice);
  if (!notices.length) return null;
  return (
    <div className="ticket-notices">
      {notices.map((n) => (
        <div key={n.id} className={`ticket-notice ticket-notice--${n.kind}`} role="alert" data-testid="ticket-notice" data-kind={n.kind}>
          <AlertIcon size={16} />
          <div className="ticket-notice__text">
            {n.kind === 'rejected' ? (
              <>
                <p className="ticket-notice__title">Your action did not go through</p>
                <p>{n.message}</p>
              </>
            ) : n.error ? (
              <ErrorText error={n.error} />
            ) : (
              <p>{n.message}</p>
            )}
          </div>
          <button type="button" className="icon-button" aria-label="Dismiss this notice" onClick={() => dismiss(n.id)}>
            <CrossIcon size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}

/** Who else has this ticket open: Ana is viewing, Ben is replying. */
function Presence({ detail }: { detail: TicketDetail }) {
  if (!detail.presence.length) return null;
  return (
    <p className="ticket-presence" role="status" data-testid="ticket-presence">
      <EyeIcon size={14} />
      {detail.presence.map((p, i) => (
        <span key={p.agent.id}>
          {i > 0 && ', '}
          <span className={`ticket-presence__who ticket-presence__who--${p.mode}`}>
            {p.agent.name} is {p.mode}
          </span>
        </span>
      ))}
    </p>
  );
}

function DispositionPicker({ detail }: { detail: TicketDetail }) {
  const { act, inFlight } = useTicketActions(detail);
  if (!detail.dispositions.length) return null;
  return (
    <label className="ticket-facts__item ticket-facts__item--select">
      <span className="ticket-facts__label">Disposition{detail.dispositionRequired ? ' (needed to close)' : ''}</span>
      <select
        className="input select ticket-facts__select"
        data-testid="disposition-select"
        value={detail.disposition ?? ''}
        disabled={inFlight === 'disposition'}
        onChange={(e) => e.target.value && void act({ type: 'disposition', disposition: e.target.value })}
      >
        <option value="">None yet</option>
        {detail.dispositions.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Every ticket of this customer, across accounts: the Tickets list narrowed with a chip that says so. */
function CustomerTicketsLink({ customer }: { customer: Address }) {
  const name = customerName(customer);
  return (
    <dd className="ticket-facts__value">
      <button type="button" className="link-button ticket-facts__link" data-testid="customer-tickets" onClick={() => showCustomerTickets(customer)}>
        All tickets of {name}
      </button>
    </dd>
  );
}

function TicketHeader({ detail }: { detail: TicketDetail }) {
  const myId = useTeamStore((s) => s.me?.agentId);
  const subject = subjectOrPlaceholder(detail.subject);
  return (
    <header className="ticket-header">
      <div className="ticket-header__top">
        <span className="ticket-header__token" data-testid="ticket-token">
          {ticketLabel(detail)}
        </span>
        <StatusPill status={detail.status} />
        {detail.pending && (
          <span className="pending-badge" data-testid="ticket-pending" title="Saved on this computer; the team log has not confirmed it yet">
            Pending
          </span>
        )}
      </div>
      <h1 className="ticket-header__subject" title={subject} data-testid="ticket-subject">
        {subject}
      </h1>
      <dl className="ticket-facts">
        <div className="ticket-facts__item">
          <dt className="ticket-facts__label">Customer</dt>
          <dd className="ticket-facts__value" title={detail.customer ? formatAddress(detail.customer) : undefined}>
            {detail.customer ? formatAddress(detail.customer) : 'Unknown'}
          </dd>
          {detail.customer && <CustomerTicketsLink customer={detail.customer} />}
        </div>
        <div className="ticket-facts__item">
          <dt className="ticket-facts__label">Owner</dt>
          <dd className="ticket-facts__value" data-testid="ticket-owner">
            {ownerLabel(detail, myId)}
          </dd>
        </div>
        <div className="ticket-facts__item">
          <dt className="ticket-facts__label">Queue</dt>
          <dd className="ticket-facts__value" data-testid="ticket-queue">
            {queueWords(detail.queue)}
          </dd>
        </div>
        <div className="ticket-facts__item">
          <dt className="ticket-facts__label">Opened</dt>
          <dd className="ticket-facts__value">{formatFullDate(detail.createdAt)}</dd>
        </div>
        <div className="ticket-facts__item">
          <dt className="ticket-facts__label">Tags</dt>
          <dd className="ticket-facts__value ticket-facts__tags" data-testid="ticket-tags">
            {detail.tags.length ? detail.tags.map((t) => <span key={t} className="tag-chip">{t}</span>) : <span className="ticket-facts__none">None</span>}
          </dd>
        </div>
      </dl>
      <DispositionPicker detail={detail} />
    </header>
  );
}

function OpenTicket({ detail }: { detail: TicketDetail }) {
  const panel = useTicketsStore((s) => s.panel);
  const act = useTicketsStore((s) => s.act);
  // Opening a ticket reads it, once per opening.
  const markedFor = useRef<string | null>(null);
  useEffect(() => {
    if (markedFor.current === detail.key) return;
    markedFor.current = detail.key;
    if (detail.unread) void act(refOf(detail), { type: 'read' });
  }, [detail, act]);

  return (
    <div className="ticket-view" data-testid="ticket-view" data-ticket={detail.key} data-number={detail.number} data-status={detail.status}>
      <TicketHeader detail={detail} />
      <Presence detail={detail} />
      <Notices detail={detail} />
      <ActionBar detail={detail} />
      <TicketDrafts detail={detail} />
      {!detail.can.take && !detail.can.transfer && detail.can.reason && (
        <p className="ticket-reason" data-testid="ticket-reason">
          {detail.can.reason}
        </p>
      )}
      <Timeline key={detail.key} detail={detail} />
      <TicketOutgoing detail={detail} />
      <NoteComposer key={`note:${detail.key}`} detail={detail} />
      <TransferDialog detail={detail} />
      <CloseDialog detail={detail} />
      <TagsDialog detail={detail} />
      {panel === 'merge' && (
        <TicketNumberDialog
          detail={detail}
          title={`Merge #${detail.number} into another ticket`}
          subtitle="Its messages and notes move to the other ticket; this number then points there."
          testId="merge-dialog"
          submitLabel="Merge"
          busyLabel="Merging…"
          onTarget={(target) => act(refOf(detail), { type: 'merge', into: target.key })}
          onClose={() => useTicketsStore.getState().setPanel(null)}
        />
      )}
    </div>
  );
}

/** The right column in Tickets: the open ticket, or how to open one. */
export function TicketPane() {
  const openRef = useTicketsStore((s) => s.openRef);
  const detail = useTicketsStore((s) => s.detail);
  const loading = useTicketsStore((s) => s.detailLoading);
  const error = useTicketsStore((s) => s.detailError);
  const hasTickets = useTicketsStore((s) => (s.total ?? 0) > 0);
  const paneRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (paneRef.current) paneRef.current.scrollTop = 0;
  }, [openRef?.accountId, openRef?.ticket]);

  let content;
  if (openRef && error) {
    content = (
      <div className="pane-pad">
        <ErrorBox title="This ticket could not be opened" error={error} />
      </div>
    );
  } else if (openRef && (loading || !detail)) {
    content = (
      <div className="mv-loading mv-loading--pane">
        <Spinner /> Loading ticket…
      </div>
    );
  } else if (detail) {
    content = <OpenTicket detail={detail} />;
  } else if (hasTickets) {
    content = (
      <EmptyState kind="no-ticket" icon={<InboxIcon size={22} />} title="Select a ticket to work on it">
        Click one in the list, or move with <kbd>J</kbd> and <kbd>K</kbd> and press <kbd>Enter</kbd>. Press <kbd>?</kbd> for every shortcut.
      </EmptyState>
    );
  } else {
    content = null; // The list pane already says what to do.
  }

  return (
    <section ref={paneRef} className="ticket-pane" aria-label="Ticket" data-testid="ticket-pane">
      {content}
    </section>
  );
}
