import { memo } from 'react';
import type { OutboxItem } from '../../../src-preload/contract';
import { formatFullDate, formatListDate, senderName, subjectOrPlaceholder } from '../../lib/format';
import { RecipientLine } from './Recipients';
import { OutboxStatePill } from './StatePill';
import { stateDetail, STATE_LABEL } from './status';

export const OUTBOX_ROW_HEIGHT = 52;

interface RowProps {
  index: number;
  item: OutboxItem | undefined;
  top: number;
  now: number;
  selected: boolean;
  legendId: string;
  onActivate(index: number, item: OutboxItem): void;
}

/** One outgoing mail: when, from which account, to whom, its state and, if it failed, why (the fix shows on selection). */
export const OutboxRow = memo(function OutboxRow({ index, item, top, now, selected, legendId, onActivate }: RowProps) {
  const style = { transform: `translateY(${top}px)`, height: OUTBOX_ROW_HEIGHT };
  if (!item) {
    return (
      <div className="outbox-row outbox-row--placeholder" style={style} role="row" aria-rowindex={index + 2} aria-busy="true" id={`outbox-row-${index}`}>
        <div className="skeleton skeleton--subject" role="gridcell" />
      </div>
    );
  }
  const detail = stateDetail(item, now);
  const subject = subjectOrPlaceholder(item.subject);
  const refused = item.recipients.filter((r) => r.refused).length;
  return (
    <div
      className={`outbox-row${selected ? ' outbox-row--selected' : ''}`}
      style={style}
      role="row"
      id={`outbox-row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="outbox-row"
      data-id={item.id}
      data-state={item.state}
      onClick={() => onActivate(index, item)}
    >
      <span role="gridcell" className="outbox-cell outbox-cell--time">
        <time dateTime={new Date(item.createdAt).toISOString()} title={formatFullDate(item.createdAt)}>
          {formatListDate(item.createdAt, new Date(now))}
        </time>
      </span>
      <span role="gridcell" className="outbox-cell outbox-cell--account">
        <span className="key-chip">{item.accountKey}</span>
      </span>
      <span role="gridcell" className="outbox-cell outbox-cell--from" title={item.from.address}>
        {senderName(item.from)}
      </span>
      <span role="gridcell" className="outbox-cell outbox-cell--to">
        <RecipientLine recipients={item.recipients} legendId={legendId} />
      </span>
      <span role="gridcell" className="outbox-cell outbox-cell--subject" title={subject}>
        {subject}
      </span>
      <span role="gridcell" className="outbox-cell outbox-cell--state" data-testid="outbox-row-state" aria-label={detail ? `${STATE_LABEL[item.state]}, ${detail}` : STATE_LABEL[item.state]}>
        <OutboxStatePill state={item.state} />
        {detail && <span className="outbox-cell__detail">{detail}</span>}
      </span>
      <span role="gridcell" className="outbox-cell outbox-cell--error" data-testid="outbox-row-error" data-code={item.error?.code}>
        {item.error ? item.error.cause : refused > 0 ? `${refused} ${refused === 1 ? 'recipient' : 'recipients'} refused` : ''}
      </span>
    </div>
  );
});
