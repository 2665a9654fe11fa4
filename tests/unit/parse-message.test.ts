import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bufferingSink, parseMessage, snippetOf, type ContentWriter } from '../../src-main/services/mail/parse-message';
import { DEPTH_WARNING, MAX_PART_DEPTH, MAX_TEXT_PART_BYTES, TEXT_CUT_WARNING } from '../../src-main/services/mail/part-limits';
import { bigAttachmentMessage } from '../support/big-mail';
import { EXCHANGE_NDR, FORWARDED_AS_ATTACHMENT, INLINE_PNG_BLUE, INLINE_PNG_ORANGE, OUTLOOK_INLINE_IMAGES, POSTFIX_BOUNCE, UNKNOWN_CHARSET } from '../support/real-world-mail';

describe('parseMessage', () => {
  it('leaves the bracketed addresses of images and links out of the snippet', () => {
    expect(snippetOf('SPRING COLLECTION spring banner [http://127.0.0.1:8080/banner.png]\n\nShop now [https://shop.example/x?a=1] or write [mailto:a@b.example] [cid:logo@x]')).toBe(
      'SPRING COLLECTION spring banner Shop now or write',
    );
    expect(snippetOf('Order [#1042] ships today')).toBe('Order [#1042] ships today');
  });

  it('reads a plain message and builds a snippet', async () => {
    const body = await parseMessage(Buffer.from('Subject: Hi\r\nFrom: a@example.test\r\n\r\nHello   there,\r\nsecond line\r\n'));
    expect(body.text).toContain('Hello');
    expect(body.snippet).toBe('Hello there, second line');
    expect(body.parseWarnings).toEqual([]);
  });

  it('derives searchable text from an HTML-only message', async () => {
    const raw = 'Subject: H\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Invoice <b>42</b> attached</p>';
    const body = await parseMessage(Buffer.from(raw));
    expect(body.html).toContain('<b>42</b>');
    expect(body.text).toMatch(/Invoice 42/);
  });

  it('shows the raw body, with a notice, when a broken structure hides every part', async () => {
    // The boundary never occurs, so mailparser finds no part at all; the bytes are not UTF-8.
    const raw =
      'Subject: =?x-unknown?Q?broken?=\r\nContent-Type: multipart/mixed; boundary="nope"\r\n\r\n--wrong\r\nContent-Type: text/plain; charset=klingon\r\n\r\n\xff\xfe caf\xe9\r\n';
    const body = await parseMessage(Buffer.from(raw, 'latin1'));
    expect(body.text).toContain('caf\u00e9');
    expect(body.text).toContain('--wrong');
    expect(body.snippet).toMatch(/^--wrong Content-Type: text\/plain/);
    expect(body.parseWarnings).toEqual(['The message structure could not be read; showing the raw text.']);
  });

  it('lists attachments', async () => {
    const raw = [
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--b',
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 fake').toString('base64'),
      '--b--',
      '',
    ].join('\r\n');
    const body = await parseMessage(Buffer.from(raw));
    expect(body.attachments).toEqual([{ filename: 'invoice.pdf', contentType: 'application/pdf', size: 13 }]);
  });
});

describe('parseMessage on malformed mail', () => {
  it('never throws, and warns where something could not be read', async () => {
    const { MALFORMED } = await import('../support/malformed');
    for (const m of MALFORMED) {
      const body = await parseMessage(m.raw);
      expect(typeof body.snippet, m.name).toBe('string');
      expect((body.text ?? '').includes('\0'), m.name).toBe(false);
      if (m.warns) expect(body.parseWarnings.length, m.name).toBeGreaterThan(0);
    }
  });

  it('stores attachment contents through the sink and records their SHA-256', async () => {
    const raw = 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--b--\r\n';
    const stored: Buffer[] = [];
    const body = await parseMessage(
      Buffer.from(raw),
      bufferingSink((content) => {
        stored.push(content);
        return 'f'.repeat(64);
      }),
    );
    expect(stored.map((b) => b.toString())).toEqual(['hello']);
    expect(body.attachments).toEqual([{ filename: 'a.pdf', contentType: 'application/pdf', size: 5, sha256: 'f'.repeat(64) }]);
  });
  it('writes nothing more to an attachment once the download failed in the middle of it', async () => {
    // The attachment's stream still delivers what it buffered after the failure; the writer is aborted by then.
    const { raw } = bigAttachmentMessage('Cut off', 600 * 1024, 'logs.bin');
    const calls: string[] = [];
    const sink = (): ContentWriter => {
      let aborted = false;
      return {
        write: () => void calls.push(aborted ? 'write after abort' : 'write'),
        finish: () => (calls.push(aborted ? 'finish after abort' : 'finish'), 'f'.repeat(64)),
        abort: () => void ((aborted = true), calls.push('abort')),
      };
    };
    let sent = 0;
    const download = new Readable({
      read() {
        if (sent >= 300_000) return this.destroy(new Error('Connection lost'));
        this.push(raw.subarray(sent, (sent += 16_384)));
      },
    });
    const whole = Promise.reject(new Error('Connection lost'));
    whole.catch(() => undefined);
    const body = await parseMessage({ arriving: download, whole }, sink).catch((err: Error) => err);
    expect(body).toBeInstanceOf(Error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.filter((c) => c !== 'write')).toEqual(['abort']);
    expect(calls.length).toBeGreaterThan(1);
  });
});

describe('parseMessage on real-world mail', () => {
  /** A sink that keeps contents by a fake address, as the attachment store would by SHA-256. */
  function memorySink() {
    const stored = new Map<string, Buffer>();
    return {
      stored,
      sink: bufferingSink((content) => {
        const key = `file-${stored.size}`;
        stored.set(key, content);
        return key;
      }),
    };
  }

  it('stores the cid: images of an Outlook HTML mail and marks them as shown inline', async () => {
    const { stored, sink } = memorySink();
    const body = await parseMessage(Buffer.from(OUTLOOK_INLINE_IMAGES), sink);
    expect(body.html).toContain('src="cid:image001.png@01DB2D1E.5F0A3B40"');
    expect(body.text).toBeNull();
    expect(body.parseWarnings).toEqual([]);
    expect(body.attachments).toEqual([
      { filename: 'image001.png', contentType: 'image/png', size: 158, sha256: 'file-0', contentId: 'image001.png@01DB2D1E.5F0A3B40' },
      // Marked as an attachment by Outlook, but the HTML shows it: inline all the same.
      { filename: 'image002.png', contentType: 'image/png', size: 158, sha256: 'file-1', contentId: 'image002.png@01DB2D1E.5F0A3B40' },
    ]);
    expect(stored.get('file-0')?.toString('base64')).toBe(INLINE_PNG_BLUE);
    expect(stored.get('file-1')?.toString('base64')).toBe(INLINE_PNG_ORANGE);
  });

  it('lists an image with a Content-ID that the HTML does not show as an attachment', async () => {
    const raw = OUTLOOK_INLINE_IMAGES.replace('src=3D"cid:image002.png@01DB2D1E.5F0A3B40"', 'src=3D"logo.png"');
    const body = await parseMessage(Buffer.from(raw));
    expect(body.attachments.map((a) => [a.filename, a.contentId])).toEqual([
      ['image001.png', 'image001.png@01DB2D1E.5F0A3B40'],
      ['image002.png', undefined],
    ]);
  });

  it("reads an Exchange NDR's delivery status and returned message into views, not into the text", async () => {
    const body = await parseMessage(Buffer.from(EXCHANGE_NDR));
    expect(body.text).toBe("Your message to j.doe@contoso.example couldn't be delivered.\n\nj.doe wasn't found at contoso.example.\n");
    expect(body.html).toContain('wasn\'t found at');
    expect(body.html).not.toContain('Reporting-MTA');
    expect(body.parseWarnings).toEqual([]);
    expect(body.attachments.map((a) => a.view)).toEqual([
      {
        kind: 'delivery-status',
        reportingMta: 'DB9PR07MB7771.eurprd07.prod.outlook.example',
        arrivalDate: 'Mon, 2 Nov 2026 09:58:10 +0000',
        recipients: [
          {
            recipient: 'j.doe@contoso.example',
            action: 'failed',
            status: '5.1.10',
            diagnostic: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient j.doe@contoso.example not found by SMTP address lookup',
            remoteMta: '',
          },
        ],
      },
      {
        kind: 'message',
        subject: 'Re: Order 20417 arrived damaged',
        from: { name: 'Support', address: 'support@example.test' },
        to: [{ name: '', address: 'j.doe@contoso.example' }],
        cc: [],
        date: Date.UTC(2026, 10, 2, 9, 58, 10),
        text: 'Hello, we have sent a replacement for order 20417.\n',
        attachments: [],
      },
    ]);
    expect(body.attachments[1]?.filename).toBe('Re: Order 20417 arrived damaged.eml');
  });

  it("reads a Postfix bounce: the notification as text, each recipient's status and the undelivered message", async () => {
    const body = await parseMessage(Buffer.from(POSTFIX_BOUNCE));
    expect(body.text).toMatch(/^This is the mail system at host mx1\.example\.test\./);
    expect(body.text).not.toContain('Final-Recipient');
    const [report, returned] = body.attachments.map((a) => a.view);
    expect(report).toEqual({
      kind: 'delivery-status',
      reportingMta: 'mx1.example.test',
      arrivalDate: 'Mon, 2 Nov 2026 09:58:10 +0000 (UTC)',
      recipients: [
        {
          recipient: 'old.customer@gone.example',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 <old.customer@gone.example>: Recipient address rejected: User unknown in virtual mailbox table',
          remoteMta: 'mail.gone.example',
        },
      ],
    });
    expect(returned).toMatchObject({ kind: 'message', subject: 'Re: Order 20417 arrived damaged', to: [{ address: 'old.customer@gone.example' }] });
  });

  it('reads a message forwarded as an attachment: its headers and its text', async () => {
    const { stored, sink } = memorySink();
    const body = await parseMessage(Buffer.from(FORWARDED_AS_ATTACHMENT), sink);
    expect(body.text).toBe('Can someone pick this up?');
    expect(body.attachments).toEqual([
      {
        filename: 'Contract renewal question.eml',
        contentType: 'message/rfc822',
        size: 642,
        sha256: 'file-0',
        view: {
          kind: 'message',
          subject: 'Contract renewal question',
          from: { name: 'Hiro Tanaka', address: 'hiro.tanaka@customers.example' },
          to: [{ name: 'Lena Berg', address: 'lena.berg@example.test' }],
          cc: [],
          date: Date.UTC(2026, 10, 3, 7, 45),
          text: 'Our contract ends on 30 November. Can we renew for two years at the current rate?\n',
          attachments: [],
        },
      },
    ]);
    // The whole forwarded message is kept, not only what the view shows.
    expect(stored.get('file-0')?.toString()).toMatch(/^From: "Hiro Tanaka"/);
  });

  it('shows a text part in an unknown charset by a guess, and says so', async () => {
    const body = await parseMessage(UNKNOWN_CHARSET);
    expect(body.text).toBe('Please send it to M\u00fcllerstra\u00dfe 5, K\u00f6ln.\n');
    expect(body.parseWarnings).toEqual([
      "This part's character set 'x-unknown' is not known; shown as Windows-1252 (Western European), so some characters may be wrong.",
    ]);
    const utf8 = Buffer.concat([Buffer.from('Content-Type: text/plain; charset=unknown-8bit\r\n\r\n'), Buffer.from('Grüße aus Köln')]);
    const guessed = await parseMessage(utf8);
    expect(guessed.text).toBe('Grüße aus Köln');
    expect(guessed.parseWarnings).toEqual(["This part's character set 'unknown-8bit' is not known; shown as UTF-8, so some characters may be wrong."]);
  });

  it('decodes known charsets, Japanese ones included, without a notice', async () => {
    const part = (charset: string, bytes: string) => Buffer.concat([Buffer.from(`Content-Type: text/plain; charset=${charset}\r\n\r\n`), Buffer.from(bytes, 'latin1')]);
    const jis = await parseMessage(part('iso-2022-jp', '\x1b$B$3$s$K$A$O!"CmJ8HV9f\x1b(B'));
    const koi8 = await parseMessage(part('koi8-r', '\xf0\xd2\xc9\xd7\xc5\xd4'));
    const korean = await parseMessage(part('ks_c_5601-1987', '\xbe\xc8\xb3\xe7'));
    expect([jis.text, koi8.text, korean.text]).toEqual(['こんにちは、注文番号', 'Привет', '안녕']);
    expect([...jis.parseWarnings, ...koi8.parseWarnings, ...korean.parseWarnings]).toEqual([]);
  });
});

describe('parseMessage on hostile sizes', () => {
  /** `levels` multiparts nested in each other, a text at the bottom. */
  function nested(levels: number): Buffer {
    let open = '';
    let close = '';
    for (let i = 0; i < levels; i++) {
      open += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
      close = `\r\n--b${i}--\r\n${close}`;
    }
    return Buffer.from(`Subject: deep\r\n${open}Content-Type: text/plain\r\n\r\nat the bottom\r\n${close}`);
  }

  it('reads parts nested up to MAX_PART_DEPTH as they are', async () => {
    const body = await parseMessage(nested(MAX_PART_DEPTH));
    expect(body.text).toBe('at the bottom\n');
    expect(body.parseWarnings).toEqual([]);
  });

  it('keeps what lies deeper than MAX_PART_DEPTH as one attachment, with a warning, even 10,000 levels down', async () => {
    const raw = nested(10_000);
    const stored: Buffer[] = [];
    const body = await parseMessage(
      raw,
      bufferingSink((content) => {
        stored.push(content);
        return 'f'.repeat(64);
      }),
    );
    expect(body.parseWarnings).toEqual([DEPTH_WARNING]);
    expect(body.attachments).toEqual([{ filename: 'unnamed', contentType: 'application/octet-stream', size: stored[0]!.length, sha256: 'f'.repeat(64) }]);
    // Nothing is lost: the flattened part holds everything below the limit, the text included.
    expect(stored[0]!.toString()).toContain(`--b${MAX_PART_DEPTH + 1}\r\n`);
    expect(stored[0]!.toString()).toContain('at the bottom');
  }, 60_000);

  it('holds at most MAX_TEXT_PART_BYTES of a text part, and says the text was cut', async () => {
    const line = 'a line of a very long log\r\n';
    const raw = Buffer.from(`Subject: long\r\nContent-Type: text/plain\r\n\r\n${line.repeat(Math.ceil((MAX_TEXT_PART_BYTES + 1024 * 1024) / line.length))}`);
    const body = await parseMessage(raw);
    expect(body.text!.length).toBeLessThanOrEqual(MAX_TEXT_PART_BYTES);
    // Every whole line within the cap is there (each CRLF read as one newline).
    expect(body.text!.length).toBeGreaterThanOrEqual(Math.floor(MAX_TEXT_PART_BYTES / line.length) * (line.length - 1));
    expect(body.parseWarnings).toEqual([TEXT_CUT_WARNING]);
  }, 60_000);
});
