/** The wire: channel names on Electron's IPC, the result envelope, and window.mailroom built from a transport. */
import { channels, type Channel, type RequestInputOf, type ResponseOf } from './channels';
import type { EventName, Events } from './events';
import type { ErrorInfo } from './shared';

/** Electron IPC names: `mailroom:<channel>` for each call, one shared name for every event. */
export const IPC_PREFIX = 'mailroom:';
export const IPC_EVENT_CHANNEL = `${IPC_PREFIX}event`;
export const ipcChannelOf = (channel: Channel): string => `${IPC_PREFIX}${channel}`;

/** Every call resolves to this envelope so typed errors survive the process hop. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export type MailroomBridge = {
  [C in Channel]: (request: RequestInputOf<C>) => Promise<ResponseOf<C>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/** Thrown by the bridge when main answers with an error envelope. */
export class MailroomError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.cause);
    this.name = 'MailroomError';
  }
}

/**
 * Builds window.mailroom from a transport, so the preload (ipcRenderer) and the
 * browser host (WebSocket) expose exactly the same functions.
 */
export function buildBridge(transport: {
  invoke(channel: Channel, request: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}): MailroomBridge {
  const bridge: Record<string, unknown> = {};
  for (const channel of channels) {
    bridge[channel] = async (request: unknown) => {
      const result = await transport.invoke(channel, request ?? {});
      if (!result.ok) throw new MailroomError(result.error);
      return result.value;
    };
  }
  bridge.on = (event: EventName, listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  return bridge as MailroomBridge;
}
