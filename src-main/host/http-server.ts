import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { rendererContentType } from '../renderer-content-type';

/** The same policy as the renderer's meta tag, also sent as a header. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self' ws://127.0.0.1:*; frame-src 'self' about:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Serves the built renderer read-only, with the host bridge script injected into
 * index.html before the app's own bundle, so the renderer finds window.mailroom
 * exactly as under Electron's preload.
 */
export function createStaticServer(rendererDir: string, bridgeScript: string): http.Server {
  const root = path.resolve(rendererDir);
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    if (url.pathname === '/host-bridge.js') {
      res.writeHead(200, { ...headers, 'Content-Type': rendererContentType(bridgeScript) }).end(fs.readFileSync(bridgeScript));
      return;
    }
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, headers).end('Not found');
      return;
    }
    let body: Buffer | string = fs.readFileSync(file);
    if (relative === 'index.html') {
      body = body.toString('utf8').replace('<script', '<script src="./host-bridge.js"></script>\n    <script');
    }
    res.writeHead(200, { ...headers, 'Content-Type': rendererContentType(file) }).end(body);
  });
}
