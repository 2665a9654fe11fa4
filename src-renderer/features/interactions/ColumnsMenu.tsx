import { useEffect, useId, useRef, useState } from 'react';
import { COLUMN_LABEL, INTERACTION_COLUMNS } from '../../../src-preload/contract';
import { useInteractionsStore } from '../../stores/interactions';
import { ListIcon } from '../../ui/icons';

/** Which columns the table shows; remembered on this computer (and saved with a view). */
export function ColumnsMenu() {
  const columns = useInteractionsStore((s) => s.columns);
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const panelId = useId();

  // A click anywhere else or Escape closes it, as menus do.
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        setOpen(false);
        rootRef.current?.querySelector('button')?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="columns-menu" ref={rootRef}>
      <button
        type="button"
        className="button button--small button--secondary"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="interactions-columns"
        onClick={() => setOpen((o) => !o)}
      >
        <ListIcon size={14} />
        Columns
      </button>
      {open && (
        <fieldset id={panelId} className="columns-menu__panel" data-testid="interactions-columns-menu">
          <legend className="columns-menu__title">Show columns</legend>
          {INTERACTION_COLUMNS.map((column) => {
            const checked = columns.includes(column);
            const last = checked && columns.length === 1;
            return (
              <label key={column} className="columns-menu__item" title={last ? 'The table needs at least one column' : undefined}>
                <input
                  type="checkbox"
                  className="checkbox"
                  checked={checked}
                  disabled={last}
                  data-testid={`column-toggle-${column}`}
                  onChange={() => useInteractionsStore.getState().toggleColumn(column)}
                />
                {COLUMN_LABEL[column]}
              </label>
            );
          })}
        </fieldset>
      )}
    </div>
  );
}
