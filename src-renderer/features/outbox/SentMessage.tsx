import { ErrorBox } from '../../ui/ErrorBox';
import { Spinner } from '../../ui/Spinner';
import { OutboxMessage } from './OutboxMessage';
import { UncertainDialog } from './UncertainDialog';
import { useOutboxPreview } from './useOutboxPreview';

/** A ticket's message this client sent, read from the outbox: shown (with its state) before or without a synced Sent copy. */
export function SentMessage({ outboxId }: { outboxId: string }) {
  const { preview, error } = useOutboxPreview(outboxId);
  if (error && !preview) return <ErrorBox title="This sent mail could not be opened" error={error} />;
  if (!preview) {
    return (
      <div className="mv-loading">
        <Spinner /> Loading sent mail…
      </div>
    );
  }
  return (
    <>
      <OutboxMessage preview={preview} inTicket />
      <UncertainDialog item={preview.item} />
    </>
  );
}
