import { useEffect, useRef } from 'react';
import type { TicketDetail, TicketStatus } from '../../../src-preload/contract';
import { useTicketsStore } from '../../stores/tickets';
import { Spinner } from '../../ui/Spinner';
import { STATUS_LABEL } from '../queues/TicketRow';
import { refOf, requestClose } from './useTicketContext';

const STATUSES: TicketStatus[] = ['open', 'pending', 'closed'];
const HINT: Record<TicketStatus, string> = {
  open: 'Someone needs to act on it',
  pending: 'Waiting for the customer or someone else',
  closed: 'Done',
};

/** The status button and its menu (S): open, pending, closed; closing may ask for a disposition. */
export function StatusMenu({ detail, pending }: { detail: TicketDetail; pending: boolean }) {
  const open = useTicketsStore((s) => s.panel === 'status');
  const setPanel = useTicketsStore((s) => s.setPanel);
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const current = menuRef.current?.querySelector<HTMLButtonElement>('[aria-checked="true"]') ?? menuRef.current?.querySelector('button');
    current?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && !buttonRef.current?.contains(event.target as Node)) setPanel(null);
    };
    window.addEventListener('pointerdown', onPointer);
    return () => window.removeEventListener('pointerdown', onPointer);
  }, [open, setPanel]);

  const choose = (status: TicketStatus) => {
    setPanel(null);
    buttonRef.current?.focus();
    if (status === detail.status) return;
    if (status === 'closed') requestClose(detail);
    else void useTicketsStore.getState().act(refOf(detail), { type: 'status', status });
  };

  return (
    <div className="menu-anchor">
      <button
        ref={buttonRef}
        type="button"
        className="button button--small button--secondary"
        data-testid="action-status"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-keyshortcuts="S"
        aria-busy={pending || undefined}
        title="Change the status (S)"
        disabled={pending}
        onClick={() => setPanel(open ? null : 'status')}
      >
        {pending && <Spinner size={12} />}
        Status: {STATUS_LABEL[detail.status]}
      </button>
      {open && (
        <div
          ref={menuRef}
          className="menu"
          role="menu"
          aria-label="Status"
          data-testid="status-menu"
          onKeyDown={(e) => {
            const items = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitemradio"]') ?? [])];
            const at = items.indexOf(document.activeElement as HTMLButtonElement);
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              setPanel(null);
              buttonRef.current?.focus();
            } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
            }
          }}
        >
          {STATUSES.map((status) => (
            <button key={status} type="button" role="menuitemradio" aria-checked={status === detail.status} className="menu__item" data-status={status} onClick={() => choose(status)}>
              <span className="menu__label">{STATUS_LABEL[status]}</span>
              <span className="menu__hint">{HINT[status]}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
