import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { RENDERER_SCHEME, rendererFilePath } from './policy/renderer-url';
import { rendererContentType } from '../renderer-content-type';

/**
 * Serves the built renderer at mailroom://app/ (see policy/renderer-url.ts for the
 * path rules). The scheme is standard (relative URLs and origins work like https),
 * secure (a secure context, as file:// was) and fetch-capable; it gets no CORS
 * bypass and no service workers.
 */

/** Must run before app 'ready': Chromium learns a scheme's privileges at start-up. */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: RENDERER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function refuse(status: number, why: string, url: string): Response {
  console.warn(`[protocol] ${status} ${why}: ${JSON.stringify(url.slice(0, 200))}`);
  return new Response(null, { status });
}

/** Call after 'ready'; registered on the default session only, so sign-in windows never reach it. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(RENDERER_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed', request.url);
    const file = rendererFilePath(rendererDir, request.url);
    if (!file) return refuse(404, 'outside the renderer', request.url);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return refuse(404, 'no such file', request.url);
    }
    const headers = { 'Content-Type': rendererContentType(file), 'X-Content-Type-Options': 'nosniff' };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  });
}
