import { memo } from 'react';
import type { MessageSummary } from '../../../src-preload/contract';
import { formatListDate, isoDate, senderName, subjectOrPlaceholder } from '../../lib/format';
import { PaperclipIcon, StarIcon } from '../../ui/icons';
import { Highlight } from './Highlight';
import { SearchResultFolder } from './SearchResultFolder';

/** The grey shape of a row whose message has not arrived yet. */
export function RowSkeleton() {
  return (
    <div className="msg-row__main">
      <div className="skeleton skeleton--from" />
      <div className="skeleton skeleton--subject" />
      <div className="skeleton skeleton--snippet" />
    </div>
  );
}

interface RowProps {
  index: number;
  message: MessageSummary | undefined;
  selected: boolean;
  open: boolean;
  top: number;
  height: number;
  compact: boolean;
  onActivate(index: number, message: MessageSummary): void;
}

/** One conversation in the list; a grey placeholder until its page has arrived. */
export const MessageRow = memo(function MessageRow({ index, message, selected, open, top, height, compact, onActivate }: RowProps) {
  const style = { transform: `translateY(${top}px)`, height };
  if (!message) {
    return (
      <div className="msg-row msg-row--placeholder" style={style} role="option" aria-selected={selected} aria-busy="true" id={`msg-row-${index}`}>
        <RowSkeleton />
      </div>
    );
  }
  const unread = !message.seen;
  const from = senderName(message.from);
  const subject = subjectOrPlaceholder(message.subject);
  const date = formatListDate(message.date);
  // What a screen reader says for the highlighted row (aria-activedescendant): the row's gist, in reading order.
  const label = [unread && 'Unread', from, subject, message.flagged && 'Flagged', message.hasAttachments && 'Has attachments', date].filter(Boolean).join(', ');
  // The same mail stored more than once in this folder: one row, the count said on it.
  const copies = message.copies ? `${message.copies} copies` : null;
  const classes = ['msg-row', compact && 'msg-row--compact', unread && 'msg-row--unread', selected && 'msg-row--selected', open && 'msg-row--open'].filter(Boolean).join(' ');
  return (
    <div
      className={classes}
      style={style}
      role="option"
      id={`msg-row-${index}`}
      aria-selected={selected}
      aria-label={copies ? `${label}, ${copies}` : label}
      data-testid="message-row"
      data-message-id={message.id}
      data-index={index}
      data-unread={unread ? 'true' : 'false'}
      data-flagged={message.flagged ? 'true' : 'false'}
      onClick={() => onActivate(index, message)}
    >
      <span className="msg-row__dot" aria-label={unread ? 'Unread' : undefined} role={unread ? 'img' : undefined} />
      <div className="msg-row__main">
        <div className="msg-row__top">
          <span className="msg-row__from" title={message.from?.address ?? undefined}>
            <Highlight text={from} />
          </span>
          <SearchResultFolder mailboxId={message.mailboxId} />
          {copies && (
            <span className="msg-row__copies" data-testid="copies-badge" title="The server holds this same message more than once in this folder">
              {copies}
            </span>
          )}
          <span className="msg-row__icons">
            {message.flagged && <StarIcon size={13} className="msg-row__flag" role="img" aria-hidden={false} aria-label="Flagged" />}
            {message.hasAttachments && (
              <span className="msg-row__clip" title="Has attachments">
                <PaperclipIcon size={13} />
                <span className="visually-hidden">Has attachments</span>
              </span>
            )}
          </span>
          <time className="msg-row__date" dateTime={isoDate(message.date)}>
            {date}
          </time>
        </div>
        <div className="msg-row__subject">
          <Highlight text={subject} />
        </div>
        {!compact && <div className="msg-row__snippet">{message.snippet ? <Highlight text={message.snippet} /> : '\u00a0'}</div>}
      </div>
    </div>
  );
});
