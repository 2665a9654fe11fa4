import type { FetchMessageObject, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { Address } from '../../../src-preload/contract';
import type { HeaderInput } from '../store/messages-repo';

/** What the header phase asks the server for: enough to fill the list, no bodies. */
export const HEADER_QUERY = { uid: true, envelope: true, flags: true, bodyStructure: true, internalDate: true, size: true } as const;

function addresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? []).map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
}

function hasAttachment(node: MessageStructureObject | undefined): boolean {
  if (!node) return false;
  if (node.disposition === 'attachment') return true;
  return (node.childNodes ?? []).some(hasAttachment);
}

function validTime(value: Date | string | undefined): number | null {
  if (value === undefined) return null;
  const time = new Date(value).getTime();
  return Number.isFinite(time) ? time : null;
}

/** Maps a fetched envelope to a row; a missing or unreadable Date header falls back to the arrival time. */
export function headerFromFetch(msg: FetchMessageObject): HeaderInput {
  const env = msg.envelope;
  const from = addresses(env?.from)[0] ?? null;
  return {
    uid: msg.uid,
    messageId: env?.messageId ?? null,
    subject: env?.subject ?? '',
    from,
    to: addresses(env?.to),
    cc: addresses(env?.cc),
    replyTo: addresses(env?.replyTo),
    date: validTime(env?.date) ?? validTime(msg.internalDate) ?? 0,
    flags: [...(msg.flags ?? [])],
    size: msg.size ?? 0,
    hasAttachments: hasAttachment(msg.bodyStructure),
  };
}
