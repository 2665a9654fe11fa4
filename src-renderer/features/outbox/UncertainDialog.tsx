import { useId, useState } from 'react';
import type { ErrorInfo, OutboxItem } from '../../../src-preload/contract';
import { subjectOrPlaceholder } from '../../lib/format';
import { useOutboxStore } from '../../stores/outbox';
import { ErrorBox } from '../../ui/ErrorBox';
import { CrossIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';
import { recipientsInWords } from './status';

type Outcome = 'delivered' | 'resend' | 'cancel';

const CHOICES: { outcome: Outcome; label: string; busy: string; hint: string; primary?: boolean }[] = [
  { outcome: 'delivered', label: 'It arrived (mark sent)', busy: 'Marking…', hint: 'You found it in Sent or the recipient has it: Mailroom records it as sent and adds it to its ticket.', primary: true },
  { outcome: 'resend', label: 'Send it again', busy: 'Queuing…', hint: 'It did not arrive: Mailroom sends it once more. If it did arrive after all, the recipient gets it twice.' },
  { outcome: 'cancel', label: "Don't send", busy: 'Cancelling…', hint: 'Leave it as it is: Mailroom will not send it again.' },
];

function UncertainForm({ item, onClose }: { item: OutboxItem; onClose(): void }) {
  const titleId = useId();
  const [busy, setBusy] = useState<Outcome | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const decide = async (outcome: Outcome) => {
    setBusy(outcome);
    const refused = await useOutboxStore.getState().run(item.id, { kind: 'resolve', outcome });
    setBusy(null);
    if (refused) setError(refused);
    else onClose();
  };

  return (
    <Modal open onClose={onClose} canClose={() => busy === null} labelledBy={titleId} className="dialog--small" testId="uncertain-dialog">
      <div className="dialog__panel">
        <header className="dialog__header">
          <div>
            <h2 id={titleId} className="dialog__title">
              Did “{subjectOrPlaceholder(item.subject)}” arrive?
            </h2>
            <p className="dialog__subtitle">{recipientsInWords(item.recipients)}</p>
          </div>
          <button type="button" className="icon-button" aria-label="Close" disabled={busy !== null} onClick={onClose}>
            <CrossIcon size={16} />
          </button>
        </header>
        <div className="dialog__body outbox-uncertain">
          <p>
            Mailroom handed the whole message to the server, then the connection dropped before the server answered. The server may have accepted it, or not: nobody can tell from here, so Mailroom does not send it again on its own.
          </p>
          <p>
            <strong>Check first:</strong> look for it in the account&apos;s Sent folder or in the recipient&apos;s reply, or ask the recipient.
          </p>
          <ul className="outbox-uncertain__choices">
            {CHOICES.map((c) => (
              <li key={c.outcome}>
                <button
                  type="button"
                  className={`button ${c.primary ? 'button--primary' : 'button--secondary'}`}
                  data-testid={`uncertain-${c.outcome}`}
                  disabled={busy !== null}
                  onClick={() => void decide(c.outcome)}
                >
                  {busy === c.outcome && <Spinner />}
                  {busy === c.outcome ? c.busy : c.label}
                </button>
                <span className="outbox-uncertain__hint">{c.hint}</span>
              </li>
            ))}
          </ul>
          {error && <ErrorBox title="That did not work" error={error} testId="uncertain-error" />}
        </div>
      </div>
    </Modal>
  );
}

/** The agent's decision on mail whose delivery is uncertain: never a blind resend. */
export function UncertainDialog({ item }: { item: OutboxItem | null }) {
  const deciding = useOutboxStore((s) => s.deciding);
  const close = () => useOutboxStore.getState().setDeciding(null);
  if (!item || deciding !== item.id) return null;
  return <UncertainForm key={item.id} item={item} onClose={close} />;
}
