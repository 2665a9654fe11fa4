import type { ReactNode } from 'react';
import type { AfterSendStep, OutboxItem, OutboxPreview, OutboxRecipient } from '../../../src-preload/contract';
import { formatAddress, formatFullDate, formatSize, subjectOrPlaceholder } from '../../lib/format';
import { AttachmentList } from '../../mail-view/AttachmentList';
import { HtmlBody } from '../../mail-view/HtmlBody';
import { ErrorBox, ErrorText } from '../../ui/ErrorBox';
import { OutboxActions } from './OutboxActions';
import { OutboxStatePill } from './StatePill';
import { countsDown, stateDetail } from './status';
import { useClock } from './useOutboxPreview';

const KIND_LABEL: Record<OutboxRecipient['kind'], string> = { to: 'To', cc: 'Cc', bcc: 'Bcc' };

const SENT_FOLDER_WORDS: Record<AfterSendStep, string> = {
  done: 'Saved in the Sent folder',
  pending: 'Not in the Sent folder yet: Mailroom tries again',
  skipped: 'No copy put in Sent: the provider keeps one itself, the account is set not to, or it has no Sent folder',
  failed: 'Could not be saved in the Sent folder',
};

const TICKET_WORDS: Record<AfterSendStep, string> = {
  done: 'added to the ticket',
  pending: 'not in the ticket yet: Mailroom tries again',
  skipped: 'not added to the ticket',
  failed: 'could not be added to the ticket',
};

function HeaderRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="outbox-message__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** To, Cc and Bcc each on their row; a refused recipient says why and what to do. */
function RecipientRows({ recipients }: { recipients: OutboxRecipient[] }) {
  return (
    <>
      {(['to', 'cc', 'bcc'] as const).map((kind) => {
        const list = recipients.filter((r) => r.kind === kind);
        if (list.length === 0) return null;
        return (
          <HeaderRow key={kind} label={KIND_LABEL[kind]}>
            <ul className="outbox-message__recipients">
              {list.map((r, i) => (
                <li key={`${r.address}-${i}`} data-testid="outbox-recipient" data-refused={r.refused ? 'true' : 'false'}>
                  <span className={r.refused ? 'outbox-recipient--refused' : undefined}>{formatAddress(r)}</span>
                  {r.refused && (
                    <div className="outbox-message__refusal" data-code={r.refused.code}>
                      <strong>Refused.</strong> <ErrorText error={r.refused} />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </HeaderRow>
        );
      })}
    </>
  );
}

function errorTitle(item: OutboxItem): string {
  if (item.state === 'uncertain') return 'Delivery is uncertain';
  if (item.state === 'failed') return 'Why it was not sent';
  if (item.state === 'queued') return 'The last attempt failed; Mailroom tries again';
  return 'The last attempt failed';
}

/**
 * One outgoing mail as sent: its state and what to do, the headers (refusals per recipient),
 * the attachments and the body in the reader's sandboxed frame. Shown in the Outbox and in a
 * ticket for mail this client sent (there without what the ticket already says).
 */
export function OutboxMessage({ preview, inTicket = false }: { preview: OutboxPreview; inTicket?: boolean }) {
  const { item } = preview;
  const now = useClock(countsDown(item));
  const detail = stateDetail(item, now);
  const subject = subjectOrPlaceholder(item.subject);
  return (
    <article className="outbox-message" data-testid="outbox-preview" data-id={item.id} data-state={item.state}>
      <header className="outbox-message__head">
        <h2 className="outbox-message__subject">{subject}</h2>
        <div className="outbox-message__state" data-testid="outbox-preview-state">
          <OutboxStatePill state={item.state} />
          {detail && <span className="outbox-message__detail">{detail}</span>}
        </div>
      </header>

      {item.error && <ErrorBox title={errorTitle(item)} error={item.error} testId="outbox-error" />}
      <OutboxActions item={item} />

      <dl className="outbox-message__headers">
        <HeaderRow label="From">{formatAddress(item.from)}</HeaderRow>
        <RecipientRows recipients={item.recipients} />
        {/* The ticket already says when, where and which ticket; the log shows it all. */}
        {!inTicket && (
          <>
            <HeaderRow label="Written">{formatFullDate(item.createdAt)}</HeaderRow>
            {item.sentAt !== null && <HeaderRow label="Sent">{formatFullDate(item.sentAt)}</HeaderRow>}
            {item.ticket?.number != null && <HeaderRow label="Ticket">#{item.ticket.number}</HeaderRow>}
            <HeaderRow label="Account">
              <span className="key-chip">{item.accountKey}</span>
            </HeaderRow>
            <HeaderRow label="Size">{formatSize(item.size)}</HeaderRow>
            <HeaderRow label="Message-ID">
              <code className="outbox-message__id">{item.messageId}</code>
            </HeaderRow>
          </>
        )}
        {item.state === 'sent' && (
          <HeaderRow label="Afterwards">
            {SENT_FOLDER_WORDS[item.sentFolder]}
            {item.ticket && <>; {TICKET_WORDS[item.ticketLogged]}</>}
          </HeaderRow>
        )}
      </dl>

      <AttachmentList attachments={preview.attachments} />
      <div className="outbox-message__body mv-body">
        {preview.html ? (
          <HtmlBody html={preview.html} title={`Sent mail: ${subject}`} />
        ) : preview.text.trim() ? (
          <div className="mv-plain" data-testid="message-text">
            {preview.text}
          </div>
        ) : (
          <p className="mv-nobody">This mail has no text.</p>
        )}
      </div>
    </article>
  );
}
