import { memo, type MouseEvent } from 'react';
import type { InteractionColumn } from '../../../src-preload/contract';
import { subjectOrPlaceholder } from '../../lib/format';
import type { TicketRow } from '../../stores/tickets';
import { ticketLabel } from '../queues/views';
import { cellOf } from './columns';

export const INTERACTION_ROW_HEIGHT = 40;

interface RowProps {
  index: number;
  top: number;
  row: TicketRow | undefined;
  columns: InteractionColumn[];
  template: string;
  checked: boolean;
  cursor: boolean;
  open: boolean;
  myId: string | undefined;
  /** A plain click opens the ticket; Ctrl/Cmd ticks the row; Shift ticks the range from the last ticked. */
  onRowClick(index: number, row: TicketRow, event: MouseEvent): void;
  onCheck(index: number, row: TicketRow, shift: boolean): void;
}

/** One interaction: a tick box, then the visible columns; a grey placeholder until its page arrives. */
export const InteractionRow = memo(function InteractionRow({ index, top, row, columns, template, checked, cursor, open, myId, onRowClick, onCheck }: RowProps) {
  const style = { transform: `translateY(${top}px)`, height: INTERACTION_ROW_HEIGHT, gridTemplateColumns: template };
  if (!row) {
    return (
      <div className="interactions-row interactions-row--placeholder" style={style} role="row" aria-rowindex={index + 2} aria-busy="true" id={`interaction-row-${index}`}>
        <span role="gridcell" className="interactions-cell" />
        {columns.map((c) => (
          <span key={c} role="gridcell" className="interactions-cell">
            <span className="skeleton skeleton--cell" />
          </span>
        ))}
      </div>
    );
  }
  const classes = ['interactions-row', row.unread && 'interactions-row--unread', checked && 'interactions-row--checked', cursor && 'interactions-row--cursor', open && 'interactions-row--open']
    .filter(Boolean)
    .join(' ');
  const name = `${ticketLabel(row)}: ${subjectOrPlaceholder(row.subject)}`;
  return (
    <div
      className={classes}
      style={style}
      role="row"
      id={`interaction-row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={checked}
      aria-current={open ? 'true' : undefined}
      data-testid="interaction-row"
      data-ticket={row.key}
      data-number={row.number}
      data-status={row.status}
      data-unread={row.unread ? 'true' : 'false'}
      onClick={(e) => onRowClick(index, row, e)}
    >
      <span role="gridcell" className="interactions-cell interactions-cell--select">
        <input
          type="checkbox"
          className="checkbox"
          checked={checked}
          aria-label={`Select ${name}`}
          data-testid="interaction-select"
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            onCheck(index, row, e.shiftKey);
          }}
          onChange={() => undefined}
        />
      </span>
      {columns.map((column) => {
        const cell = cellOf(column, row, myId);
        return (
          <span key={column} role="gridcell" className={`interactions-cell interactions-cell--${column}`} title={cell.title} data-column={column}>
            {cell.content}
          </span>
        );
      })}
    </div>
  );
});
