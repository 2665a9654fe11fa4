/**
 * A sender's web server on 127.0.0.1 for remote-image tests: a small PNG (setting a
 * tracking cookie, as trackers do), images over the size caps, a page, an SVG and
 * redirects, with every request's path and headers kept for the test to read.
 */
import http from 'node:http';
import zlib from 'node:zlib';

/** A valid PNG of `width`×`height` pixels, solid colour, built here so no fixture file is needed. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [53, 83, 212]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

export interface ImageServer {
  origin: string;
  /** Every request, in arrival order. */
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  stop(): Promise<void>;
}

export const SMALL_PNG = solidPng(120, 40);

/** Bytes of at least `size` that a PNG header starts: the fetcher must stop reading at its cap whatever follows. */
const oversize = (size: number) => Buffer.concat([SMALL_PNG, Buffer.alloc(size)]);

export async function startImageServer(): Promise<ImageServer> {
  const requests: ImageServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '';
    requests.push({ path, headers: req.headers });
    const cookie = 'track=reader-42; Path=/; Max-Age=3600';
    if (path.startsWith('/pixel.png')) {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Set-Cookie': cookie }).end(SMALL_PNG);
    } else if (path === '/big-declared.png') {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(6 * 1024 * 1024) }).end(oversize(6 * 1024 * 1024 - SMALL_PNG.length));
    } else if (path === '/big-chunked.png') {
      // No Content-Length: only counting the bytes as they come can stop it.
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(oversize(6 * 1024 * 1024));
    } else if (path.startsWith('/four-mb-')) {
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(oversize(4.5 * 1024 * 1024));
    } else if (path === '/page.html') {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Set-Cookie': cookie }).end('<p>not an image</p>');
    } else if (path === '/logo.svg') {
      res.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"/>');
    } else if (path === '/redirect') {
      res.writeHead(302, { Location: '/pixel.png?via=redirect', 'Set-Cookie': cookie }).end();
    } else if (path.startsWith('/loop')) {
      res.writeHead(302, { Location: `/loop${path.length}` }).end();
    } else if (path === '/to-file') {
      res.writeHead(302, { Location: 'file:///etc/passwd' }).end();
    } else if (path === '/to-lan') {
      res.writeHead(302, { Location: 'http://192.168.1.1/router.png' }).end();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
