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

/** An <img> whose src is a base64 data: URL, as the editor keeps pasted and dropped images. */
const DATA_IMAGE = /(<img\b[^<>]*?\ssrc\s*=\s*["']?)data:(image\/[a-z0-9.+-]+);base64,([a-z0-9+/=\s]+)/gi;

/**
 * Pasted images become inline parts referenced by cid: (what nodemailer's attachDataUrls
 * does in its Mailer, which MailComposer alone does not): mail clients block data: URLs.
 */
export function inlineDataImages(html: string): { html: string; images: { cid: string; contentType: string; content: Buffer; filename: string }[] } {
  const images: { cid: string; contentType: string; content: Buffer; filename: string }[] = [];
  const replaced = html.replace(DATA_IMAGE, (_match, prefix: string, contentType: string, data: string) => {
    const cid = `${randomUUID()}@mailroom`;
    images.push({ cid, contentType, content: Buffer.from(data.replace(/\s/g, ''), 'base64'), filename: `image-${images.length + 1}.${contentType.split('/')[1]?.split('+')[0] ?? 'bin'}` });
    return `${prefix}cid:${cid}`;
  });
  return { html: replaced, images };
}

const named = (a: Address) => (a.name ? { name: a.name, address: a.address } : a.address);

/**
 * Builds the message with nodemailer's MailComposer: data: URL images in the HTML become
 * inline parts (cid:), Bcc stays out of the headers (it travels in the envelope only).
 */
export async function buildMime(mail: OutgoingMail, messageId: string, date: Date, attachments: MimeAttachment[]): Promise<BuiltMime> {
  const text = plainTextOf(mail.html);
  const { html, images } = inlineDataImages(mail.html);
  const composer = new MailComposer({
    from: named(mail.from),
    to: mail.to.map(named),
    cc: mail.cc.map(named),
    subject: mail.subject,
    messageId,
    date,
    html,
    text,
    attachments: [
      ...images.map((i) => ({ filename: i.filename, contentType: i.contentType, content: i.content, cid: i.cid, contentDisposition: 'inline' as const })),
      ...attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    ],
    headers: mail.headers,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references.length > 0 ? { references: mail.references } : {}),
  });
  const raw = await composer.compile().build();
  return { raw, text };
}
