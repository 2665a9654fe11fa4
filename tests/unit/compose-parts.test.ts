import { describe, expect, it } from 'vitest';
import type { Draft } from '../../src-preload/contract';
import { draftSubject, draftThreading, quotedMessage, replyRecipients, withIdentityCopies, type SourceMessage } from '../../src-main/services/compose/reply-parts';
import { base64Bytes, checkDraft, estimateMessageBytes } from '../../src-main/services/compose/send-check';

const own = new Set(['support@example.test', 'sales@example.test']);

function message(over: Partial<SourceMessage> = {}): SourceMessage {
  return {
    from: { name: 'Ann Smith', address: 'ann@customer.example' },
    to: [{ name: 'Support', address: 'Support@Example.test' }, { name: 'Bob', address: 'bob@customer.example' }],
    cc: [{ name: '', address: 'carol@customer.example' }, { name: 'Ann again', address: 'ANN@customer.example' }],
    replyTo: [],
    subject: 'Printer broken',
    date: Date.UTC(2026, 2, 2, 9, 0),
    text: 'Line one\nLine <two> & more',
    html: null,
    messageId: '<ann-1@customer.example>',
    ...over,
  };
}

describe('reply recipients', () => {
  it('reply goes to From, or to the Reply-To the sender asked for', () => {
    expect(replyRecipients('reply', message(), own)).toEqual({ to: [{ name: 'Ann Smith', address: 'ann@customer.example' }], cc: [] });
    const withReplyTo = message({ replyTo: [{ name: 'Help desk of Ann', address: 'desk@customer.example' }] });
    expect(replyRecipients('reply', withReplyTo, own).to).toEqual([{ name: 'Help desk of Ann', address: 'desk@customer.example' }]);
  });

  it('reply all adds To and Cc, without our own addresses and without repeating anyone (any case)', () => {
    const { to, cc } = replyRecipients('reply-all', message(), own);
    expect(to.map((r) => r.address)).toEqual(['ann@customer.example']);
    expect(cc.map((r) => r.address)).toEqual(['bob@customer.example', 'carol@customer.example']);
  });

  it('answering our own mail writes to its recipients again', () => {
    const ours = message({ from: { name: 'Support', address: 'support@example.test' }, to: [{ name: 'Ann', address: 'ann@customer.example' }], cc: [] });
    expect(replyRecipients('reply', ours, own).to.map((r) => r.address)).toEqual(['ann@customer.example']);
  });

  it('leaves out what is no address (group syntax, empty)', () => {
    const odd = message({ to: [{ name: 'undisclosed-recipients', address: '' }], cc: [{ name: '', address: 'not an address' }] });
    expect(replyRecipients('reply-all', odd, own).cc).toEqual([]);
  });

  it('adds the identity copies once, and not to someone who is already a recipient', () => {
    const lists = { to: [{ name: 'Ann', address: 'ann@customer.example' }], cc: [{ name: '', address: 'team@example.test' }], bcc: [] };
    const result = withIdentityCopies(lists, { cc1: 'TEAM@example.test', cc2: 'boss@example.test', bcc: 'ann@customer.example' });
    expect(result.cc.map((r) => r.address)).toEqual(['team@example.test', 'boss@example.test']);
    expect(result.bcc).toEqual([]);
    expect(withIdentityCopies({ to: [], cc: [], bcc: [] }, { cc1: '', cc2: '', bcc: 'archive@example.test' }).bcc).toEqual([{ name: '', address: 'archive@example.test' }]);
  });
});

describe('subject', () => {
  const ticket = { token: 'MR-12', prefix: 'MR' };

  it('puts one prefix and the ticket token in front, never stacking them', () => {
    expect(draftSubject('reply', 'Printer broken', ticket)).toBe('Re: [#MR-12] Printer broken');
    expect(draftSubject('reply-all', 'AW: Re[2]: [#MR-12] Printer broken', ticket)).toBe('Re: [#MR-12] Printer broken');
    expect(draftSubject('forward', 'Re: [#mr-12] Printer broken', ticket)).toBe('Fwd: [#MR-12] Printer broken');
    expect(draftSubject('new', 'Printer broken', ticket)).toBe('[#MR-12] Printer broken');
  });

  it('without a ticket: the prefix only, list tags and other tokens kept as part of the subject', () => {
    expect(draftSubject('reply', 'SV: Re: Offer', null)).toBe('Re: Offer');
    expect(draftSubject('forward', 'Fwd: [URGENT] Server down', null)).toBe('Fwd: [URGENT] Server down');
    expect(draftSubject('new', '', null)).toBe('');
    expect(draftSubject('reply', '', null)).toBe('Re:');
  });
});

describe('threading', () => {
  it('a reply names the message and continues its References', () => {
    expect(draftThreading('reply', message(), ['<root@x>', '<mid@x>'])).toEqual({
      inReplyTo: '<ann-1@customer.example>',
      references: ['<root@x>', '<mid@x>', '<ann-1@customer.example>'],
    });
  });

  it('a forward keeps References but answers nothing; new mail and mail without Message-ID thread nowhere', () => {
    expect(draftThreading('forward', message(), ['<root@x>'])).toEqual({ inReplyTo: null, references: ['<root@x>', '<ann-1@customer.example>'] });
    expect(draftThreading('new', message(), ['<root@x>'])).toEqual({ inReplyTo: null, references: [] });
    expect(draftThreading('reply', message({ messageId: null }), ['<root@x>'])).toEqual({ inReplyTo: null, references: [] });
  });

  it('a long chain keeps its root and the newest ids', () => {
    const chain = Array.from({ length: 80 }, (_, i) => `<m${i}@x>`);
    const { references } = draftThreading('reply', message(), chain);
    expect(references).toHaveLength(50);
    expect(references[0]).toBe('<m0@x>');
    expect(references.at(-1)).toBe('<ann-1@customer.example>');
    expect(references.at(-2)).toBe('<m79@x>');
  });
});

describe('quote', () => {
  it('says who wrote when, and quotes the text escaped with its line breaks', () => {
    const html = quotedMessage('reply', message());
    expect(html).toMatch(/^<p>On .*2026.*, Ann Smith wrote:<\/p><blockquote type="cite">/);
    expect(html).toContain('Line one<br>Line &lt;two&gt; &amp; more');
  });

  it('reduces an HTML-only message to text: none of the sender’s markup survives', () => {
    const html = quotedMessage('reply', message({ text: null, html: '<p>Hello <b>there</b></p><script>alert(1)</script><img src="http://tracker.example/x.gif">' }));
    expect(html).toContain('Hello there');
    expect(html).not.toMatch(/<script|<b>|tracker/);
  });

  it('a forward shows the original headers', () => {
    const html = quotedMessage('forward', message());
    expect(html).toContain('---------- Forwarded message ----------<br>From: Ann Smith &lt;ann@customer.example&gt;');
    expect(html).toContain('Subject: Printer broken');
    expect(html).toContain('Cc: carol@customer.example');
  });
});

describe('the check before sending', () => {
  const draft: Draft = {
    id: 'd1',
    accountId: 'a1',
    kind: 'reply',
    ticket: null,
    sourceMessageId: null,
    to: [{ name: 'Ann', address: 'ann@customer.example' }],
    cc: [],
    bcc: [],
    subject: 'Re: Printer broken',
    bodyHtml: '<p>Hello {{customer.name}},</p><p>best, {{agent.name}}</p>',
    attachments: [],
    inReplyTo: null,
    references: [],
    updatedAt: 1,
  };
  const limits = { maxMessageBytes: 25 * 1024 * 1024, now: 1000, scheduleAt: null };

  it('fills known variables (escaped, they land in HTML) and passes', () => {
    const checked = checkDraft(draft, { 'customer.name': 'Ann <3', 'agent.name': 'Alex' }, limits);
    expect(checked.problems).toEqual([]);
    expect(checked.bodyHtml).toBe('<p>Hello Ann &lt;3,</p><p>best, Alex</p>');
  });

  it('wants a recipient, no address twice, no unknown or empty variable, a future schedule', () => {
    const bad = { ...draft, to: [], cc: [{ name: '', address: 'a@x.example' }], bcc: [{ name: '', address: 'A@x.example' }], subject: 'About {{ticket.token}}', bodyHtml: '{{custmer.name}} {{agent.name}}' };
    const { problems } = checkDraft(bad, { 'agent.name': '' }, { ...limits, scheduleAt: 500 });
    expect(problems).toEqual([
      { path: ['bcc', 0], message: 'A@x.example is already in CC: remove one of them.' },
      { path: ['subject'], message: '{{ticket.token}} (ticket token) has no value here: write the text yourself or remove it.' },
      { path: ['bodyHtml'], message: '{{custmer.name}} is not a variable: check the spelling (for example {{customer.name}}).' },
      { path: ['bodyHtml'], message: '{{agent.name}} (agent name) has no value here: write the text yourself or remove it.' },
      { path: ['scheduleAt'], message: 'Pick a time in the future, or send it now.' },
    ]);
    expect(checkDraft({ ...draft, to: [] }, {}, limits).problems[0]).toEqual({ path: ['to'], message: 'Add at least one recipient.' });
  });

  it('refuses a mail over the account’s limit once encoded, naming both sizes', () => {
    const attachment = { id: 'f', filename: 'big.pdf', contentType: 'application/pdf', size: 20 * 1024 * 1024, sha256: 'a'.repeat(64) };
    const { problems } = checkDraft({ ...draft, bodyHtml: '<p>x</p>', attachments: [attachment] }, {}, limits);
    expect(problems).toEqual([
      { path: ['attachments'], message: 'The mail would be about 27 MB once encoded; this account sends at most 25 MB. Remove attachments or share large files by link.' },
    ]);
  });

  it('estimates base64 with its line breaks, and never below the real encoding', () => {
    expect(base64Bytes(57)).toBe(78);
    const content = Buffer.alloc(300_000, 7);
    const real = content.toString('base64').replace(/.{76}/g, '$&\r\n').length;
    expect(base64Bytes(content.length)).toBeGreaterThanOrEqual(real);
    expect(estimateMessageBytes('<p>x</p>', [content.length])).toBeGreaterThan(real);
  });
});
