/**
 * Known mail providers: server settings for presets, OAuth endpoints for the
 * providers that sign in with OAuth. Pure data, shared by main and the renderer.
 */
import type { AccountKind, Security } from './contract';

export interface ServerPreset {
  host: string;
  port: number;
  security: Security;
}

export interface ProviderPreset {
  id: string;
  label: string;
  imap: ServerPreset;
  smtp: ServerPreset;
  /** Shown under the password field: what the provider wants there. */
  passwordHint: string;
}

/**
 * IMAP/SMTP presets: the admin enters only address and password. Server names and ports as
 * each provider's help pages give them for mail programs; Thunderbird's ISPDB
 * (github.com/thunderbird/autoconfig, ispdb/<domain>) lists the same hosts, except that it
 * sends Outlook.com through smtp.office365.com. Server discovery's provider table
 * (src-main/services/accounts/discovery/known-providers.ts) maps domains onto these.
 */
export const PRESETS: readonly ProviderPreset[] = [
  {
    id: 'gmail',
    label: 'Gmail (app password)',
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
    passwordHint: 'Use a 16-letter app password from myaccount.google.com → Security → App passwords.',
  },
  {
    id: 'outlook',
    label: 'Outlook.com / Hotmail',
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp-mail.outlook.com', port: 587, security: 'starttls' },
    passwordHint: 'Microsoft accounts usually need "Sign in with Microsoft" instead; app passwords work where enabled.',
  },
  {
    id: 'yahoo',
    label: 'Yahoo Mail',
    imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.yahoo.com', port: 465, security: 'tls' },
    passwordHint: 'Generate an app password under Account security → Generate app password.',
  },
  {
    id: 'icloud',
    label: 'iCloud Mail',
    imap: { host: 'imap.mail.me.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls' },
    passwordHint: 'Use an app-specific password from appleid.apple.com.',
  },
  {
    id: 'gmx',
    label: 'GMX',
    imap: { host: 'imap.gmx.net', port: 993, security: 'tls' },
    smtp: { host: 'mail.gmx.net', port: 587, security: 'starttls' },
    passwordHint: 'Enable IMAP/POP3 access in the GMX settings first.',
  },
  {
    id: 'webde',
    label: 'WEB.DE',
    imap: { host: 'imap.web.de', port: 993, security: 'tls' },
    smtp: { host: 'smtp.web.de', port: 587, security: 'starttls' },
    passwordHint: 'Enable IMAP/POP3 access in the WEB.DE settings first.',
  },
  {
    id: 'fastmail',
    label: 'Fastmail',
    imap: { host: 'imap.fastmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.fastmail.com', port: 465, security: 'tls' },
    passwordHint: 'Create an app password under Settings → Privacy & Security.',
  },
  {
    id: 'ionos',
    label: 'IONOS',
    imap: { host: 'imap.ionos.de', port: 993, security: 'tls' },
    smtp: { host: 'smtp.ionos.de', port: 587, security: 'starttls' },
    passwordHint: 'The mailbox password set in the IONOS control panel.',
  },
  {
    id: 'zoho',
    label: 'Zoho Mail',
    imap: { host: 'imap.zoho.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.zoho.com', port: 465, security: 'tls' },
    passwordHint: 'Use an application-specific password if two-factor sign-in is on.',
  },
];

export interface OAuthProvider {
  kind: Exclude<AccountKind, 'imap' | 'oauth'>;
  label: string;
  /** {tenant} is replaced by the configured tenant. */
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** RFC 7009 token revocation; '' where the provider has none for this client. */
  revocationEndpoint: string;
  scopes: string;
  defaultTenant: string;
  /** Environment variable that may supply the client ID (never a secret: PKCE public client). */
  clientIdEnv: string;
  imap: ServerPreset;
  smtp: ServerPreset;
}

export const OAUTH_PROVIDERS: Record<OAuthProvider['kind'], OAuthProvider> = {
  google: {
    kind: 'google',
    label: 'Google Workspace / Gmail',
    authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenEndpoint: 'https://oauth2.googleapis.com/token',
    revocationEndpoint: 'https://oauth2.googleapis.com/revoke',
    scopes: 'openid email https://mail.google.com/',
    defaultTenant: '',
    clientIdEnv: 'MAILROOM_GOOGLE_CLIENT_ID',
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' },
  },
  microsoft: {
    kind: 'microsoft',
    label: 'Microsoft 365 / Outlook / Hotmail',
    authorizationEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
    tokenEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
    // The v2 endpoint has no revocation; access ends when the refresh token expires or an admin revokes sessions.
    revocationEndpoint: '',
    scopes: 'openid email offline_access https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send',
    defaultTenant: 'common',
    clientIdEnv: 'MAILROOM_MICROSOFT_CLIENT_ID',
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    smtp: { host: 'smtp.office365.com', port: 587, security: 'starttls' },
  },
};

/**
 * SMTP servers that file what they send in the Sent folder themselves: appending a copy
 * there would show every reply twice. Gmail (support.google.com/mail/answer/78892) and
 * Microsoft 365 / Outlook.com save messages sent through their SMTP servers.
 */
const FILES_SENT_ITSELF = [/^smtp\.gmail\.com$/i, /^smtp\.googlemail\.com$/i, /^smtp-relay\.gmail\.com$/i, /^smtp\.office365\.com$/i, /^smtp-mail\.outlook\.com$/i, /\.protection\.outlook\.com$/i];

/** The provider this SMTP host belongs to, when it files sent mail itself; null otherwise. */
export function providerFilingSent(smtpHost: string): 'Gmail' | 'Microsoft 365' | null {
  const host = smtpHost.trim();
  const i = FILES_SENT_ITSELF.findIndex((pattern) => pattern.test(host));
  if (i < 0) return null;
  return i < 3 ? 'Gmail' : 'Microsoft 365';
}
