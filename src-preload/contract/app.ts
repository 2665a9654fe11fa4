/** The app itself: its status, its windows, links out. */
import { z } from 'zod';
import { EmptyRequest } from './shared';

export interface AppStatus {
  host: 'electron' | 'browser';
  online: boolean;
  version: string;
  /** False when secrets are kept with a weak backend (Linux basic_text). */
  secretsSecure: boolean;
  /** Client IDs configured for this installation (settings or environment), to prefill sign-in forms. */
  oauthDefaults: { google: { clientId: string }; microsoft: { clientId: string; tenant: string } };
}

export const appChannels = {
  getStatus: { request: EmptyRequest, response: {} as AppStatus },
  /** Opens the settings window (Electron); false where the page must show settings itself (browser host). */
  openSettingsWindow: { request: EmptyRequest, response: {} as { opened: boolean } },
  openExternal: { request: z.object({ url: z.string().max(4096) }).strict(), response: {} as { opened: boolean } },
} as const;

export const appEvents = {
  statusChanged: {} as AppStatus,
} as const;
