import type { ReactNode } from 'react';
import type { TicketDetail } from '../../../src-preload/contract';
import type { TicketAction } from '../../../src-preload/contract';
import { useDeletionStore } from '../../stores/deletion';
import { useExportsStore } from '../../stores/exports';
import { useTicketsStore } from '../../stores/tickets';
import { Spinner } from '../../ui/Spinner';
import { OfferCountdown } from './OfferCountdown';
import { StatusMenu } from './StatusMenu';
import { ComposeButtons } from '../compose/ComposeButtons';
import { canTake, offeredToMe, refOf, requestClose, useTicketActions } from './useTicketContext';

function ActionButton({
  label,
  shortcut,
  pending,
  disabled,
  reason,
  primary,
  testId,
  onClick,
  children,
}: {
  label: string;
  shortcut?: string;
  pending?: boolean;
  disabled?: boolean;
  /** Why it is disabled, shown as the tooltip. */
  reason?: string;
  primary?: boolean;
  testId: string;
  onClick(): void;
  children?: ReactNode;
}) {
  const title = disabled && reason ? reason : shortcut ? `${label} (${shortcut})` : label;
  return (
    <button
      type="button"
      className={`button button--small ${primary ? 'button--primary' : 'button--secondary'}`}
      data-testid={testId}
      aria-keyshortcuts={shortcut?.replace(' ', '+')}
      aria-busy={pending || undefined}
      disabled={disabled || pending}
      title={title}
      onClick={onClick}
    >
      {pending && <Spinner size={12} />}
      {children ?? label}
    </button>
  );
}

/** Reply, reply all, forward; take, accept or decline an offer, release, transfer, status, tags, note, merge and delete for the open ticket. */
export function ActionBar({ detail }: { detail: TicketDetail }) {
  const { inFlight, myId, act } = useTicketActions(detail);
  const setPanel = useTicketsStore((s) => s.setPanel);
  const busy = (type: TicketAction['type']) => inFlight === type;
  const mine = Boolean(myId && detail.assignee?.id === myId);
  const offer = offeredToMe(detail);

  return (
    <div className="ticket-actions" role="toolbar" aria-label="Ticket actions" data-testid="ticket-actions">
      {/* One primary move at a time: Take or Accept first when the ticket waits for that. */}
      <ComposeButtons source={{ ticket: refOf(detail) }} primary={!offer && !canTake(detail)} />
      {offer && detail.offer && (
        <div className="offer-bar" role="group" aria-label="Offered to you" data-testid="offer-bar">
          <span className="offer-bar__text">Offered to you</span>
          <OfferCountdown expiresAt={detail.offer.expiresAt} />
          <ActionButton label="Accept" shortcut="A" primary testId="action-accept" pending={busy('accept')} onClick={() => void act({ type: 'accept' })} />
          <ActionButton label="Decline" shortcut="X" testId="action-decline" pending={busy('decline')} onClick={() => void act({ type: 'decline' })} />
        </div>
      )}
      {!offer && canTake(detail) && (
        <ActionButton label="Take" shortcut="T" primary testId="action-take" pending={busy('take')} onClick={() => void act({ type: 'take' })} />
      )}
      {detail.assignee && !mine && (
        <span className="ticket-actions__held" data-testid="held-by">
          {detail.assignee.name} has this ticket
        </span>
      )}
      {mine && <ActionButton label="Release" testId="action-release" pending={busy('release')} onClick={() => void act({ type: 'release' })} />}
      <ActionButton
        label="Transfer"
        shortcut="Shift T"
        testId="action-transfer"
        disabled={!detail.can.transfer}
        reason={detail.can.reason || 'You cannot transfer this ticket now.'}
        onClick={() => setPanel('transfer')}
      >
        Transfer…
      </ActionButton>
      <StatusMenu detail={detail} pending={busy('status')} />
      {detail.status !== 'closed' ? (
        <ActionButton
          label="Close"
          shortcut="C"
          testId="action-close"
          pending={busy('status')}
          disabled={!detail.can.close}
          reason={detail.can.reason || 'You cannot close this ticket now.'}
          onClick={() => requestClose(detail)}
        />
      ) : (
        <ActionButton label="Reopen" testId="action-reopen" pending={busy('status')} onClick={() => void act({ type: 'status', status: 'open' })} />
      )}
      <ActionButton label="Tags" shortcut="L" testId="action-tags" pending={busy('tags')} onClick={() => setPanel('tags')}>
        Tags…
      </ActionButton>
      <ActionButton label="Add note" shortcut="N" testId="action-note" onClick={() => useTicketsStore.getState().focusNote()} />
      <ActionButton label="Merge into ticket" testId="action-merge" pending={busy('merge')} onClick={() => setPanel('merge')}>
        Merge…
      </ActionButton>
      <ActionButton label="Export as zip of .eml files" testId="action-export" onClick={() => useExportsStore.getState().askZip([refOf(detail)])}>
        Export…
      </ActionButton>
      <ActionButton label="Delete ticket" shortcut="#" testId="action-delete" onClick={() => useDeletionStore.getState().ask([refOf(detail)])}>
        Delete…
      </ActionButton>
    </div>
  );
}
