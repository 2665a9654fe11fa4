/**
 * window.mailroom for the browser host: the same bridge the Electron preload
 * builds, carried over the host's WebSocket. The per-run token comes from the
 * page URL the host printed. Loaded before the renderer's bundle.
 */
import { buildBridge, type Channel, type EventName, type Result } from './contract';

const token = new URLSearchParams(location.search).get('token') ?? '';
const socket = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve());
  socket.addEventListener('error', () => reject(new Error('The Mailroom host refused the connection (wrong or missing token?).')));
});
const pending = new Map<number, (result: Result<unknown>) => void>();
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
let nextId = 1;

const lost: Result<unknown> = {
  ok: false,
  error: { code: 'host/disconnected', cause: 'The connection to the Mailroom host was lost.', fix: 'Restart the host and reload this page.' },
};

socket.addEventListener('message', (event: MessageEvent<string>) => {
  const message = JSON.parse(event.data) as { id?: number; result?: Result<unknown>; event?: EventName; payload?: unknown };
  if (message.id !== undefined && message.result) {
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  } else if (message.event) {
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  }
});
socket.addEventListener('close', () => {
  for (const resolve of pending.values()) resolve(lost);
  pending.clear();
});

window.mailroom = buildBridge({
  async invoke(channel: Channel, request: unknown) {
    try {
      await opened;
    } catch {
      return lost;
    }
    if (socket.readyState !== WebSocket.OPEN) return lost;
    const id = nextId++;
    return new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, payload: request }));
    });
  },
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
});
