import type { OutboxRecipient } from '../../../src-preload/contract';
import { formatAddress } from '../../lib/format';
import { recipientsInWords } from './status';

const KIND_TITLE: Record<OutboxRecipient['kind'], string> = { to: 'To', cc: 'Cc', bcc: 'Bcc' };

/**
 * To, Cc and Bcc in one line, told apart by their underline (Cc solid, Bcc dotted; the legend
 * above the log says so) and, for screen readers, in words. A refused recipient is struck out.
 */
export function RecipientLine({ recipients, legendId, full = false }: { recipients: OutboxRecipient[]; legendId?: string; full?: boolean }) {
  const ordered = (['to', 'cc', 'bcc'] as const).flatMap((kind) => recipients.filter((r) => r.kind === kind));
  return (
    <span className="outbox-recipients" aria-describedby={legendId}>
      <span className="visually-hidden">{recipientsInWords(recipients)}</span>
      {ordered.map((r, i) => (
        <span
          key={`${r.kind}-${r.address}-${i}`}
          className={`outbox-recipient outbox-recipient--${r.kind}${r.refused ? ' outbox-recipient--refused' : ''}`}
          aria-hidden="true"
          title={`${KIND_TITLE[r.kind]}: ${formatAddress(r)}${r.refused ? ` — refused: ${r.refused.cause}` : ''}`}
        >
          {full ? formatAddress(r) : r.name.trim() || r.address}
          {i < ordered.length - 1 ? ', ' : ''}
        </span>
      ))}
    </span>
  );
}

/** The key to the underlines, read with every recipient cell (aria-describedby). */
export function RecipientLegend({ id }: { id: string }) {
  return (
    <p className="outbox-legend" id={id}>
      Recipients: To plain, <span className="outbox-recipient outbox-recipient--cc">Cc underlined</span>,{' '}
      <span className="outbox-recipient outbox-recipient--bcc">Bcc dotted</span>, <span className="outbox-recipient outbox-recipient--refused">refused struck out</span>.
    </p>
  );
}
