import { useState } from 'react';
import type { ErrorInfo, OutboxItem } from '../../../src-preload/contract';
import { useOutboxStore, type OutboxCommand } from '../../stores/outbox';
import { ErrorBox } from '../../ui/ErrorBox';
import { RefreshIcon } from '../../ui/icons';
import { Spinner } from '../../ui/Spinner';
import { actionsFor } from './status';

/** Resend (failed, cancelled), Cancel (queued, failed), and for uncertain mail the decision dialog; a refusal shows here. */
export function OutboxActions({ item }: { item: OutboxItem }) {
  const [busy, setBusy] = useState<OutboxCommand['kind'] | null>(null);
  const [error, setError] = useState<{ id: string; error: ErrorInfo } | null>(null);
  const actions = actionsFor(item.state);
  if (actions.length === 0) return null;

  const run = async (command: OutboxCommand) => {
    setBusy(command.kind);
    const refused = await useOutboxStore.getState().run(item.id, command);
    setBusy(null);
    setError(refused ? { id: item.id, error: refused } : null);
  };

  return (
    <div className="outbox-actions">
      <div className="outbox-actions__buttons" role="toolbar" aria-label="Outgoing mail actions">
        {actions.includes('resolve') && (
          <button type="button" className="button button--small button--primary" data-testid="outbox-decide" onClick={() => useOutboxStore.getState().setDeciding(item.id)}>
            Decide what to do…
          </button>
        )}
        {actions.includes('resend') && (
          <button type="button" className="button button--small button--primary" data-testid="outbox-resend" disabled={busy !== null} onClick={() => void run({ kind: 'resend' })}>
            {busy === 'resend' ? <Spinner /> : <RefreshIcon size={13} />}
            {busy === 'resend' ? 'Queuing…' : item.state === 'cancelled' ? 'Send after all' : 'Resend'}
          </button>
        )}
        {actions.includes('cancel') && (
          <button type="button" className="button button--small button--secondary" data-testid="outbox-cancel" disabled={busy !== null} onClick={() => void run({ kind: 'cancel' })}>
            {busy === 'cancel' && <Spinner />}
            {busy === 'cancel' ? 'Cancelling…' : item.state === 'queued' ? 'Cancel sending' : "Don't send"}
          </button>
        )}
      </div>
      {error && error.id === item.id && <ErrorBox title="That did not work" error={error.error} testId="outbox-action-error" />}
    </div>
  );
}
