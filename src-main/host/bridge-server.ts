import type http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventSink } from '../../src-preload/contract';
import { dispatch, type Handlers } from '../ipc/dispatch';

/** Messages on the host's WebSocket: calls carry an id, answers echo it, events have none. */
export interface CallMessage {
  id: number;
  channel: string;
  payload: unknown;
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/**
 * The browser host's bridge: the same dispatch as Electron's IPC, over a
 * WebSocket that only accepts the per-run token and our own page's origin.
 */
/** Room for the largest request the contract allows: a draft attachment at the highest size limit (150 MB), base64-encoded. */
const MAX_REQUEST_BYTES = 210 * 1024 * 1024;

export function attachBridge(server: http.Server, token: string, getHandlers: () => Handlers | null) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const address = server.address();
    const ownOrigin = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
    if (url.pathname !== '/bridge' || !tokenMatches(url.searchParams.get('token'), token) || req.headers.origin !== ownOrigin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('message', (data) => void answer(ws, data.toString()));
    });
  });

  async function answer(ws: WebSocket, text: string): Promise<void> {
    let call: CallMessage;
    try {
      call = JSON.parse(text) as CallMessage;
      if (typeof call.id !== 'number') throw new Error('no id');
    } catch {
      ws.close(1003, 'malformed message');
      return;
    }
    const handlers = getHandlers();
    const result = handlers
      ? await dispatch(handlers, call.channel, call.payload)
      : { ok: false as const, error: { code: 'app/starting', cause: 'Mailroom is still starting.', fix: 'Wait a moment and try again.' } };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: call.id, result }));
  }

  const emit: EventSink = (event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message);
  };

  return {
    emit,
    close(): void {
      for (const ws of clients) ws.terminate();
      wss.close();
    },
  };
}
