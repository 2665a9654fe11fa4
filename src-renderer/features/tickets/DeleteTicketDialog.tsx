import { useState } from 'react';
import type { ErrorInfo, TicketRef } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { useDeletionStore } from '../../stores/deletion';
import { useTicketsStore } from '../../stores/tickets';
import { RadioGroupField } from '../../ui/Field';
import { ActionDialog } from './ActionDialog';

type Kind = 'mailroom' | 'server';

/** "#12 Printer on fire" for the open ticket, "3 tickets" for a selection. */
function whatGoes(refs: TicketRef[]): string {
  const detail = useTicketsStore.getState().detail;
  const [only] = refs;
  if (refs.length === 1 && only && detail && detail.accountId === only.accountId && detail.key === only.ticket) return `#${detail.number} ${detail.subject || '(no subject)'}`;
  return refs.length === 1 ? 'this ticket' : `${refs.length} tickets`;
}

function DeleteForm({ refs, onClose }: { refs: TicketRef[]; onClose(): void }) {
  const [kind, setKind] = useState<Kind>('mailroom');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState(0);
  const many = refs.length > 1;

  const submit = async () => {
    setBusy(true);
    setError(null);
    // One by one, so a failure names how far it got and a retry starts from there.
    for (const [i, ref] of refs.entries()) {
      if (i < done) continue;
      try {
        await bridge().deleteTicket({ ...ref, fromServer: kind === 'server' });
        setDone(i + 1);
      } catch (err) {
        setError(toErrorInfo(err));
        setBusy(false);
        return;
      }
    }
    const open = useTicketsStore.getState().openRef;
    if (open && refs.some((r) => r.accountId === open.accountId && r.ticket === open.ticket)) useTicketsStore.getState().close();
    setBusy(false);
    onClose();
  };

  return (
    <ActionDialog
      open
      title={`Delete ${whatGoes(refs)}?`}
      subtitle={kind === 'server' ? 'Deleted for the whole team, and erased from the mail server.' : 'Deleted for the whole team; the mail stays on the server.'}
      testId="delete-ticket-dialog"
      submitLabel={kind === 'server' ? 'Delete from Mailroom and the server' : 'Delete from Mailroom'}
      busyLabel={many ? `Deleting… ${done} of ${refs.length}` : 'Deleting…'}
      busy={busy}
      danger
      error={error}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <RadioGroupField<Kind>
        name="delete-kind"
        label="What to delete"
        value={kind}
        disabled={busy}
        onValue={setKind}
        options={[
          {
            value: 'mailroom',
            label: 'From Mailroom only',
            hint: `${many ? 'They leave' : 'It leaves'} every agent's lists. The messages stay in the mailbox on the server (webmail still shows them), and new mail in the conversation opens a new ticket.`,
          },
          {
            value: 'server',
            label: 'Also from the server',
            hint: 'As above, and the messages are moved to the Trash folder on the server, then erased from it for good. This cannot be undone.',
          },
        ]}
      />
      {error && done > 0 && (
        <p className="field__hint">
          {done} of {refs.length} were deleted. Delete again to go on with the rest.
        </p>
      )}
    </ActionDialog>
  );
}

/** Confirms deleting the tickets any screen asked for (stores/deletion.ts), saying which kind of deletion. */
export function DeleteTicketDialog() {
  const refs = useDeletionStore((s) => s.request);
  const close = () => useDeletionStore.getState().dismiss();
  return refs ? <DeleteForm key={refs.map((r) => `${r.accountId}|${r.ticket}`).join(',')} refs={refs} onClose={close} /> : null;
}
