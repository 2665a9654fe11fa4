import { hash } from 'node:crypto';
import type { Address } from '../../../src-preload/contract';

/** How far a Date header may run ahead of the server's arrival time (clocks and time zones drift). */
const MAX_DATE_LEAD_MS = 24 * 60 * 60 * 1000;

/**
 * The time a message sorts by: its Date header, unless that is unreadable or more than a
 * day after the server received it (a Date in year 3609 would otherwise sit first forever);
 * then the arrival time (INTERNALDATE). 0 when neither is known.
 */
export function sortDate(headerDate: number | null, arrival: number | null): number {
  if (headerDate === null) return arrival ?? 0;
  if (arrival !== null && headerDate > arrival + MAX_DATE_LEAD_MS) return arrival;
  return headerDate;
}

/** The envelope fields that tell two messages apart when their Message-IDs are equal. */
export interface FingerprintFields {
  date: number;
  subject: string;
  from: Address | null;
  to: readonly Address[];
  size: number;
}

/**
 * Fingerprint of a message's envelope and size. Copies of one message (the same mail
 * appended twice, delivered to two folders) share it; two different messages that reuse a
 * Message-ID (a broken mailer, a test tool) almost never do, since subject, date or size
 * differ. It also recognises mail without a Message-ID after a UIDVALIDITY change.
 * One-shot `hash`: a Hash object per message cost the header workers three times as much.
 */
export function contentFingerprint(m: FingerprintFields): string {
  return hash('sha256', JSON.stringify([m.date, m.subject, m.from?.address ?? '', m.to.map((a) => a.address), m.size]), 'hex');
}
