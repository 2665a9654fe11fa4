import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { markMatches, SEARCH_HIT_CLASS } from '../../src-renderer/mail-view/mark-matches';
import { sanitizeEmailHtml } from '../../src-renderer/mail-view/sanitize';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const win = window as unknown as Window & typeof globalThis;

function bodyOf(html: string): HTMLElement {
  const doc = new window.DOMParser().parseFromString(html, 'text/html');
  return doc.body;
}

describe('markMatches', () => {
  it('wraps each match in its text node, keeping the text and the markup around it', () => {
    const body = bodyOf('<p>Your <b>invoice</b> and another Invoice, not reinvoiced.</p>');
    expect(markMatches(body, /(?<![\p{L}\p{N}])(?:invoice)/giu)).toBe(2);
    expect(body.textContent).toBe('Your invoice and another Invoice, not reinvoiced.');
    expect([...body.querySelectorAll(`mark.${SEARCH_HIT_CLASS}`)].map((m) => m.textContent)).toEqual(['invoice', 'Invoice']);
    expect(body.querySelector('b > mark')?.textContent).toBe('invoice');
  });

  it('leaves style text alone and treats the text as text, never as markup', () => {
    const body = bodyOf('<p>&lt;img src=x&gt; invoice</p><style>.invoice { color: red }</style>');
    expect(markMatches(body, /invoice|<img/gi)).toBe(2);
    expect(body.querySelector('style')?.textContent).toBe('.invoice { color: red }');
    expect(body.querySelector('img')).toBeNull();
    expect(body.querySelectorAll('mark')[0]?.textContent).toBe('<img');
  });

  it('marks nothing when nothing matches', () => {
    const body = bodyOf('<p>Hello</p>');
    expect(markMatches(body, /invoice/gi)).toBe(0);
    expect(body.innerHTML).toBe('<p>Hello</p>');
  });
});

describe('sanitizeEmailHtml with a search and fetched images', () => {
  it('marks the search in the sanitized body', () => {
    const result = sanitizeEmailHtml('<p>Quarterly report attached</p>', win, { highlight: /report/giu });
    expect(result.searchHits).toBe(1);
    expect(result.document).toContain(`<mark class="${SEARCH_HIT_CLASS}">report</mark>`);
  });

  it('lists remote images once each and puts fetched ones in place as data: URLs', () => {
    const html =
      '<img src="https://t.example/a.png"><img src="https://t.example/a.png"><img src="https://t.example/b.png">' +
      '<div style="background:url(https://t.example/c.png)">x</div>';
    const blocked = sanitizeEmailHtml(html, win);
    expect(blocked.remoteImages).toEqual(['https://t.example/a.png', 'https://t.example/b.png', 'https://t.example/c.png']);
    expect(blocked.remoteImagesBlocked).toBe(4);

    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const shown = sanitizeEmailHtml(html, win, { images: new Map([['https://t.example/a.png', png], ['https://t.example/c.png', png]]) });
    expect(shown.document.split(png).length - 1).toBe(3);
    expect(shown.document).not.toMatch(/t\.example/);
    // b.png failed: it stays blocked, with no address left for the frame to try.
    expect(shown.remoteImagesBlocked).toBe(1);
  });
});
