import { useEffect, useState } from 'react';
import type { ErrorInfo, MessageDetail, TicketMessageView } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { formatFullDate, isoDate, senderName, subjectOrPlaceholder } from '../../lib/format';
import { MessageView } from '../../mail-view/MessageView';
import { SentMessage } from '../outbox/SentMessage';
import { ErrorBox } from '../../ui/ErrorBox';
import { CloudOffIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';

/** The cached message in the mail view (sanitized, sandboxed frame), loaded when the card opens. */
function CachedMessage({ messageId }: { messageId: string }) {
  const [message, setMessage] = useState<MessageDetail | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    let current = true;
    bridge()
      .getMessage({ messageId })
      .then((m) => current && setMessage(m))
      .catch((err: unknown) => current && setError(toErrorInfo(err)));
    return () => {
      current = false;
    };
  }, [messageId]);
  if (error) return <ErrorBox title="This message could not be opened" error={error} />;
  if (!message) {
    return (
      <div className="mv-loading">
        <Spinner /> Loading message…
      </div>
    );
  }
  return <MessageView message={message} />;
}

/** One customer (or outgoing) message of the ticket: a one-line summary, or open with the whole mail. */
export function TicketMessage({
  message,
  expanded,
  canSplit,
  onToggle,
  onMove,
  onSplit,
}: {
  message: TicketMessageView;
  expanded: boolean;
  canSplit: boolean;
  onToggle(): void;
  onMove(): void;
  onSplit(): void;
}) {
  const from = senderName(message.from);
  return (
    <article
      className={`ticket-message ticket-message--${message.direction}${expanded ? ' ticket-message--open' : ''}`}
      data-testid="ticket-message"
      data-key={message.key}
      aria-label={`${message.direction === 'in' ? 'Message from' : 'Sent by'} ${from}, ${formatFullDate(message.date)}`}
    >
      <header className="ticket-message__head">
        <button type="button" className="ticket-message__toggle" aria-expanded={expanded} onClick={onToggle}>
          <span className="ticket-message__from">{from}</span>
          <span className="ticket-message__reason" title="Why this message is in this ticket">
            {message.reason}
          </span>
          <time className="ticket-message__date" dateTime={isoDate(message.date)}>
            {formatFullDate(message.date)}
          </time>
        </button>
        <div className="ticket-message__tools">
          <button type="button" className="button button--ghost button--tiny" aria-label={`Move the message from ${from} to another ticket`} data-testid="message-move" onClick={onMove}>
            Move…
          </button>
          {canSplit && (
            <button type="button" className="button button--ghost button--tiny" aria-label={`Split the message from ${from} into a new ticket`} data-testid="message-split" onClick={onSplit}>
              Split
            </button>
          )}
        </div>
      </header>
      {!expanded ? (
        <p className="ticket-message__snippet">{message.snippet || subjectOrPlaceholder(message.subject)}</p>
      ) : message.messageId ? (
        <div className="ticket-message__body">
          <CachedMessage messageId={message.messageId} />
        </div>
      ) : message.outboxId ? (
        <div className="ticket-message__body">
          <SentMessage outboxId={message.outboxId} />
        </div>
      ) : (
        <p className="ticket-message__missing" data-testid="message-not-downloaded">
          <CloudOffIcon size={14} /> Not downloaded yet. Mailroom shows this message once it has fetched it from the server; the ticket already knows it from
          the team log.
        </p>
      )}
    </article>
  );
}
