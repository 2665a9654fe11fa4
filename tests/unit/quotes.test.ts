import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { markQuotedHtml, QUOTED_ATTRIBUTE, splitQuotedText } from '../../src-renderer/mail-view/quotes';

describe('splitQuotedText', () => {
  it('folds a trailing quote with its "On … wrote:" line', () => {
    const text = 'Thanks, that fixed it.\n\nOn Tue, 3 Mar 2026 at 10:02, Ana <ana@example.com> wrote:\n> Try restarting the router.\n>\n> Ana\n';
    expect(splitQuotedText(text)).toEqual({
      shown: 'Thanks, that fixed it.',
      folded: 'On Tue, 3 Mar 2026 at 10:02, Ana <ana@example.com> wrote:\n> Try restarting the router.\n>\n> Ana\n',
    });
  });

  it('takes an attribution a mail program wrapped over two lines', () => {
    const text = 'Yes.\n\nOn Tue, 3 Mar 2026 at 10:02, Ana Lopez <\nana@example.com> wrote:\n\n> Shall we?\n';
    expect(splitQuotedText(text).folded).toBe('On Tue, 3 Mar 2026 at 10:02, Ana Lopez <\nana@example.com> wrote:\n\n> Shall we?\n');
  });

  it('knows the usual translations of the attribution', () => {
    for (const line of ['Le mar. 3 mars 2026 à 10:02, Ana <a@x.fr> a écrit :', 'Am Di., 3. März 2026 um 10:02 Uhr schrieb Ana <a@x.de>:', 'El mar, 3 mar 2026 a las 10:02, Ana (<a@x.es>) escribió:']) {
      expect(splitQuotedText(`Merci.\n\n${line}\n> Bonjour\n`).shown).toBe('Merci.');
      expect(splitQuotedText(`Merci.\n\n${line}\n> Bonjour\n`).folded.startsWith(line)).toBe(true);
    }
  });

  it('folds a quote without attribution, from its first ">" line', () => {
    expect(splitQuotedText('Done.\n> Can you do it?\n> Please\n')).toEqual({ shown: 'Done.', folded: '> Can you do it?\n> Please\n' });
  });

  it('folds the signature after its "-- " separator, with or without the space', () => {
    expect(splitQuotedText('See you Monday.\n-- \nAna Lopez\nSupport team\n')).toEqual({ shown: 'See you Monday.', folded: '-- \nAna Lopez\nSupport team\n' });
    expect(splitQuotedText('See you Monday.\n--\nAna').folded).toBe('--\nAna');
  });

  it('folds a signature and the quote after it as one', () => {
    const text = 'Sent.\n\n-- \nAna\n\nOn Mon, Bo wrote:\n> Send it\n';
    expect(splitQuotedText(text)).toEqual({ shown: 'Sent.', folded: '-- \nAna\n\nOn Mon, Bo wrote:\n> Send it\n' });
  });

  it("folds Outlook's history, which quotes nothing with '>'", () => {
    const text = 'Approved.\r\n\r\n-----Original Message-----\r\nFrom: Bo\r\nSent: Monday\r\n\r\nCan I order?\r\n';
    expect(splitQuotedText(text)).toEqual({ shown: 'Approved.', folded: '-----Original Message-----\r\nFrom: Bo\r\nSent: Monday\r\n\r\nCan I order?\r\n' });
    const underscored = `Approved.\n\n${'_'.repeat(32)}\nFrom: Bo <bo@example.com>\nSent: Monday\n\nCan I order?`;
    expect(splitQuotedText(underscored).folded.startsWith('_'.repeat(32))).toBe(true);
  });

  it('leaves a reply written between quotes as it is', () => {
    const text = '> Can you come?\nYes.\n> At ten?\nAt eleven.\n';
    expect(splitQuotedText(text)).toEqual({ shown: text, folded: '' });
  });

  it('does not fold a message that would show nothing', () => {
    const text = '> only a quote\n> nothing else\n';
    expect(splitQuotedText(text)).toEqual({ shown: text, folded: '' });
  });

  it('does not take a separator far above the end for a signature', () => {
    const text = `Part one\n-- \n${Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n')}\n`;
    expect(splitQuotedText(text).folded).toBe('');
  });

  it('reads only the tail of a long body', () => {
    const text = `${'log line\n'.repeat(1_200_000)}-- \nBot\n`;
    expect(splitQuotedText(text).folded).toBe('-- \nBot\n');
  });
});

describe('markQuotedHtml', () => {
  const folded = (html: string) => {
    const { document } = new JSDOM(`<!doctype html><html><body>${html}</body></html>`).window;
    const count = markQuotedHtml(document.body);
    return { count, ids: Array.from(document.querySelectorAll(`[${QUOTED_ATTRIBUTE}]`)).map((e) => e.id || e.className || e.tagName.toLowerCase()) };
  };

  it("folds Gmail's quote and signature", () => {
    expect(
      folded(
        '<div dir="ltr">Thanks!<br><div class="gmail_signature" data-smartmail="gmail_signature">Ana</div></div><br>' +
          '<div class="gmail_quote"><div class="gmail_attr">On Mon, Bo wrote:</div><blockquote class="gmail_quote">Hi</blockquote></div>',
      ),
    ).toEqual({ count: 2, ids: ['br', 'gmail_signature', 'br', 'gmail_quote'] });
  });

  it("folds Outlook's header block with its rule and the history after it", () => {
    expect(folded('<div>Approved.</div><hr id="rule"><div id="divRplyFwdMsg"><b>From:</b> Bo</div><div id="history">Can I order?</div>')).toEqual({
      count: 1,
      ids: ['rule', 'divRplyFwdMsg', 'history'],
    });
  });

  it("folds Apple Mail's and Thunderbird's cited blockquote with its prefix", () => {
    expect(folded('<p>Yes.</p><div class="moz-cite-prefix">On Mon, Bo wrote:</div><blockquote type="cite">Shall we?</blockquote>')).toEqual({
      count: 2,
      ids: ['moz-cite-prefix', 'blockquote'],
    });
  });

  it('leaves quotes with a reply after them, folding only the trailing run', () => {
    expect(folded('<blockquote id="q1">Come?</blockquote><p>Yes.</p><blockquote id="q2">At ten?</blockquote><p>At eleven.</p>')).toEqual({ count: 0, ids: [] });
    expect(folded('<blockquote id="q1">Come?</blockquote><p>Yes.</p><blockquote id="q2">At ten?</blockquote><p> </p>')).toEqual({ count: 1, ids: ['q2'] });
  });

  it('counts an image after a quote as content', () => {
    expect(folded('<p>See below</p><blockquote>old</blockquote><img src="cid:x">').count).toBe(0);
  });

  it('does not fold a message that is only a quote', () => {
    expect(folded('<blockquote>Forwarded words</blockquote>')).toEqual({ count: 0, ids: [] });
  });

  it('folds a nested quote once, as part of its outermost container', () => {
    expect(folded('<p>Ok</p><div class="gmail_quote"><blockquote><blockquote>deep</blockquote></blockquote></div>')).toEqual({ count: 1, ids: ['gmail_quote'] });
  });
});
