/** Finding an address's mail servers before the admin types them (as Thunderbird does): what each step found. */
import { z } from 'zod';
import { EmailSchema, type Security } from './shared';

/** The places looked at, in the order they are tried. */
export type DiscoveryStepName = 'provider' | 'autoconfig' | 'well-known' | 'srv' | 'mx' | 'common-names';

export interface DiscoveryStep {
  step: DiscoveryStepName;
  /** What was looked at, e.g. "Looking up autoconfig.example.test". */
  label: string;
  /** skipped: earlier steps already found both servers, so this one was not needed. */
  outcome: 'found' | 'none' | 'failed' | 'skipped';
  /** e.g. "found", "none", "not reachable: connection refused". */
  detail: string;
}

export interface ServerSuggestion {
  host: string;
  port: number;
  security: Security;
  /** The step that found it. */
  source: DiscoveryStepName;
}

export interface DiscoveryResult {
  domain: string;
  steps: DiscoveryStep[];
  /** Best first. */
  imap: ServerSuggestion[];
  smtp: ServerSuggestion[];
  /** The sign-in name the source asks for, when it is not the whole address (autoconfig's %EMAILLOCALPART%). */
  username: string | null;
  /** A known provider: its name, and the sign-in it wants (Google and Microsoft sign in with OAuth). */
  provider: { label: string; passwordHint: string; signIn: 'google' | 'microsoft' | null } | null;
}

export const discoveryChannels = {
  /** Looks up the servers for an address: its domain's hosts and DNS only; nothing is saved. */
  discoverServers: { request: z.object({ email: EmailSchema }).strict(), response: {} as DiscoveryResult },
} as const;

export const discoveryEvents = {
  /** One step of a running discoverServers finished: the form shows it before the others are done. */
  discoveryStep: {} as { email: string; step: DiscoveryStep },
} as const;
