import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { externalLinkTarget, FRAME_CSP, sanitizeEmailHtml } from '../../src-renderer/mail-view/sanitize';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const clean = (html: string) => sanitizeEmailHtml(html, window as unknown as Window & typeof globalThis);

describe('sanitizeEmailHtml', () => {
  it('removes scripts, handlers, forms, frames and base', () => {
    const { document } = clean(
      '<p onclick="x()">Hi<script>alert(1)</script></p><form action="https://evil"><input></form><iframe src="https://evil"></iframe><base href="https://evil/"><a href="javascript:alert(1)">x</a>',
    );
    expect(document).toContain('Hi');
    expect(document).not.toMatch(/<script|onclick|<form|<input|<iframe|<base|javascript:/i);
  });

  it('blocks and counts remote images in src, srcset, background and CSS', () => {
    const result = clean(
      '<img src="https://t.example/p.gif"><img srcset="//t.example/a.png 2x"><table><tr><td background="http://t.example/bg.png">c</td></tr></table>' +
        '<div style="background:url(https://t.example/x.png)">a</div><style>@import url(https://t.example/s.css); b{background:url("http://t.example/y")}</style>',
    );
    expect(result.remoteImagesBlocked).toBeGreaterThanOrEqual(5);
    expect(result.document).not.toMatch(/t\.example/);
  });

  it('hands srcset and background= images to the same Show-images gate as src', () => {
    const html =
      '<img srcset="https://cdn.example/w_100,h_50/a.png 1x, //cdn.example/b.png 2x">' +
      '<table background="http://t.example/bg.png"><tr><td background="http://t.example/cell.png">c</td></tr></table>' +
      '<img srcset="data:image/png;base64,iVBORw0KGgo= 1x">';
    const blocked = clean(html);
    expect(blocked.remoteImages.sort()).toEqual(['//cdn.example/b.png', 'http://t.example/bg.png', 'http://t.example/cell.png', 'https://cdn.example/w_100,h_50/a.png']);
    expect(blocked.remoteImagesBlocked).toBe(3);
    expect(blocked.document).not.toMatch(/cdn\.example|t\.example/);
    expect(blocked.document).toContain('srcset="data:image/png;base64,iVBORw0KGgo= 1x"');

    const png = (n: number) => `data:image/png;base64,${'A'.repeat(n)}=`;
    const images = new Map([
      ['https://cdn.example/w_100,h_50/a.png', png(4)],
      ['//cdn.example/b.png', png(8)],
      ['http://t.example/bg.png', png(12)],
      ['http://t.example/cell.png', png(16)],
    ]);
    const shown = sanitizeEmailHtml(html, window as unknown as Window & typeof globalThis, { images });
    expect(shown.remoteImagesBlocked).toBe(0);
    expect(shown.document).toContain(`srcset="${png(4)} 1x, ${png(8)} 2x"`);
    expect(shown.document).toContain(`<table background="${png(12)}">`);
    expect(shown.document).toContain(`<td background="${png(16)}">`);
    expect(shown.document).not.toMatch(/cdn\.example|t\.example/);
  });

  it('keeps inline data images and puts the no-network CSP first', () => {
    const { document } = clean('<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo">');
    expect(document).toContain('data:image/png;base64');
    expect(document.indexOf(FRAME_CSP)).toBeGreaterThan(0);
    expect(document.indexOf(FRAME_CSP)).toBeLessThan(document.indexOf('<body'));
  });
});

describe('externalLinkTarget', () => {
  it('lets only http, https and mailto out', () => {
    expect(externalLinkTarget('https://shop.example/a')).toBe('https://shop.example/a');
    expect(externalLinkTarget('mailto:a@example.test')).toBe('mailto:a@example.test');
    expect(externalLinkTarget('javascript:alert(1)')).toBeNull();
    expect(externalLinkTarget('file:///etc/passwd')).toBeNull();
    expect(externalLinkTarget('/relative')).toBeNull();
  });
});
