/**
 * The preload: builds window.mailroom from the contract and exposes nothing else.
 * It runs sandboxed (only `electron` can be required), so the build bundles it,
 * contract and zod included, into one CommonJS file.
 *
 * ipcRenderer itself is never handed to the page, and listeners never receive the
 * IpcRendererEvent (its `sender` is ipcRenderer): only the payload crosses.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  buildBridge,
  channels,
  eventNames,
  ipcChannelOf,
  IPC_EVENT_CHANNEL,
  MailroomError,
  type Channel,
  type EventName,
  type MailroomBridge,
  type Result,
} from './contract';

const knownChannels = new Set<string>(channels);
const knownEvents = new Set<string>(eventNames);

const bridge = buildBridge({
  invoke(channel: Channel, request: unknown): Promise<Result<unknown>> {
    if (!knownChannels.has(channel)) return Promise.reject(new Error(`Unknown channel ${String(channel)}`));
    return ipcRenderer.invoke(ipcChannelOf(channel), request) as Promise<Result<unknown>>;
  },
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
    if (!knownEvents.has(event)) throw new Error(`Unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
    const onEvent = (_ipcEvent: Electron.IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, onEvent);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, onEvent);
    };
  },
});

/**
 * contextBridge copies an Error into the page as a plain Error and drops custom
 * properties, so MailroomError's `info` (code, cause, fix) would be lost. Calls
 * therefore reject with a plain object of the same shape ({ name, message, info }),
 * which crosses intact and is what the renderer's toErrorInfo() reads.
 */
function exposable(source: MailroomBridge): MailroomBridge {
  const exposed: Record<string, unknown> = {};
  for (const channel of channels) {
    const call = source[channel] as (request: unknown) => Promise<unknown>;
    exposed[channel] = async (request: unknown) => {
      try {
        return await call(request);
      } catch (err) {
        if (err instanceof MailroomError) {
          // A plain object on purpose (see above): an Error would lose `info`.
          throw { name: err.name, message: err.message, info: { ...err.info } };
        }
        throw err;
      }
    };
  }
  exposed.on = source.on;
  return exposed as MailroomBridge;
}

contextBridge.exposeInMainWorld('mailroom', exposable(bridge));
