/**
 * Composition root shared by the Electron main process and the browser host:
 * opens the store, builds the services on the given platform adapters, starts
 * syncing, and returns the handlers the bridge dispatches to.
 */
import { existsSync } from 'node:fs';
import type { EventSink } from '../src-preload/contract';
import { createHandlers } from './ipc/handlers';
import type { Handlers } from './ipc/dispatch';
import { createServices, type ServicesOptions } from './services';
import type { Platform } from './services/platform/interfaces';

/** How long after the start housekeeping waits (see startMailroom). */
const HOUSEKEEPING_AFTER_MS = 30_000;

export interface MailroomOptions {
  dataDir: string;
  platform: Platform;
  host: 'electron' | 'browser';
  version: string;
  /** Pushes an event to every connected renderer. */
  emit: EventSink;
  /** Where this entry point's build of the header worker is (ServicesOptions.headerWorkerScript). */
  headerWorkerScript: string;
  /** Where server discovery looks; the browser host's tests point it at 127.0.0.1. */
  discovery?: ServicesOptions['discovery'];
  /** Loopback images for the browser host's tests; the app leaves it out (public addresses only). */
  remoteImagePolicy?: ServicesOptions['remoteImagePolicy'];
}

export interface Mailroom {
  handlers: Handlers;
  /** Stops sync and closes the database; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Sync falls back to the work connection when a worker cannot start, so a wrong
 * path would only ever show as slow first syncs: the entry point's build must have it.
 */
export function checkHeaderWorkerScript(script: string): void {
  if (!existsSync(script)) {
    throw new Error(`The header worker's code is missing at ${script}. Build the app again (npm run build).`);
  }
}

export async function startMailroom(options: MailroomOptions): Promise<Mailroom> {
  checkHeaderWorkerScript(options.headerWorkerScript);
  const services = createServices(options);
  services.sync.startAll();
  services.outbox.start();
  services.autoReply.start();
  services.compose.start();
  // What earlier runs left (files of deleted accounts, unclaimed sign-ins); safe beside a running sync.
  // Not at once: reading every attachment reference holds the event loop for a few hundred
  // milliseconds at 100,000 messages, just when the window asks for its first lists.
  const housekeeping = setTimeout(() => void services.housekeeping(), HOUSEKEEPING_AFTER_MS);
  housekeeping.unref();
  let closing: Promise<void> | null = null;
  return {
    handlers: createHandlers(services),
    close: () => {
      clearTimeout(housekeeping);
      return (closing ??= services.close());
    },
  };
}
