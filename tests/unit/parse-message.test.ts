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
    expect(body.searchText).toMatch(/Invoice 42/);
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
