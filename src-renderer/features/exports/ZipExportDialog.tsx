import { useState } from 'react';
import { useExportsStore } from '../../stores/exports';
import { RadioGroupField } from '../../ui/Field';
import { ActionDialog } from '../tickets/ActionDialog';

/** Tickets as a zip of their original .eml files and notes: with or without attachments. */
export function ZipExportDialog() {
  const tickets = useExportsStore((s) => s.zipRequest);
  const starting = useExportsStore((s) => s.starting);
  const error = useExportsStore((s) => s.error);
  const [attachments, setAttachments] = useState<'with' | 'without'>('with');

  if (!tickets) return null;
  const { dismiss, startZip } = useExportsStore.getState();
  const count = tickets.length === 1 ? 'this ticket' : `${tickets.length.toLocaleString()} tickets`;
  return (
    <ActionDialog
      open
      title={tickets.length === 1 ? 'Export the ticket as zip' : `Export ${tickets.length.toLocaleString()} tickets as zip`}
      subtitle={`Each message of ${count} as its original .eml file, exactly as the mail server holds it, with the internal notes in notes.txt.`}
      testId="export-zip-dialog"
      submitLabel="Export zip"
      busyLabel="Starting…"
      busy={starting}
      error={error}
      onSubmit={() => void startZip({ attachments: attachments === 'with' })}
      onClose={dismiss}
    >
      <RadioGroupField<'with' | 'without'>
        name="attachments"
        label="Attachments"
        value={attachments}
        onValue={setAttachments}
        options={[
          { value: 'with', label: 'With attachments', hint: 'The complete original messages.' },
          { value: 'without', label: 'Without attachments', hint: 'Smaller: each attachment is replaced by a line naming it (README.txt in the zip says so).' },
        ]}
      />
    </ActionDialog>
  );
}
