import type { MessageDetail } from '../../src-preload/contract';
import { avatarHue, formatFullDate, initials, isoDate, senderName, subjectOrPlaceholder } from '../lib/format';
import { bridge } from '../lib/bridge';
import { setMessageFlags } from '../stores/flags';
import { AlertIcon, MailIcon, StarIcon } from '../ui/icons';
import { Spinner } from '../ui/Spinner';
import { AttachmentList, listedAttachments, readsInPlace } from './AttachmentList';
import { HtmlBody } from './HtmlBody';
import { Notice } from './Notice';
import { PlainBody } from './PlainBody';
import { ReadableParts } from './ReadableParts';
import { Recipients } from './Recipients';
import { Subject } from './Subject';

function Body({ message }: { message: MessageDetail }) {
  if (!message.bodyLoaded) {
    return (
      <div className="mv-loading" data-testid="message-loading">
        <Spinner /> Loading message…
      </div>
    );
  }
  if (message.html) {
    const { id, htmlLength } = message;
    const rest = htmlLength ? { length: htmlLength, read: () => bridge().messageHtml({ messageId: id }) } : undefined;
    return <HtmlBody html={message.html} rest={rest} title={`Message: ${subjectOrPlaceholder(message.subject)}`} sender={message.from?.address ?? null} />;
  }
  if (message.text && message.text.trim()) return <PlainBody messageId={message.id} text={message.text} textLength={message.textLength} />;
  // A bounce or a forward may carry everything in its parts, shown below.
  if (message.attachments.some(readsInPlace)) return null;
  return <p className="mv-nobody">This message has no text.</p>;
}

/** Read/unread and flag, with their keyboard shortcuts in the tooltips. */
function MessageActions({ message }: { message: MessageDetail }) {
  return (
    <div className="mv-actions" role="toolbar" aria-label="Message actions">
      <button
        type="button"
        className="button button--small button--secondary"
        data-testid="toggle-read"
        data-seen={message.seen ? 'true' : 'false'}
        title={message.seen ? 'Mark as unread (U)' : 'Mark as read (U)'}
        onClick={() => void setMessageFlags(message, { seen: !message.seen })}
      >
        <MailIcon size={14} />
        {message.seen ? 'Mark as unread' : 'Mark as read'}
      </button>
      <button
        type="button"
        className={`button button--small button--secondary mv-flag${message.flagged ? ' mv-flag--on' : ''}`}
        data-testid="toggle-flag"
        data-flagged={message.flagged ? 'true' : 'false'}
        aria-pressed={message.flagged}
        title={message.flagged ? 'Remove the flag (S)' : 'Flag this message (S)'}
        onClick={() => void setMessageFlags(message, { flagged: !message.flagged })}
      >
        <StarIcon size={14} />
        {message.flagged ? 'Flagged' : 'Flag'}
      </button>
    </div>
  );
}

/** The reading pane's content for one message. */
export function MessageView({ message }: { message: MessageDetail }) {
  // Keyed: what the reader unfolded or opened in full in one message does not carry over to the next.
  return <MessageContent key={message.id} message={message} />;
}

function MessageContent({ message }: { message: MessageDetail }) {
  const hue = avatarHue(message.from?.address ?? '');
  return (
    <article className="message-view" data-testid="message-view" data-message-id={message.id}>
      <header className="mv-header">
        <div className="mv-title-row">
          <Subject text={subjectOrPlaceholder(message.subject)} />
          <MessageActions message={message} />
        </div>
        <div className="mv-meta">
          <span className="avatar avatar--lg" style={{ background: `hsl(${hue} 55% 90%)`, color: `hsl(${hue} 45% 30%)` }} aria-hidden="true">
            {initials(message.from)}
          </span>
          <div className="mv-meta__people">
            <div className="mv-from">
              <span className="mv-from__name">{senderName(message.from)}</span>
              {message.from?.address && message.from.name.trim() && <span className="mv-from__address">&lt;{message.from.address}&gt;</span>}
            </div>
            <div className="mv-recipients">
              <Recipients label="To" list={message.to} />
              <Recipients label="Cc" list={message.cc} />
              {message.replyTo.length > 0 && message.replyTo.some((r) => r.address !== message.from?.address) && (
                <Recipients label="Reply-To" list={message.replyTo} />
              )}
            </div>
          </div>
          <time className="mv-date" dateTime={isoDate(message.date)}>
            {formatFullDate(message.date)}
          </time>
        </div>
      </header>

      {message.parseWarnings.length > 0 && (
        <Notice kind="warning" icon={<AlertIcon size={15} />} testId="parse-warnings">
          Parts of this message could not be read: {message.parseWarnings.join('; ')}
        </Notice>
      )}

      <AttachmentList messageId={message.id} attachments={listedAttachments(message.attachments)} />

      <div className="mv-body">
        <Body message={message} />
        <ReadableParts messageId={message.id} attachments={message.attachments} />
      </div>
    </article>
  );
}
