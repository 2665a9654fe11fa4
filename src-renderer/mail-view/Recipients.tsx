import { useState } from 'react';
import type { Address } from '../../src-preload/contract';
import { formatAddress, formatCount } from '../lib/format';
import { CopyIcon } from '../ui/icons';

/** Names shown before "and 4,990 more": a list of thousands would push the body tens of thousands of pixels down. */
const SHOWN_AT_FIRST = 10;

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies every address of the row, comma-separated, ready to paste into a To field. */
function CopyAddresses({ label, list }: { label: string; list: Address[] }) {
  const [state, setState] = useState<CopyState>('idle');
  const copy = () => {
    navigator.clipboard.writeText(list.map((a) => a.address).join(', ')).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <>
      <button type="button" className="mv-recipients__action" aria-label={`Copy addresses (${label})`} onClick={copy}>
        <CopyIcon size={12} />
        Copy addresses
      </button>
      <span className="mv-recipients__status" role="status">
        {state === 'copied' ? `${formatCount(list.length)} addresses copied` : state === 'failed' ? 'The addresses could not be copied' : ''}
      </span>
    </>
  );
}

/**
 * One labelled row of addresses ("To", "Cc"); nothing when the list is empty. A long
 * list shows names only (the address in the tooltip), its first ten and "and N more",
 * which expands it in a scrolling box.
 */
export function Recipients({ label, list }: { label: string; list: Address[] }) {
  const [expanded, setExpanded] = useState(false);
  if (list.length === 0) return null;
  const long = list.length > SHOWN_AT_FIRST;
  const visible = long && !expanded ? list.slice(0, SHOWN_AT_FIRST) : list;
  return (
    <div className="mv-recipients__row" data-testid={`recipients-${label.toLowerCase()}`}>
      <span className="mv-recipients__label">{label}</span>
      <span className="mv-recipients__list">
        <span className={long && expanded ? 'mv-recipients__names--expanded' : undefined}>
          {visible.map((a, i) => (
            <span key={`${a.address}-${i}`} className="mv-recipient" title={a.address}>
              {long ? a.name.trim() || a.address : formatAddress(a)}
              {i < visible.length - 1 ? ', ' : ''}
            </span>
          ))}
        </span>
        {long && (
          <span className="mv-recipients__more">
            <button type="button" className="mv-more" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
              {expanded ? 'Show fewer' : `and ${formatCount(list.length - SHOWN_AT_FIRST)} more`}
            </button>
            <CopyAddresses label={label} list={list} />
          </span>
        )}
      </span>
    </div>
  );
}
