import { useState } from 'react';
import type { ErrorInfo, TicketDetail, TicketSummary } from '../../../src-preload/contract';
import { toErrorInfo } from '../../lib/bridge';
import { findTicketByNumber, parseTicketNumber } from '../../stores/tickets';
import { TextField } from '../../ui/Field';
import { ActionDialog } from './ActionDialog';

/**
 * Asks for another ticket of the same account by its number (merge into #, move a
 * message to #), finds it, and hands it to `onTarget`, which returns true when done.
 */
export function TicketNumberDialog({
  detail,
  title,
  subtitle,
  testId,
  submitLabel,
  busyLabel,
  onTarget,
  onClose,
}: {
  detail: TicketDetail;
  title: string;
  subtitle: string;
  testId: string;
  submitLabel: string;
  busyLabel: string;
  onTarget(target: TicketSummary): Promise<boolean>;
  onClose(): void;
}) {
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const number = parseTicketNumber(typed);
    if (number === null) return setProblem(`Enter the other ticket's number, for example ${detail.number + 1} or ${detail.token.replace(/\d+$/, String(detail.number + 1))}.`);
    if (number === detail.number) return setProblem('That is this ticket. Enter the number of the other one.');
    setBusy(true);
    setError(null);
    try {
      const target = await findTicketByNumber(detail.accountId, number);
      if (!target) {
        setProblem(`There is no ticket #${number} in this account. Check the number in the list.`);
        return;
      }
      if (await onTarget(target)) onClose();
    } catch (err) {
      setError(toErrorInfo(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ActionDialog open title={title} subtitle={subtitle} testId={testId} submitLabel={submitLabel} busyLabel={busyLabel} busy={busy} error={error} onSubmit={() => void submit()} onClose={onClose}>
      <TextField
        label="Ticket number"
        name="ticket-number"
        data-testid={`${testId}-number`}
        inputMode="numeric"
        autoFocus
        placeholder={`e.g. ${detail.number + 1}`}
        value={typed}
        error={problem}
        onValue={(v) => {
          setTyped(v);
          setProblem(undefined);
        }}
      />
    </ActionDialog>
  );
}
