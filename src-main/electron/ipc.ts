import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import {
  channels,
  ipcChannelOf,
  IPC_EVENT_CHANNEL,
  type EventSink,
  type Result,
} from '../../src-preload/contract';
import { dispatch, type Handlers } from '../ipc/dispatch';
import { isRendererUrl } from './policy/renderer-url';

/**
 * The Electron side of the bridge. Every contract channel is registered as
 * `mailroom:<channel>` through one wrapper that first checks who is asking:
 * only the top frame of one of our app windows showing our own index.html may call.
 * An email frame, a page that somehow navigated elsewhere or another window
 * gets an error envelope and never reaches a service. Then dispatch() validates
 * the payload and calls the handler.
 */

/** The app's own windows (main, settings): the only ones allowed to call. */
type WindowsGetter = () => BrowserWindow[];

const forbidden: Result<never> = {
  ok: false,
  error: {
    code: 'ipc/forbidden-sender',
    cause: 'A part of the window that is not the Mailroom app tried to use the app.',
    fix: 'Nothing to do: the request was refused. If the app itself shows this, restart Mailroom.',
  },
};

function liveWindows(getWindows: WindowsGetter): BrowserWindow[] {
  return getWindows().filter((win) => !win.isDestroyed() && !win.webContents.isDestroyed());
}

/** Why the sender is refused, or null when it is the top frame of one of our windows. */
function senderProblem(event: IpcMainInvokeEvent, getWindows: WindowsGetter): string | null {
  const win = liveWindows(getWindows).find((w) => w.webContents === event.sender);
  if (!win) return `webContents ${event.sender.id} is not a Mailroom window`;
  const frame = event.senderFrame;
  const main = win.webContents.mainFrame;
  if (!frame || frame.isDestroyed()) return 'the sending frame is gone';
  if (frame.parent !== null || (frame !== main && frame.frameToken !== main.frameToken)) return 'not the main frame';
  if (!isRendererUrl(frame.url)) return `foreign URL ${JSON.stringify(frame.url.slice(0, 200))}`;
  return null;
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpcHandlers(handlers: Handlers, getWindows: WindowsGetter): () => void {
  for (const channel of channels) {
    ipcMain.handle(ipcChannelOf(channel), async (event, payload: unknown): Promise<Result<unknown>> => {
      const problem = senderProblem(event, getWindows);
      if (problem) {
        console.warn(`[ipc] refused ${channel}: ${problem}`);
        return forbidden;
      }
      return dispatch(handlers, channel, payload);
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(ipcChannelOf(channel));
  };
}

/**
 * Pushes events to every app window. Events raised while there is no window
 * (macOS with every window closed, or before the first one) are dropped: a page
 * asks for the current state when it loads.
 */
export function createEventSink(getWindows: WindowsGetter): EventSink {
  return (event, payload) => {
    for (const win of liveWindows(getWindows)) {
      if (!isRendererUrl(win.webContents.mainFrame.url)) continue;
      try {
        win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
      } catch (err) {
        console.warn(`[ipc] could not send event ${event}:`, err);
      }
    }
  };
}
