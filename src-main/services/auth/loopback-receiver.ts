/**
 * The loopback redirect of RFC 8252 §7.3: a one-shot HTTP server on 127.0.0.1
 * (an IP literal, not "localhost", which could resolve elsewhere or to ::1)
 * on a port the OS picks, that waits for the provider to send the browser back
 * to /callback with the code (or an error) and then closes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appError } from '../errors/app-error';

/** The query of the redirect; null where the provider sent nothing. */
export interface LoopbackCallback {
  code: string | null;
  state: string | null;
  error: string | null;
  errorDescription: string | null;
}

export interface LoopbackReceiver {
  /** http://127.0.0.1:PORT/callback */
  readonly redirectUri: string;
  /** Settles once: the first callback, or an oauth/timeout or oauth/cancelled error. */
  readonly callback: Promise<LoopbackCallback>;
  /**
   * Stops listening; a callback still awaited fails with oauth/cancelled. A page being
   * sent is finished first. Safe to call twice.
   */
  close(): void;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const CALLBACK_PATH = '/callback';

/** Self-contained (no scripts, images or links), so the tab loads nothing else while it shows the code in its URL. */
function page(heading: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mailroom</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#1f2933;display:grid;place-items:center;min-height:90vh;margin:0}main{text-align:center}</style>
</head><body><main><h1>${heading}</h1><p>You can close this window and return to Mailroom.</p></main></body></html>`;
}

export async function startLoopbackReceiver(options: { timeoutMs?: number } = {}): Promise<LoopbackReceiver> {
  let settle!: { resolve(value: LoopbackCallback): void; reject(err: Error): void };
  const callback = new Promise<LoopbackCallback>((resolve, reject) => (settle = { resolve, reject }));
  // The owner awaits it; this keeps a receiver that is closed unawaited from raising an unhandled rejection.
  callback.catch(() => undefined);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end('Not found');
      return;
    }
    const param = (name: string) => url.searchParams.get(name);
    const error = param('error');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      connection: 'close',
    });
    res.end(page(error ? 'Sign-in did not finish' : 'Sign-in received'), () => close());
    settle.resolve({ code: param('code'), state: param('state'), error, errorDescription: param('error_description') });
  });

  const timer = setTimeout(() => {
    settle.reject(appError('oauth/timeout', 'The sign-in was not finished in time.', "Sign in again and complete the provider's steps in one go."));
    close();
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  let closed = false;
  function close(): void {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    settle.reject(appError('oauth/cancelled', 'The sign-in was stopped.', 'Sign in again.'));
    // Idle (keep-alive or preconnected) sockets go now; one still sending the page ends by itself (connection: close).
    server.close();
    server.closeIdleConnections();
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, callback, close };
}
