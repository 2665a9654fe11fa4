/**
 * The remote-image fetcher against a real web server on 127.0.0.1: what it takes, what
 * it refuses, and that nothing identifying the reader (cookies, referrer) leaves with
 * the request, even after the server tried to set a cookie. The server being on
 * loopback, these fetches allow loopback (as the browser host's tests do); the last
 * tests show that without that, loopback and the LAN are refused before any connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteImages, REMOTE_IMAGE_MAX_BYTES, REMOTE_IMAGES_TOTAL_MAX_BYTES } from '../../src-main/services/mail/remote-images';
import { PUBLIC_ADDRESSES_ONLY, type RemoteImagePolicy } from '../../src-main/services/mail/public-address';
import { SMALL_PNG, startImageServer, type ImageServer } from '../support/image-server';

let server: ImageServer;

beforeAll(async () => {
  server = await startImageServer();
});

afterAll(async () => {
  await server?.stop();
});

const LOOPBACK: RemoteImagePolicy = { allowLoopback: true };

const bytesOf = (dataUrl: string) => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

describe('fetchRemoteImages', () => {
  it('fetches a PNG as a data: URL, twice with no cookie or referrer though the server set one', async () => {
    const url = `${server.origin}/pixel.png`;
    const [first] = await fetchRemoteImages([url], LOOPBACK);
    const [second] = await fetchRemoteImages([`${url}?again`], LOOPBACK);
    for (const result of [first, second]) {
      expect(result && 'dataUrl' in result && result.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    }
    expect(bytesOf((first as { dataUrl: string }).dataUrl).equals(SMALL_PNG)).toBe(true);
    const pixelRequests = server.requests.filter((r) => r.path.startsWith('/pixel.png'));
    expect(pixelRequests).toHaveLength(2);
    for (const { headers } of pixelRequests) {
      expect(headers.cookie).toBeUndefined();
      expect(headers.referer).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
    }
  });

  it('follows a redirect to an image, checking each hop, and gives up on loops and other schemes', async () => {
    const results = await fetchRemoteImages([`${server.origin}/redirect`, `${server.origin}/loop`, `${server.origin}/to-file`], LOOPBACK);
    expect('dataUrl' in results[0]!).toBe(true);
    expect(results[1]).toEqual({ url: `${server.origin}/loop`, failed: 'too many redirects' });
    expect(results[2]).toEqual({ url: `${server.origin}/to-file`, failed: 'redirected to something other than a web address' });
    // The loop was followed three times after the first request, no more.
    expect(server.requests.filter((r) => r.path.startsWith('/loop'))).toHaveLength(4);
    const redirected = server.requests.find((r) => r.path === '/pixel.png?via=redirect');
    expect(redirected?.headers.cookie).toBeUndefined();
    expect(redirected?.headers.referer).toBeUndefined();
  });

  it('refuses what is not a raster image, and addresses that are not http(s)', async () => {
    const results = await fetchRemoteImages([`${server.origin}/page.html`, `${server.origin}/logo.svg`, `${server.origin}/missing.png`, 'file:///etc/passwd', 'ftp://127.0.0.1/x.png'], LOOPBACK);
    expect(results.map((r) => ('failed' in r ? r.failed : 'fetched'))).toEqual([
      'not an image',
      'not an image',
      'the server answered 404',
      'not a web address',
      'not a web address',
    ]);
  });

  it('refuses an image over the size cap, declared or not', async () => {
    const results = await fetchRemoteImages([`${server.origin}/big-declared.png`, `${server.origin}/big-chunked.png`], LOOPBACK);
    expect(REMOTE_IMAGE_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(results.map((r) => ('failed' in r ? r.failed : 'fetched'))).toEqual(['larger than 5 MB', 'larger than 5 MB']);
  });

  it('stops a message at its total cap', async () => {
    const urls = Array.from({ length: 6 }, (_, i) => `${server.origin}/four-mb-${i}.png`);
    const results = await fetchRemoteImages(urls, LOOPBACK);
    const fetched = results.filter((r): r is { url: string; dataUrl: string } => 'dataUrl' in r);
    const total = fetched.reduce((sum, r) => sum + bytesOf(r.dataUrl).length, 0);
    expect(total).toBeLessThanOrEqual(REMOTE_IMAGES_TOTAL_MAX_BYTES);
    expect(fetched.length).toBeGreaterThan(0);
    expect(results.filter((r) => 'failed' in r && r.failed === 'over the 20 MB this message may load').length).toBeGreaterThan(0);
    expect(results.map((r) => r.url)).toEqual(urls);
  });

  it('refuses loopback unless allowed, by address or by a name that resolves to it, without a request', async () => {
    const port = new URL(server.origin).port;
    const before = server.requests.length;
    const urls = [`${server.origin}/pixel.png?literal`, `http://localhost:${port}/pixel.png?name`, `http://[::ffff:127.0.0.1]:${port}/pixel.png?mapped`];
    const results = await fetchRemoteImages(urls, PUBLIC_ADDRESSES_ONLY);
    expect(results.map((r) => ('failed' in r ? r.failed : 'fetched'))).toEqual([
      'refused: 127.0.0.1 is not a public address (loopback)',
      'refused: localhost is not a public address (loopback)',
      'refused: ::ffff:7f00:1 is not a public address (loopback)',
    ]);
    expect(server.requests.length).toBe(before);
    // The name goes through the checked lookup, which connects where it looked.
    const [byName] = await fetchRemoteImages([`http://localhost:${port}/pixel.png?name`], LOOPBACK);
    expect(byName && 'dataUrl' in byName).toBe(true);
  });

  it('checks every redirect hop: a public page cannot send the fetch into the LAN', async () => {
    const [result] = await fetchRemoteImages([`${server.origin}/to-lan`], LOOPBACK);
    expect(result).toEqual({ url: `${server.origin}/to-lan`, failed: 'refused: 192.168.1.1 is not a public address (private)' });
  });
});
