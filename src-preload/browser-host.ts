/**
 * window.mailroom for the browser host: the same bridge the Electron preload
 * builds, carried over the host's WebSocket. The per-run token comes from the
 * page URL the host printed. Loaded before the renderer's bundle.
 *
 * The link is not reconnected: a host that comes back is a new run with a new
 * token, which this page does not have. Once the socket closes, every call fails
 * at once with the same reason and `connectionLost` tells the page what to do.
 */
import { buildBridge, type Channel, type ErrorInfo, type EventName, type Result } from './contract';

/** The socket opened and later closed: the host stopped or restarted. */
const DISCONNECTED: ErrorInfo = {
  code: 'host/disconnected',
  cause: 'Mailroom’s host stopped or restarted, so this page can no longer reach it. What is on screen stays readable, but nothing new loads and changes cannot be saved.',
  fix: 'Start the host again if it is not running (npm run host -- --data-dir …), then open the address it prints. Each start prints a new address: this page’s address no longer works.',
};

/** The socket never opened: the host running here does not know this page's token. */
const REFUSED: ErrorInfo = {
  code: 'host/refused',
  cause: 'The Mailroom host at this address did not accept this page: the address is from an earlier run of the host (each run has a new token).',
  fix: 'Open the address the host printed when it last started (“Mailroom host ready: http://127.0.0.1:…/?token=…”).',
};

const token = new URLSearchParams(location.search).get('token') ?? '';
const socket = new WebSocket(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
const pending = new Map<number, (result: Result<unknown>) => void>();
const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
let nextId = 1;
let wasOpen = false;
let lost: ErrorInfo | null = null;

let settleOpened: (open: boolean) => void = () => undefined;
const opened = new Promise<boolean>((resolve) => (settleOpened = resolve));

function emit(event: EventName, payload: unknown): void {
  for (const listener of listeners.get(event) ?? []) listener(payload);
}

socket.addEventListener('open', () => {
  wasOpen = true;
  settleOpened(true);
});
socket.addEventListener('message', (event: MessageEvent<string>) => {
  const message = JSON.parse(event.data) as { id?: number; result?: Result<unknown>; event?: EventName; payload?: unknown };
  if (message.id !== undefined && message.result) {
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  } else if (message.event) {
    emit(message.event, message.payload);
  }
});
// A refused upgrade fires error then close; a lost link fires close. Either way, in this order:
// the reason first, so every answer and every later call carries it.
socket.addEventListener('close', () => {
  lost = wasOpen ? DISCONNECTED : REFUSED;
  settleOpened(false);
  for (const resolve of pending.values()) resolve({ ok: false, error: lost });
  pending.clear();
  emit('connectionLost', lost);
});

window.mailroom = buildBridge({
  async invoke(channel: Channel, request: unknown) {
    if (!(await opened) || lost) return { ok: false, error: lost ?? DISCONNECTED };
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
    if (event === 'connectionLost' && lost) listener(lost);
    return () => set.delete(listener);
  },
});
