import { useState } from 'react';
import type { TicketRef } from '../../../src-preload/contract';
import { formatCount } from '../../lib/format';
import { useDeletionStore } from '../../stores/deletion';
import { useExportsStore } from '../../stores/exports';
import { selectionCount, useInteractionsStore } from '../../stores/interactions';
import { ErrorText } from '../../ui/ErrorBox';
import { FileIcon, TrashIcon } from '../../ui/icons';
import { ColumnsMenu } from './ColumnsMenu';

/**
 * What the agent can do with the list: export it as CSV (its filters, order and visible
 * columns), and with the ticked rows export them as a zip of .eml files or delete them.
 * The dialogs that ask the details belong to the exports and deletion features.
 */
export function InteractionsToolbar() {
  const total = useInteractionsStore((s) => s.total ?? 0);
  const selection = useInteractionsStore((s) => s.selection);
  const selectionError = useInteractionsStore((s) => s.selectionError);
  const count = selectionCount(selection, total);
  const [reading, setReading] = useState(false);

  /** Hands the ticked tickets to a dialog; "all" is read from main first. */
  const withSelected = async (ask: (refs: TicketRef[]) => void) => {
    setReading(true);
    try {
      const refs = await useInteractionsStore.getState().selectedRefs();
      if (refs.length > 0) ask(refs);
    } finally {
      setReading(false);
    }
  };

  const exportCsv = () => {
    const { query, columns } = useInteractionsStore.getState();
    if (!query) return;
    useExportsStore.getState().askCsv({ filter: query.filter, sort: query.sort, descending: query.descending, columns });
  };

  return (
    <div className="interactions-toolbar" role="toolbar" aria-label="Interactions actions" data-testid="interactions-toolbar">
      <div className="interactions-toolbar__selection" aria-live="polite" data-testid="interactions-selection">
        {count > 0 ? (
          <>
            <span className="interactions-toolbar__count">{formatCount(count)} selected</span>
            <button type="button" className="link-button" data-testid="interactions-clear-selection" onClick={() => useInteractionsStore.getState().clearSelection()}>
              Clear
            </button>
          </>
        ) : (
          <span className="interactions-toolbar__hint">Tick rows (Shift-click for a range, Ctrl+A for all) to export or delete them.</span>
        )}
      </div>
      <div className="interactions-toolbar__actions">
        <button type="button" className="button button--small button--secondary" data-testid="interactions-export-csv" disabled={total === 0} onClick={exportCsv} title="Export the list as it stands: its filters, order and visible columns">
          <FileIcon size={14} />
          Export CSV
        </button>
        <button
          type="button"
          className="button button--small button--secondary"
          data-testid="interactions-export-zip"
          disabled={count === 0 || reading}
          aria-busy={reading || undefined}
          title={count === 0 ? 'Tick the tickets to export first' : 'Export the ticked tickets as a zip of their original messages and notes'}
          onClick={() => void withSelected((refs) => useExportsStore.getState().askZip(refs))}
        >
          Export as zip
        </button>
        <button
          type="button"
          className="button button--small button--secondary button--danger-text"
          data-testid="interactions-delete"
          disabled={count === 0 || reading}
          aria-busy={reading || undefined}
          title={count === 0 ? 'Tick the tickets to delete first' : 'Delete the ticked tickets (you confirm first)'}
          onClick={() => void withSelected((refs) => useDeletionStore.getState().ask(refs))}
        >
          <TrashIcon size={14} />
          Delete
        </button>
        <ColumnsMenu />
      </div>
      {selectionError && (
        <div className="interactions-toolbar__error" role="alert">
          <ErrorText error={selectionError} />
        </div>
      )}
    </div>
  );
}
