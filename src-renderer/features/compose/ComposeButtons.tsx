import { useEffect } from 'react';
import type { DraftKind, TicketDetail } from '../../../src-preload/contract';
import { useComposeStore, type StartDraftRequest } from '../../stores/compose';
import { ReplyIcon } from '../../ui/icons';
import { subjectOrPlaceholder } from '../../lib/format';

/** What a Reply / Reply all / Forward button answers: a ticket (its newest customer message) or one message. */
export type ComposeSource = { ticket: { accountId: string; ticket: string } } | { messageId: string };

export function startFrom(source: ComposeSource, kind: DraftKind): void {
  const request: StartDraftRequest = 'ticket' in source ? { kind, ticket: source.ticket, accountId: source.ticket.accountId } : { kind, messageId: source.messageId };
  void useComposeStore.getState().start(request);
}

/** The keys the ticket pane and the mail view share: R reply, A (or Shift+R) reply all, F forward. */
export function composeKindOfKey(key: string): DraftKind | null {
  if (key === 'r') return 'reply';
  if (key === 'a' || key === 'R') return 'reply-all';
  if (key === 'f') return 'forward';
  return null;
}

/** primary: Reply is the pane's main button (not while Take or Accept comes first). */
export function ComposeButtons({ source, primary = true }: { source: ComposeSource; primary?: boolean }) {
  const opening = useComposeStore((s) => s.opening);
  return (
    <div className="compose-buttons" role="group" aria-label="Answer">
      <button type="button" className={`button button--small ${primary ? 'button--primary' : 'button--secondary'}`} data-testid="action-reply" aria-keyshortcuts="R" title="Reply (R)" disabled={opening} onClick={() => startFrom(source, 'reply')}>
        <ReplyIcon size={14} />
        Reply
      </button>
      <button type="button" className="button button--small button--secondary" data-testid="action-reply-all" aria-keyshortcuts="A" title="Reply all (A)" disabled={opening} onClick={() => startFrom(source, 'reply-all')}>
        Reply all
      </button>
      <button type="button" className="button button--small button--secondary" data-testid="action-forward" aria-keyshortcuts="F" title="Forward (F)" disabled={opening} onClick={() => startFrom(source, 'forward')}>
        Forward
      </button>
    </div>
  );
}

/** "You have a draft reply" on a reopened ticket: Continue opens it in the composer. */
export function TicketDrafts({ detail }: { detail: TicketDetail }) {
  const drafts = useComposeStore((s) => s.ticketDrafts);
  const composing = useComposeStore((s) => s.view !== null);
  useEffect(() => {
    void useComposeStore.getState().loadTicketDrafts({ accountId: detail.accountId, ticket: detail.key });
    return () => void useComposeStore.getState().loadTicketDrafts(null);
  }, [detail.accountId, detail.key]);
  if (composing || drafts.length === 0) return null;
  return (
    <ul className="ticket-drafts" aria-label="Your drafts for this ticket" data-testid="ticket-drafts">
      {drafts.map((d) => (
        <li key={d.id} className="ticket-draft" data-testid="ticket-draft">
          <span className="ticket-draft__text">
            Draft: <strong>{subjectOrPlaceholder(d.subject)}</strong>
            {d.to.length > 0 && ` to ${d.to.join(', ')}`} · saved {new Date(d.updatedAt).toLocaleString()}
          </span>
          <button type="button" className="button button--small button--secondary" data-testid="ticket-draft-continue" onClick={() => void useComposeStore.getState().open(d.id)}>
            Continue writing
          </button>
        </li>
      ))}
    </ul>
  );
}
