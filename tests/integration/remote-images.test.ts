/**
 * The remote-image fetcher against a real web server on 127.0.0.1: what it takes, what
 * it refuses, and that nothing identifying the reader (cookies, referrer) leaves with
 * the request, even after the server tried to set a cookie.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRemoteImages, REMOTE_IMAGE_MAX_BYTES, REMOTE_IMAGES_TOTAL_MAX_BYTES } from '../../src-main/services/mail/remote-images';
import { SMALL_PNG, startImageServer, type ImageServer } from '../support/image-server';

let server: ImageServer;

beforeAll(async () => {
  server = await startImageServer();
});

afterAll(async () => {
  await server?.stop();
});

const bytesOf = (dataUrl: string) => Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');

describe('fetchRemoteImages', () => {
  it('fetches a PNG as a data: URL, twice with no cookie or referrer though the server set one', async () => {
    const url = `${server.origin}/pixel.png`;
    const [first] = await fetchRemoteImages([url]);
    const [second] = await fetchRemoteImages([`${url}?again`]);
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
    const results = await fetchRemoteImages([`${server.origin}/redirect`, `${server.origin}/loop`, `${server.origin}/to-file`]);
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
    const results = await fetchRemoteImages([`${server.origin}/page.html`, `${server.origin}/logo.svg`, `${server.origin}/missing.png`, 'file:///etc/passwd', 'ftp://127.0.0.1/x.png']);
    expect(results.map((r) => ('failed' in r ? r.failed : 'fetched'))).toEqual([
      'not an image',
      'not an image',
      'the server answered 404',
      'not a web address',
      'not a web address',
    ]);
  });

  it('refuses an image over the size cap, declared or not', async () => {
    const results = await fetchRemoteImages([`${server.origin}/big-declared.png`, `${server.origin}/big-chunked.png`]);
    expect(REMOTE_IMAGE_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(results.map((r) => ('failed' in r ? r.failed : 'fetched'))).toEqual(['larger than 5 MB', 'larger than 5 MB']);
  });

  it('stops a message at its total cap', async () => {
    const urls = Array.from({ length: 6 }, (_, i) => `${server.origin}/four-mb-${i}.png`);
    const results = await fetchRemoteImages(urls);
    const fetched = results.filter((r): r is { url: string; dataUrl: string } => 'dataUrl' in r);
    const total = fetched.reduce((sum, r) => sum + bytesOf(r.dataUrl).length, 0);
    expect(total).toBeLessThanOrEqual(REMOTE_IMAGES_TOTAL_MAX_BYTES);
    expect(fetched.length).toBeGreaterThan(0);
    expect(results.filter((r) => 'failed' in r && r.failed === 'over the 20 MB this message may load').length).toBeGreaterThan(0);
    expect(results.map((r) => r.url)).toEqual(urls);
  });
});
