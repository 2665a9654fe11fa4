import { describe, expect, it } from 'vitest';
import { messageIds } from '../../src-main/services/sync/headers';
import { findToken, isForward, stripPrefixes, ticketSubject } from '../../src-main/services/tickets/subject';
import { threadMessage, type ThreadInput, type ThreadLookups } from '../../src-main/services/tickets/threading';

describe('reply and forward prefixes', () => {
  it.each([
    ['Re: Offer', 'Offer'],
    ['RE: RE: re: Offer', 'Offer'],
    ['Re[2]: Offer', 'Offer'],
    ['Re(3): Offer', 'Offer'],
    ['Re^2: Offer', 'Offer'],
    ['RE:RE:Offer', 'Offer'],
    ['Fwd: Offer', 'Offer'],
    ['FW: Offer', 'Offer'],
    ['AW: WG: Angebot', 'Angebot'],
    ['Antwort: Angebot', 'Angebot'],
    ['SV: VS: Tilbud', 'Tilbud'],
    ['VB: Erbjudande', 'Erbjudande'],
    ['Antw: Doorst: Offerte', 'Offerte'],
    ['R: I: RIF: Offerta', 'Offerta'],
    ['RE : TR : Offre', 'Offre'],
    ['Réf : Offre', 'Offre'],
    ['ENC: RES: Oferta', 'Oferta'],
    ['RV: Oferta', 'Oferta'],
    ['ΑΠ: ΣΧΕΤ: Προσφορά', 'Προσφορά'],
    ['απ: Προσφορά', 'Προσφορά'],
    ['Ответ: Отв: Предложение', 'Предложение'],
    ['回复：答复: 报价', '报价'],
    ['转发: 报价', '报价'],
    ['返信: 転送: 見積もり', '見積もり'],
    ['Odp: PD: Oferta', 'Oferta'],
    ['VS: VL: Tarjous', 'Tarjous'],
    ['[users] Re: question', 'question'],
    ['[users] Re: [users] question', '[users] question'],
    ['Re: Fwd: Re: Offer', 'Offer'],
  ])('%s -> %s', (subject, stripped) => {
    expect(stripPrefixes(subject)).toBe(stripped);
  });

  it('leaves subjects that only look like prefixes alone', () => {
    expect(stripPrefixes('[URGENT] Server down')).toBe('[URGENT] Server down');
    expect(stripPrefixes('Rental offer')).toBe('Rental offer');
    expect(stripPrefixes('R2D2: repair')).toBe('R2D2: repair');
    expect(stripPrefixes('Invoice Re: 1042')).toBe('Invoice Re: 1042');
    expect(stripPrefixes('Ref: order 12')).toBe('Ref: order 12');
    expect(stripPrefixes('')).toBe('');
  });

  it('tells a forward by its outermost prefix', () => {
    expect(isForward('Fwd: Offer')).toBe(true);
    expect(isForward('WG: Angebot')).toBe(true);
    expect(isForward('TR : Offre')).toBe(true);
    expect(isForward('I: Offerta')).toBe(true);
    expect(isForward('转发: 报价')).toBe(true);
    expect(isForward('[list] Fwd: x')).toBe(true);
    expect(isForward('Fwd: Re: Offer')).toBe(true);
    expect(isForward('Re: Fwd: Offer')).toBe(false);
    expect(isForward('AW: Angebot')).toBe(false);
    expect(isForward('Forward planning')).toBe(false);
  });
});

describe('ticket token', () => {
  it('finds the token case-insensitively, in the bracketed forms clients produce', () => {
    expect(findToken('Re: [#MR-1042] Printer', 'MR')).toEqual({ number: 1042, token: 'MR-1042' });
    expect(findToken('AW: [#mr-1042] Drucker', 'MR')).toEqual({ number: 1042, token: 'MR-1042' });
    expect(findToken('Re: [Ticket #MR-1042] Printer', 'MR')).toEqual({ number: 1042, token: 'MR-1042' });
    expect(findToken('Re: [MR-7] Printer', 'MR')).toEqual({ number: 7, token: 'MR-7' });
    expect(findToken('Printer [#SUP-3]', 'SUP')).toEqual({ number: 3, token: 'SUP-3' });
  });

  it('ignores tokens outside brackets, of another prefix, or glued to other letters and digits', () => {
    expect(findToken('about MR-1042 again', 'MR')).toBeNull();
    expect(findToken('about #MR-1042 again', 'MR')).toBeNull();
    expect(findToken('Re: [#SUP-1042] Printer', 'MR')).toBeNull();
    expect(findToken('Re: [#XMR-1042] Printer', 'MR')).toBeNull();
    expect(findToken('Re: [#MR-10424444444] Printer', 'MR')).toBeNull();
    expect(findToken('Re: [#MR-] Printer', 'MR')).toBeNull();
  });

  it('takes the first token when there are several', () => {
    expect(findToken('Re: [#MR-5] Fwd: [#MR-3] x', 'MR')?.number).toBe(5);
  });

  it('gives a new ticket a clean title', () => {
    expect(ticketSubject('Re: AW: [#MR-1042] Printer   broken', 'MR')).toBe('Printer broken');
    expect(ticketSubject('Fwd: Invoice [Ticket #MR-9]', 'MR')).toBe('Invoice');
  });
});

describe('message ids of In-Reply-To and References', () => {
  it('reads the forms real mailers write', () => {
    expect(messageIds('<a@x> <b@y>\t<c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(messageIds('<a@x>,<b@y>')).toEqual(['<a@x>', '<b@y>']);
    expect(messageIds('Your message of "Mon, 1 Jan" <a@x>')).toEqual(['<a@x>']);
    expect(messageIds('<a@x> (Ann Smith\'s message of Mon)')).toEqual(['<a@x>']);
    expect(messageIds('bare@old.mailer')).toEqual(['<bare@old.mailer>']);
    expect(messageIds('no ids here')).toEqual([]);
    expect(messageIds(undefined)).toEqual([]);
  });
});

describe('threading', () => {
  /** A team state in miniature: messages placed in tickets, ticket numbers. */
  function lookups(placed: Record<string, string>, numbers: Record<number, string> = {}): ThreadLookups {
    return {
      ticketOfMessage: (key) => placed[key] ?? null,
      ticketByNumber: (n) => numbers[n] ?? null,
      tokenPrefix: 'MR',
    };
  }
  const mail = (over: Partial<ThreadInput>): ThreadInput => ({ key: '<new@customer.example>', inReplyTo: null, references: [], subject: 'Printer broken', ...over });

  it('joins a reply to the ticket of the message it answers', () => {
    const known = lookups({ '<root@customer.example>': 'T-root' });
    expect(threadMessage(mail({ inReplyTo: '<root@customer.example>', references: ['<root@customer.example>'], subject: 'Re: Printer broken' }), known)).toEqual({
      ticket: 'T-root',
      reason: { kind: 'reply', to: '<root@customer.example>' },
    });
  });

  it('takes the nearest known reference: In-Reply-To, then References from the newest', () => {
    const known = lookups({ '<1@x>': 'T1', '<3@x>': 'T3', '<in-reply@x>': 'T-irt' });
    expect(threadMessage(mail({ inReplyTo: '<in-reply@x>', references: ['<1@x>', '<3@x>'] }), known).ticket).toBe('T-irt');
    expect(threadMessage(mail({ inReplyTo: '<unknown@x>', references: ['<1@x>', '<2@x>', '<3@x>', '<4@x>'] }), known)).toEqual({
      ticket: 'T3',
      reason: { kind: 'reply', to: '<3@x>' },
    });
  });

  it('joins through the root when the chain is broken (the parent never arrived)', () => {
    const known = lookups({ '<root@x>': 'T-root' });
    expect(threadMessage(mail({ inReplyTo: '<lost@x>', references: ['<root@x>', '<lost@x>'] }), known)).toEqual({
      ticket: 'T-root',
      reason: { kind: 'reply', to: '<root@x>' },
    });
  });

  it('joins by token when the references are gone', () => {
    const known = lookups({}, { 1042: 'T-1042' });
    expect(threadMessage(mail({ subject: 'AW: [#MR-1042] Printer broken' }), known)).toEqual({ ticket: 'T-1042', reason: { kind: 'token', token: 'MR-1042' } });
  });

  it('prefers references over a token naming another ticket', () => {
    const known = lookups({ '<root@x>': 'T-root' }, { 7: 'T-7' });
    expect(threadMessage(mail({ inReplyTo: '<root@x>', subject: 'Re: [#MR-7] x' }), known).ticket).toBe('T-root');
  });

  it('opens a new ticket for a token of no known ticket', () => {
    expect(threadMessage(mail({ subject: 'Re: [#MR-99] x' }), lookups({}, { 1: 'T-1' }))).toEqual({ ticket: '<new@customer.example>', reason: { kind: 'new' } });
  });

  it('opens a new ticket for a forward without known references, token or not', () => {
    const known = lookups({ '<root@x>': 'T-root' }, { 1042: 'T-1042' });
    expect(threadMessage(mail({ subject: 'Fwd: [#MR-1042] Printer broken' }), known)).toEqual({ ticket: '<new@customer.example>', reason: { kind: 'new' } });
    expect(threadMessage(mail({ subject: 'WG: Printer broken' }), known).reason).toEqual({ kind: 'new' });
    // A forward that does carry references of a ticket (forwarded from within it) stays with it.
    expect(threadMessage(mail({ subject: 'Fwd: Printer broken', references: ['<root@x>'] }), known).ticket).toBe('T-root');
  });

  it('keys mail without a Message-ID by its content hash', () => {
    expect(threadMessage(mail({ key: 'hash:abc123' }), lookups({}))).toEqual({ ticket: 'hash:abc123', reason: { kind: 'new' } });
  });

  it('never joins by subject: two customers with one subject, and a customer writing anew, get tickets of their own', () => {
    const known = lookups({ '<ann-1@ann.example>': 'T-ann' });
    const bob = threadMessage(mail({ key: '<bob-1@bob.example>', subject: 'Invoice' }), known);
    expect(bob).toEqual({ ticket: '<bob-1@bob.example>', reason: { kind: 'new' } });
    const annAgain = threadMessage(mail({ key: '<ann-2@ann.example>', subject: 'Re: Invoice' }), known);
    expect(annAgain).toEqual({ ticket: '<ann-2@ann.example>', reason: { kind: 'new' } });
  });

  it('ignores a message naming itself', () => {
    const known = lookups({ '<self@x>': 'T-self' });
    expect(threadMessage(mail({ key: '<self@x>', inReplyTo: '<self@x>' }), known).reason).toEqual({ kind: 'new' });
  });
});
