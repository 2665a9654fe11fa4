import { useEffect, useState } from 'react';
import { bridge } from '../../lib/bridge';
import { useExportsStore, type CsvExportRequest } from '../../stores/exports';
import { CheckboxField } from '../../ui/Field';
import { ActionDialog } from '../tickets/ActionDialog';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The CSV export of the interactions list: what will be written (rows, columns) and the byte-order mark option. */
export function CsvExportDialog() {
  const request = useExportsStore((s) => s.csvRequest);
  const starting = useExportsStore((s) => s.starting);
  const error = useExportsStore((s) => s.error);
  const [bom, setBom] = useState(false);
  // The count belongs to the request it was made for: a new request shows "counting" until its own arrives.
  const [counted, setCounted] = useState<{ request: CsvExportRequest; rows: number } | null>(null);
  const rows = counted && counted.request === request ? counted.rows : null;

  useEffect(() => {
    if (!request) return;
    let current = true;
    bridge()
      .listTickets({ filter: request.filter, sort: request.sort, descending: request.descending, offset: 0, limit: 1 })
      .then((page) => {
        if (current) setCounted({ request, rows: page.total });
      })
      // Without a count the dialog still exports; main counts again when it starts.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [request]);

  if (!request) return null;
  const { dismiss, startCsv } = useExportsStore.getState();
  const columns = plural(request.columns.length, 'column', 'columns');
  return (
    <ActionDialog
      open
      title="Export the list as CSV"
      subtitle="With the list's filters, order and visible columns."
      testId="export-csv-dialog"
      submitLabel="Export CSV"
      busyLabel="Starting…"
      busy={starting}
      canSubmit={rows !== 0}
      error={error}
      onSubmit={() => void startCsv({ bom })}
      onClose={dismiss}
    >
      <p className="export-dialog__summary" data-testid="export-csv-summary">
        {rows === null ? `Counting rows… · ${columns}` : rows === 0 ? 'No tickets match the filters: change them to export something.' : `${plural(rows, 'row', 'rows')} · ${columns}`}
      </p>
      <CheckboxField
        name="bom"
        label="Add a byte-order mark (for Excel)"
        hint="Excel then reads accents and other non-English letters right. Leave it off for other programs."
        checked={bom}
        testId="export-csv-bom"
        onValue={setBom}
      />
      <p className="export-dialog__note">Dates are written in ISO 8601 in your time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}).</p>
    </ActionDialog>
  );
}
