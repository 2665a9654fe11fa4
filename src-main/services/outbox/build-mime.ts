/**
 * The raw MIME of an outgoing mail, built once at enqueue: what SMTP sends, what Sent
 * keeps and what the preview shows are the same bytes.
 */
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { convert } from 'html-to-text';
import type { Address } from '../../../src-preload/contract';
import type { OutgoingMail } from './outgoing-mail';

export interface MimeAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface BuiltMime {
  raw: Buffer;
  /** The plain-text alternative, also the item's snippet and searchable text. */
  text: string;
}

/** A Message-ID on the sender's domain, so receiving servers see a well-formed id of ours. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@').pop() || 'mailroom.invalid';
  return `<${randomUUID()}@${domain}>`;
}

/** The text/plain part every HTML mail carries: links kept as "text [url]", images dropped (their data: URLs would be noise). */
export function plainTextOf(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ],
  }).trim();
}

const named = (a: Address) => (a.name ? { name: a.name, address: a.address } : a.address);

/**
 * Builds the message with nodemailer's MailComposer: data: URL images in the HTML become
 * inline parts (cid:), Bcc stays out of the headers (it travels in the envelope only).
 */
export async function buildMime(mail: OutgoingMail, messageId: string, date: Date, attachments: MimeAttachment[]): Promise<BuiltMime> {
  const text = plainTextOf(mail.html);
  const composer = new MailComposer({
    from: named(mail.from),
    to: mail.to.map(named),
    cc: mail.cc.map(named),
    subject: mail.subject,
    messageId,
    date,
    html: mail.html,
    text,
    attachDataUrls: true,
    attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    headers: mail.headers,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references.length > 0 ? { references: mail.references } : {}),
  });
  const raw = await composer.compile().build();
  return { raw, text };
}
