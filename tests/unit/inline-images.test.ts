import { describe, expect, it } from 'vitest';
import type { AttachmentInfo, MessageDetail } from '../../src-preload/contract';
import { withInlineImages } from '../../src-main/services/mail/inline-images';
import { readDeliveryStatus } from '../../src-main/services/mail/delivery-status';
import { INLINE_PNG_BLUE } from '../support/real-world-mail';

const PNG = Buffer.from(INLINE_PNG_BLUE, 'base64');

function message(html: string | null, attachments: AttachmentInfo[]): MessageDetail {
  return {
    id: '1', mailboxId: '1', uid: 1, from: null, subject: 's', date: 0, seen: false, flagged: false, hasAttachments: false, snippet: '',
    to: [], cc: [], replyTo: [], messageId: null, text: null, textLength: null, html, htmlLength: null, attachments, parseWarnings: [], bodyLoaded: true,
  };
}

const image = (over: Partial<AttachmentInfo> = {}): AttachmentInfo => ({
  filename: 'image001.png', contentType: 'image/png', size: PNG.length, sha256: 'a'.repeat(64), contentId: 'image001.png@01DB', ...over,
});

describe('withInlineImages', () => {
  const files = new Map([['a'.repeat(64), PNG]]);
  const read = (sha256: string) => files.get(sha256) ?? null;

  it('replaces cid: URLs in src, CSS and URL-encoded form with data: URIs of the cached file', () => {
    const html = '<img src="cid:image001.png@01DB"><td style="background:url(cid:IMAGE001.PNG%4001DB)">';
    const served = withInlineImages(message(html, [image()]), read);
    const uri = `data:image/png;base64,${INLINE_PNG_BLUE}`;
    expect(served.html).toBe(`<img src="${uri}"><td style="background:url(${uri})">`);
    expect(served.attachments).toEqual([image()]);
  });

  it('lists an image it cannot show in place as an attachment and leaves its cid: URL', () => {
    const html = '<img src="cid:big"><img src="cid:svg"><img src="cid:gone">';
    const served = withInlineImages(
      message(html, [
        image({ contentId: 'big', size: 3 * 1024 * 1024 }),
        image({ contentId: 'svg', contentType: 'image/svg+xml' }),
        image({ contentId: 'gone', sha256: 'b'.repeat(64) }),
      ]),
      read,
    );
    expect(served.html).toBe(html);
    expect(served.attachments.map((a) => a.contentId)).toEqual([undefined, undefined, undefined]);
  });

  it('returns a message without cid: images unchanged', () => {
    const plain = message('<p>hi</p>', [{ filename: 'a.pdf', contentType: 'application/pdf', size: 3 }]);
    expect(withInlineImages(plain, read)).toBe(plain);
  });
});

describe('readDeliveryStatus', () => {
  it('reads what a sparse or sloppy report has and leaves the rest empty', () => {
    const view = readDeliveryStatus('reporting-mta: dns; mx.example\n\n\nFINAL-RECIPIENT: rfc822;a@b.example\nStatus: 4.4.7\n\nnot a field\n');
    expect(view).toEqual({
      kind: 'delivery-status',
      reportingMta: 'mx.example',
      arrivalDate: '',
      recipients: [{ recipient: 'a@b.example', action: '', status: '4.4.7', diagnostic: '', remoteMta: '' }],
    });
    expect(readDeliveryStatus('')).toEqual({ kind: 'delivery-status', reportingMta: '', arrivalDate: '', recipients: [] });
  });
});
