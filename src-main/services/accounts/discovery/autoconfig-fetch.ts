/**
 * Fetches a domain's autoconfig file over HTTPS with the certificate verified. Plain
 * HTTP is never asked: an attacker on the network could hand out their own servers.
 * Redirects are not followed, so nothing but the domain's own hosts is contacted.
 */
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** Autoconfig files are a few kilobytes; anything far bigger is not one. */
const MAX_BYTES = 256 * 1024;

export type FetchOutcome = { ok: true; text: string } | { ok: false; reason: string };

export function fetchAutoconfig(url: URL, options: { port: number; lookup: LookupFunction; timeoutMs: number }): Promise<FetchOutcome> {
  return new Promise((resolve) => {
    const request = https.get(
      { host: url.hostname, servername: url.hostname, port: options.port, path: `${url.pathname}${url.search}`, lookup: options.lookup, timeout: options.timeoutMs, headers: { accept: 'application/xml, text/xml' } },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          resolve({ ok: false, reason: `HTTP ${response.statusCode ?? '?'}` });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) {
            request.destroy();
            resolve({ ok: false, reason: 'the file is too large to be an autoconfig file' });
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (err) => resolve({ ok: false, reason: reasonOf(err) }));
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', (err) => resolve({ ok: false, reason: reasonOf(err) }));
  });
}

/** Short words for the form's step list ("no such host", "certificate not trusted"). */
export function reasonOf(err: unknown): string {
  const code = (err as { code?: string } | null)?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'ENODATA' || code === 'ESERVFAIL' || code === 'EAI_AGAIN') return 'no such host';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ETIMEDOUT' || code === 'ETIMEOUT') return 'no answer in time';
  if (code === 'ECONNRESET') return 'connection closed';
  if (code.startsWith('ERR_TLS') || /CERT|SELF_SIGNED|UNABLE_TO/.test(code)) return 'certificate not trusted';
  return err instanceof Error ? err.message : String(err);
}
