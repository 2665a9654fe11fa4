import type { DeliveryRecipient, PartView } from '../../../src-preload/contract';

type Fields = Map<string, string>;

/** The header-like blocks of a delivery-status body, folded lines joined, names lower-cased. */
function blocks(text: string): Fields[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields: Fields = new Map();
      for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        if (!fields.has(name)) fields.set(name, line.slice(colon + 1).replace(/\s+/g, ' ').trim());
      }
      return fields;
    })
    .filter((fields) => fields.size > 0);
}

/** "rfc822; a@b" → "a@b", "smtp; 550 …" → "550 …": the type prefix means nothing to a reader. */
function withoutType(value: string | undefined): string {
  return (value ?? '').replace(/^[\w-]+\s*;\s*/, '');
}

/**
 * Reads a message/delivery-status part (RFC 3464; message/global-delivery-status is
 * the same in UTF-8): one block about the report, then one block per recipient.
 * Fields a server left out are empty strings, so any bounce reads as far as it goes.
 */
export function readDeliveryStatus(text: string): PartView {
  const [report = new Map(), ...perRecipient] = blocks(text);
  const recipients: DeliveryRecipient[] = perRecipient
    .filter((f) => f.has('final-recipient') || f.has('original-recipient') || f.has('action') || f.has('status'))
    .map((f) => ({
      recipient: withoutType(f.get('final-recipient') ?? f.get('original-recipient')),
      action: f.get('action') ?? '',
      status: f.get('status') ?? '',
      diagnostic: withoutType(f.get('diagnostic-code')),
      remoteMta: withoutType(f.get('remote-mta')),
    }));
  return {
    kind: 'delivery-status',
    reportingMta: withoutType(report.get('reporting-mta')),
    arrivalDate: report.get('arrival-date') ?? '',
    recipients,
  };
}
