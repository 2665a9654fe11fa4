/**
 * The bundled stand-in for Thunderbird's online ISPDB: which domains (and which mail
 * exchangers, for company domains hosted there) belong to a provider whose servers
 * src-preload/providers.ts lists. Domains from the same ISPDB files
 * (github.com/thunderbird/autoconfig, ispdb/<domain>.xml).
 */
import type { DiscoveryResult } from '../../../../src-preload/contract';
import { OAUTH_PROVIDERS, PRESETS, type ServerPreset } from '../../../../src-preload/providers';

export interface KnownProvider {
  imap: ServerPreset;
  smtp: ServerPreset;
  info: NonNullable<DiscoveryResult['provider']>;
}

const preset = (id: string) => {
  const p = PRESETS.find((candidate) => candidate.id === id);
  if (!p) throw new Error(`No preset ${id} in providers.ts`);
  return p;
};

const fromPreset = (id: string, signIn: 'google' | 'microsoft' | null = null): KnownProvider => {
  const p = preset(id);
  return { imap: p.imap, smtp: p.smtp, info: { label: p.label, passwordHint: p.passwordHint, signIn } };
};

const MICROSOFT_365: KnownProvider = {
  imap: OAUTH_PROVIDERS.microsoft.imap,
  smtp: OAUTH_PROVIDERS.microsoft.smtp,
  info: { label: OAUTH_PROVIDERS.microsoft.label, passwordHint: 'Microsoft 365 wants "Sign in with Microsoft"; passwords work only where the administrator allows them.', signIn: 'microsoft' },
};
const GOOGLE_WORKSPACE: KnownProvider = {
  imap: OAUTH_PROVIDERS.google.imap,
  smtp: OAUTH_PROVIDERS.google.smtp,
  info: { label: OAUTH_PROVIDERS.google.label, passwordHint: 'Google wants "Sign in with Google", or an app password when two-step verification is on.', signIn: 'google' },
};

const BY_DOMAIN: [domains: string[], provider: KnownProvider][] = [
  [['gmail.com', 'googlemail.com'], fromPreset('gmail', 'google')],
  [['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'outlook.de', 'hotmail.de', 'hotmail.co.uk', 'hotmail.fr', 'live.de'], fromPreset('outlook', 'microsoft')],
  [['yahoo.com', 'yahoo.de', 'yahoo.co.uk', 'yahoo.fr', 'ymail.com', 'rocketmail.com'], fromPreset('yahoo')],
  [['icloud.com', 'me.com', 'mac.com'], fromPreset('icloud')],
  [['gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch', 'gmx.com'], fromPreset('gmx')],
  [['web.de'], fromPreset('webde')],
  [['fastmail.com', 'fastmail.fm', 'messagingengine.com'], fromPreset('fastmail')],
  [['ionos.de', 'online.de'], fromPreset('ionos')],
  [['zoho.com', 'zohomail.com', 'zoho.eu'], fromPreset('zoho')],
];

/** Mail exchangers of company domains hosted by a provider (the ISPDB's MX fallback does the same). */
const BY_MX: [pattern: RegExp, provider: KnownProvider][] = [
  [/(^|\.)google\.com$|(^|\.)googlemail\.com$/, GOOGLE_WORKSPACE],
  [/\.mail\.protection\.outlook\.com$/, MICROSOFT_365],
  [/(^|\.)messagingengine\.com$/, fromPreset('fastmail')],
  [/(^|\.)zoho\.(com|eu)$/, fromPreset('zoho')],
  [/(^|\.)ionos\.de$|(^|\.)kundenserver\.de$/, fromPreset('ionos')],
];

export function providerForDomain(domain: string): KnownProvider | null {
  return BY_DOMAIN.find(([domains]) => domains.includes(domain))?.[1] ?? null;
}

export function providerForMx(exchangers: readonly string[]): KnownProvider | null {
  for (const mx of exchangers) {
    const match = BY_MX.find(([pattern]) => pattern.test(mx));
    if (match) return match[1];
  }
  return null;
}
