import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src-main/services/mail/parse-message';

describe('parseMessage', () => {
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

  it('keeps a message with broken MIME and bad charsets instead of failing', async () => {
    const raw =
      'Subject: =?x-unknown?Q?broken?=\r\nContent-Type: multipart/mixed; boundary="nope"\r\n\r\n--wrong\r\nContent-Type: text/plain; charset=klingon\r\n\r\n\xff\xfe caf\xe9\r\n';
    const body = await parseMessage(Buffer.from(raw, 'latin1'));
    expect(body.text ?? '').not.toBeNull();
    expect(typeof body.snippet).toBe('string');
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
    const body = await parseMessage(Buffer.from(raw), (content) => {
      stored.push(content);
      return 'f'.repeat(64);
    });
    expect(stored.map((b) => b.toString())).toEqual(['hello']);
    expect(body.attachments).toEqual([{ filename: 'a.pdf', contentType: 'application/pdf', size: 5, sha256: 'f'.repeat(64) }]);
  });
});
