import { describe, expect, it } from 'vitest';
import { imageContentType, remoteImageUrl } from '../../src-main/services/mail/remote-images';

describe('remoteImageUrl', () => {
  it('takes http and https, and protocol-relative addresses as https', () => {
    expect(remoteImageUrl('https://t.example/p.gif')?.href).toBe('https://t.example/p.gif');
    expect(remoteImageUrl('  http://t.example/a b.png ')?.href).toBe('http://t.example/a%20b.png');
    expect(remoteImageUrl('//cdn.example/x.png')?.href).toBe('https://cdn.example/x.png');
  });

  it('refuses every other scheme, credentials in the address and what is not a URL', () => {
    for (const raw of ['file:///etc/passwd', 'data:image/png;base64,AA', 'cid:logo@x', 'ftp://t.example/a.png', 'javascript:alert(1)', 'mailroom://x', 'chrome://settings', 'relative.png', '']) {
      expect(remoteImageUrl(raw)).toBeNull();
    }
    expect(remoteImageUrl('https://user:secret@t.example/p.gif')).toBeNull();
  });
});

describe('imageContentType', () => {
  it('takes the raster types a mail shows, normalised', () => {
    expect(imageContentType('image/png')).toBe('image/png');
    expect(imageContentType('IMAGE/JPEG; charset=binary')).toBe('image/jpeg');
    expect(imageContentType('image/jpg')).toBe('image/jpeg');
    for (const t of ['image/gif', 'image/webp', 'image/avif', 'image/bmp']) expect(imageContentType(t)).toBe(t);
  });

  it('refuses SVG, other types and a missing header', () => {
    for (const t of ['image/svg+xml', 'text/html', 'application/octet-stream', 'image/', 'image', '', null]) expect(imageContentType(t)).toBeNull();
  });
});
