import { useState } from 'react';
import type { TicketDetail } from '../../../src-preload/contract';
import { useTicketsStore } from '../../stores/tickets';
import { SelectField } from '../../ui/Field';
import { ActionDialog } from './ActionDialog';
import { refOf } from './useTicketContext';

function CloseForm({ detail, onClose }: { detail: TicketDetail; onClose(): void }) {
  const [disposition, setDisposition] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const none = detail.dispositions.length === 0;

  const submit = async () => {
    if (!disposition) return setProblem('Choose how this ticket ended: this account needs a disposition before closing.');
    setBusy(true);
    const ok = await useTicketsStore.getState().act(refOf(detail), { type: 'status', status: 'closed', disposition });
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <ActionDialog
      open
      title={`Close #${detail.number}`}
      subtitle="This account needs a disposition before a ticket is closed."
      testId="close-dialog"
      submitLabel="Close ticket"
      busyLabel="Closing…"
      busy={busy}
      canSubmit={!none}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      {none ? (
        <p className="field__error" role="alert">
          No dispositions are set up for this account, so no ticket can be closed. An admin adds them in Settings → Team → Dispositions.
        </p>
      ) : (
        <SelectField
          label="Disposition"
          name="disposition"
          testId="close-disposition"
          value={disposition}
          error={problem}
          options={[{ value: '', label: 'Choose…' }, ...detail.dispositions.map((d) => ({ value: d, label: d }))]}
          onValue={(v) => {
            setDisposition(v);
            setProblem(undefined);
          }}
        />
      )}
    </ActionDialog>
  );
}

/** Closing a ticket whose account requires a disposition (C, the Close button or the status menu). */
export function CloseDialog({ detail }: { detail: TicketDetail }) {
  const open = useTicketsStore((s) => s.panel === 'close');
  const close = () => useTicketsStore.getState().setPanel(null);
  return open ? <CloseForm key={detail.key} detail={detail} onClose={close} /> : null;
}
