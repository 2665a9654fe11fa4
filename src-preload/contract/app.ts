/** The app itself: its status, its windows, links out. */
import { z } from 'zod';
import { EmptyRequest, type ErrorInfo } from './shared';

/**
 * How passwords and sign-in tokens are kept. encrypted: with a key the OS guards.
 * weak: stored, with a key anyone can find (Linux basic_text; the host's key file).
 * unavailable: not stored at all, so every start needs them again.
 */
export type SecretsProtection = 'encrypted' | 'weak' | 'unavailable';

/** The installed app's update channel; 'off' until a feed is configured (and always in the browser host). */
export type UpdateStatus = { state: 'off' | 'idle' } | { state: 'downloading' | 'ready'; version: string };

export interface AppStatus {
  host: 'electron' | 'browser';
  online: boolean;
  version: string;
  secrets: SecretsProtection;
  update: UpdateStatus;
  /** Client IDs configured for this installation (settings or environment), to prefill sign-in forms. */
  oauthDefaults: { google: { clientId: string }; microsoft: { clientId: string; tenant: string } };
}

export const appChannels = {
  getStatus: { request: EmptyRequest, response: {} as AppStatus },
  /** Opens the settings window (Electron); false where the page must show settings itself (browser host). */
  openSettingsWindow: { request: EmptyRequest, response: {} as { opened: boolean } },
  /** Quits and installs the downloaded update; only ever on the user's click. */
  restartToUpdate: { request: EmptyRequest, response: {} as { restarting: boolean } },
  openExternal: { request: z.object({ url: z.string().max(4096) }).strict(), response: {} as { opened: boolean } },
} as const;

export const appEvents = {
  statusChanged: {} as AppStatus,
  /**
   * Sent by the page's own transport, never by main: the link to main is gone for
   * good (the browser host stopped or restarted with a new token). Sent once; a
   * listener added later gets it at once.
   */
  connectionLost: {} as ErrorInfo,
} as const;
