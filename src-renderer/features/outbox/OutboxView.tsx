import { useEffect, useId } from 'react';
import { formatCount } from '../../lib/format';
import { ALL_OUTBOX, useOutboxStore } from '../../stores/outbox';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorBox, LoadError } from '../../ui/ErrorBox';
import { SendIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { OutboxFilters } from './OutboxFilters';
import { OutboxMessage } from './OutboxMessage';
import { OutboxTable } from './OutboxTable';
import { RecipientLegend } from './Recipients';
import { UncertainDialog } from './UncertainDialog';
import { useOutboxPreview } from './useOutboxPreview';

function hasFilters(query: { states: unknown[]; accountId: string; text: string }): boolean {
  return query.states.length > 0 || query.accountId !== '' || query.text !== '';
}

/** The selected mail below the log, or a hint to select one. */
function PreviewPane() {
  const selectedId = useOutboxStore((s) => s.selectedId);
  const { preview, error } = useOutboxPreview(selectedId);
  let content;
  if (!selectedId) {
    content = <p className="outbox-preview__hint">Select a mail to see it as it was sent, why it failed and how to fix it.</p>;
  } else if (error && !preview) {
    content = <ErrorBox title="This mail could not be opened" error={error} />;
  } else if (!preview) {
    content = (
      <div className="mv-loading">
        <Spinner /> Loading mail…
      </div>
    );
  } else {
    content = <OutboxMessage preview={preview} />;
  }
  return (
    <section className="outbox-preview" aria-label="Selected mail">
      {content}
      <UncertainDialog item={preview?.item ?? null} />
    </section>
  );
}

/**
 * The Outbox area: every mail Mailroom sends, newest first, with its state (waiting, sent,
 * failed and why, uncertain), filters, and the selected one's preview and actions.
 */
export function OutboxView() {
  const query = useOutboxStore((s) => s.query);
  const total = useOutboxStore((s) => s.total);
  const error = useOutboxStore((s) => s.error);
  const legendId = useId();

  useEffect(() => {
    if (useOutboxStore.getState().query === null) useOutboxStore.getState().show(ALL_OUTBOX);
    else useOutboxStore.getState().refresh();
  }, []);

  if (!query) return <section className="outbox" aria-label="Outbox" />;

  let content;
  if (error && !total) {
    content = <LoadError title="The outgoing mail could not be loaded" error={error} testId="outbox-error-load" onRetry={() => useOutboxStore.getState().refresh()} />;
  } else if (total === null) {
    content = (
      <div className="mv-loading">
        <Spinner /> Loading outgoing mail…
      </div>
    );
  } else if (total === 0) {
    content = hasFilters(query) ? (
      <EmptyState
        kind="no-outbox-match"
        icon={<SendIcon size={22} />}
        title="No outgoing mail matches these filters"
        action={
          <button type="button" className="button button--small button--secondary" onClick={() => useOutboxStore.getState().clearFilters()}>
            Clear filters
          </button>
        }
      >
        Change the status or account, or search for part of a subject or an address.
      </EmptyState>
    ) : (
      <EmptyState kind="no-outbox" icon={<SendIcon size={22} />} title="Nothing sent yet">
        Every mail Mailroom sends appears here: replies, new mail and auto-replies, while they wait to go out (the undo seconds, a scheduled time, the next
        attempt when the server is unreachable), once the server accepted them, and, if they failed, why and how to fix it.
      </EmptyState>
    );
  } else {
    content = <OutboxTable total={total} legendId={legendId} />;
  }

  return (
    <section className="outbox" aria-label="Outbox" data-testid="outbox-view">
      <header className="list-header outbox__header">
        <div className="outbox__title-row">
          <h1 className="list-header__title">Outbox</h1>
          <p className="list-header__meta" aria-live="polite" data-testid="outbox-count">
            {total === null ? '\u00a0' : `${formatCount(total)} ${total === 1 ? 'mail' : 'mails'}`}
          </p>
        </div>
        <OutboxFilters query={query} />
        <RecipientLegend id={legendId} />
      </header>
      <div className="outbox__log">{content}</div>
      <PreviewPane />
    </section>
  );
}
