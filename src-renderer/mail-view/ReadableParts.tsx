import { useEffect, useState, type ReactNode } from 'react';
import type { AttachedMessageRead, AttachmentInfo, DeliveryRecipient, ErrorInfo, PartView } from '../../src-preload/contract';
import { formatFullDate, formatSize, subjectOrPlaceholder } from '../lib/format';
import { bridge, toErrorInfo } from '../lib/bridge';
import { ErrorBox } from '../ui/ErrorBox';
import { AlertIcon, MailIcon, ServerIcon } from '../ui/icons';
import { Spinner } from '../ui/Spinner';
import { Notice } from './Notice';
import { attachmentName } from '../../src-preload/attachment-name';
import { AttachmentActions, AttachmentList, AttachmentOutcome, listedAttachments, readsInPlace, type Outcome } from './AttachmentList';
import { Recipients } from './Recipients';

type DeliveryView = Extract<PartView, { kind: 'delivery-status' }>;
type MessageView = Extract<PartView, { kind: 'message' }>;

/** RFC 3464's actions in the words an agent would use. */
const ACTION_LABELS: Record<string, string> = {
  failed: 'Not delivered',
  delayed: 'Delayed, still trying',
  delivered: 'Delivered',
  relayed: 'Passed to a server that sends no reports',
  expanded: 'Delivered to a list',
};

function actionLabel(r: DeliveryRecipient): string {
  return ACTION_LABELS[r.action.toLowerCase()] ?? (r.action || 'Unknown');
}

function DeliveryReport({ view }: { view: DeliveryView }) {
  return (
    <section className="mv-part" aria-label="Delivery report" data-testid="delivery-report">
      <h2 className="mv-part__title">
        <ServerIcon size={14} />
        Delivery report{view.reportingMta && <span className="mv-part__detail">from {view.reportingMta}</span>}
      </h2>
      {view.recipients.length === 0 ? (
        <p className="mv-nobody">The report names no recipients.</p>
      ) : (
        <table className="mv-dsn">
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col">Result</th>
              <th scope="col">Status</th>
              <th scope="col">Server&apos;s reply</th>
            </tr>
          </thead>
          <tbody>
            {view.recipients.map((r, i) => (
              <tr key={`${r.recipient}-${i}`} data-action={r.action.toLowerCase()}>
                <td className="mv-dsn__recipient">{r.recipient || 'Unknown recipient'}</td>
                <td className="mv-dsn__action">{actionLabel(r)}</td>
                <td className="mv-dsn__status">{r.status}</td>
                <td className="mv-dsn__diagnostic">
                  {r.diagnostic}
                  {r.remoteMta && <span className="mv-part__detail">{r.remoteMta}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.arrivalDate && <p className="mv-part__footer">Arrived at the reporting server on {view.arrivalDate}</p>}
    </section>
  );
}

/** An attached message's heading with Open and Save… (the whole message as .eml), around what is shown of it. */
function AttachedMessageFrame({ messageId, part, subject, children }: { messageId: string; part: AttachmentInfo; subject: string | null; children: ReactNode }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const { sha256 } = part;
  return (
    <section className="mv-part" aria-label={subject === null ? 'Attached message' : `Attached message: ${subject}`} data-testid="attached-message">
      <div className="mv-part__head">
        <h2 className="mv-part__title">
          <MailIcon size={14} />
          Attached message<span className="mv-part__detail">{formatSize(part.size)}</span>
        </h2>
        {sha256 && (
          <span className="mv-part__actions">
            <AttachmentActions name={attachmentName(part)} attachment={{ messageId, sha256 }} onOutcome={setOutcome} />
          </span>
        )}
      </div>
      <AttachmentOutcome outcome={outcome} />
      {children}
    </section>
  );
}

function AttachedMessageBody({ messageId, part, view }: { messageId: string; part: AttachmentInfo; view: MessageView }) {
  return (
    <>
      <div className="mv-part__headers">
        <div className="mv-part__subject">{subjectOrPlaceholder(view.subject)}</div>
        <div className="mv-recipients">
          <Recipients label="From" list={view.from ? [view.from] : []} />
          <Recipients label="To" list={view.to} />
          <Recipients label="Cc" list={view.cc} />
          {view.date !== null && (
            <div className="mv-recipients__row">
              <span className="mv-recipients__label">Date</span>
              <span className="mv-recipients__list">{formatFullDate(view.date)}</span>
            </div>
          )}
        </div>
      </div>
      {view.text.trim() ? (
        <div className="mv-plain mv-part__text">{view.text}</div>
      ) : (
        <p className="mv-nobody">{part.contentType === 'text/rfc822-headers' ? 'Only the headers of the message came back.' : 'The attached message has no text.'}</p>
      )}
      <AttachmentList messageId={messageId} attachments={listedAttachments(view.attachments)} />
      <ReadableParts messageId={messageId} attachments={view.attachments} />
    </>
  );
}

/** An attached message stored without its view (too big to read with the message, or cached before views existed): read from the cache when shown. */
function StoredAttachedMessage({ messageId, part, sha256 }: { messageId: string; part: AttachmentInfo; sha256: string }) {
  const [read, setRead] = useState<AttachedMessageRead | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    let current = true;
    bridge()
      .attachedMessage({ messageId, sha256 })
      .then(
        (result) => current && setRead(result),
        (err: unknown) => current && setError(toErrorInfo(err)),
      );
    return () => {
      current = false;
    };
  }, [messageId, sha256]);
  return (
    <AttachedMessageFrame messageId={messageId} part={part} subject={read ? subjectOrPlaceholder(read.view.subject) : null}>
      {error ? (
        <ErrorBox title="The attached message could not be read" error={error} />
      ) : !read ? (
        <div className="mv-loading">
          <Spinner /> Reading the attached message…
        </div>
      ) : (
        <>
          {read.warnings.length > 0 && (
            <Notice kind="warning" icon={<AlertIcon size={15} />}>
              Parts of the attached message could not be read: {read.warnings.join('; ')}
            </Notice>
          )}
          <AttachedMessageBody messageId={messageId} part={part} view={read.view} />
        </>
      )}
    </AttachedMessageFrame>
  );
}

/** Delivery reports and attached messages, shown in place after the body. */
export function ReadableParts({ messageId, attachments }: { messageId: string; attachments: AttachmentInfo[] }) {
  return (
    <>
      {attachments.map((part, i) =>
        part.view?.kind === 'delivery-status' ? (
          <DeliveryReport key={i} view={part.view} />
        ) : part.view?.kind === 'message' ? (
          <AttachedMessageFrame key={i} messageId={messageId} part={part} subject={subjectOrPlaceholder(part.view.subject)}>
            <AttachedMessageBody messageId={messageId} part={part} view={part.view} />
          </AttachedMessageFrame>
        ) : part.sha256 && readsInPlace(part) ? (
          <StoredAttachedMessage key={i} messageId={messageId} part={part} sha256={part.sha256} />
        ) : null,
      )}
    </>
  );
}
