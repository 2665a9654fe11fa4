import type { Address } from '../../src-preload/contract';
import { formatAddress } from '../lib/format';

/** One labelled row of addresses ("To", "Cc"); nothing when the list is empty. */
export function Recipients({ label, list }: { label: string; list: Address[] }) {
  if (list.length === 0) return null;
  return (
    <div className="mv-recipients__row">
      <span className="mv-recipients__label">{label}</span>
      <span className="mv-recipients__list">
        {list.map((a, i) => (
          <span key={`${a.address}-${i}`} className="mv-recipient" title={a.address}>
            {formatAddress(a)}
            {i < list.length - 1 ? ', ' : ''}
          </span>
        ))}
      </span>
    </div>
  );
}
