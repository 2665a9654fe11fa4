/** Accounts: the settings form's draft, what main reports about an account, connection tests and sign-in. */
import { z } from 'zod';
import {
  AccountRefSchema,
  EmailSchema,
  EmptyRequest,
  IdSchema,
  OptionalEmailSchema,
  ServerSettingsSchema,
  type ErrorInfo,
  type ServerSettings,
} from './shared';

export const AccountKindSchema = z.enum(['imap', 'google', 'microsoft', 'oauth']);
export type AccountKind = z.infer<typeof AccountKindSchema>;

/** OAuth 2.0 / OpenID Connect client settings (RFC 6749 + PKCE, RFC 7636). */
export const OAuthSettingsSchema = z.object({
  /** Issuer for discovery (/.well-known/openid-configuration); empty when endpoints are given. */
  issuer: z.string().trim().max(2048).regex(/^$|^https?:\/\/\S+$/, 'Use the issuer URL, like https://login.example.com/realms/mail.').default(''),
  authorizationEndpoint: z.string().trim().max(2048).regex(/^$|^https?:\/\/\S+$/, 'Use a full https:// URL.').default(''),
  tokenEndpoint: z.string().trim().max(2048).regex(/^$|^https?:\/\/\S+$/, 'Use a full https:// URL.').default(''),
  clientId: z.string().trim().min(1, 'Enter the client ID registered for Mailroom at the identity provider.').max(500),
  scopes: z.string().trim().min(1, 'Enter the scopes, separated by spaces (for example "openid email offline_access").').max(2000),
  /** Microsoft tenant (common, organizations, or a tenant ID). */
  tenant: z.string().trim().max(100).default(''),
  /** Use the system browser with a loopback redirect (RFC 8252) instead of the app's sign-in window. */
  useSystemBrowser: z.boolean().default(false),
});
export type OAuthSettings = z.infer<typeof OAuthSettingsSchema>;

export const SyncFromSchema = z.enum(['now', '1m', '3m', '6m', 'date']);
export const AfterImportSchema = z.enum(['leave', 'mark-read', 'delete']);

export const ImportSettingsSchema = z.object({
  folders: z.array(z.string().min(1).max(1000)).max(500).default(['INBOX']),
  syncFrom: SyncFromSchema.default('now'),
  /** ISO date (yyyy-mm-dd) when syncFrom is "date". */
  syncFromDate: z.string().regex(/^$|^\d{4}-\d{2}-\d{2}$/, 'Pick a date.').default(''),
  afterImport: AfterImportSchema.default('leave'),
  keepUnread: z.boolean().default(false),
  pollIntervalSec: z.number().int().min(30, 'Poll at most every 30 seconds.').max(3600, 'Poll at least once an hour.').default(120),
  /** The largest message downloaded automatically; bigger ones are listed with their headers and downloaded when the reader asks. */
  autoDownloadMb: z
    .number()
    .int('Use whole megabytes.')
    .min(1, 'Allow at least 1 MB.')
    .max(2000, 'Use at most 2000 MB; bigger messages can still be downloaded one by one from the reading pane.')
    .default(50),
  /** XCALLY syntax: name or name=value, comma-separated. */
  headerFilter: z.string().max(2000).default(''),
  disableDuplicateCheck: z.boolean().default(false),
  standardQueue: z.string().trim().max(80).default(''),
  closeAutomatically: z.boolean().default(false),
});
export type ImportSettings = z.infer<typeof ImportSettingsSchema>;

export const IdentitySchema = z.object({
  senderName: z.string().trim().max(120).default(''),
  signature: z.string().max(20_000).default(''),
  greeting: z.string().max(2000).default(''),
  cc1: OptionalEmailSchema,
  cc2: OptionalEmailSchema,
  bcc: OptionalEmailSchema,
  /** HTML wrapper with a {{body}} slot; empty for none. */
  htmlTemplate: z
    .string()
    .max(100_000)
    .refine((t) => t === '' || t.includes('{{body}}'), 'Put {{body}} where the message text goes.')
    .default(''),
});
export type Identity = z.infer<typeof IdentitySchema>;

/** How the account sends: size limit, forwards, the ticket after a reply, the Sent copy, undo. */
export const SendingSettingsSchema = z.object({
  /** The provider's limit for one message, attachments included (Gmail and Microsoft 365: 25 MB). */
  maxMessageMb: z.number().int('Use whole megabytes.').min(1, 'Allow at least 1 MB.').max(150, 'Use at most 150 MB: few servers accept more.').default(25),
  /** A forward carries the previous message's text (quoted) and attachments. */
  includePreviousOnForward: z.boolean().default(true),
  /** The ticket's status once a reply went out. */
  statusAfterReply: z.enum(['unchanged', 'open', 'pending', 'closed']).default('pending'),
  /** auto: append to Sent unless the provider files sent mail itself (Gmail, Microsoft 365; providers.ts). */
  sentCopy: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Seconds "Undo" is offered after pressing Send; 0 sends at once. */
  undoSeconds: z.number().int('Use whole seconds.').min(0, 'Use 0 to 30 seconds.').max(30, 'Use 0 to 30 seconds.').default(5),
});
export type SendingSettings = z.infer<typeof SendingSettingsSchema>;

/** The variables a notification template may use ({{customer}} …), with the labels the form shows. */
export const NOTIFICATION_VARIABLES = {
  customer: 'Customer name (or address)',
  subject: 'Ticket subject',
  account: 'Account name',
  queue: 'Queue',
} as const;
export type NotificationVariable = keyof typeof NOTIFICATION_VARIABLES;

/** The names written as {{name}} in a template that are not notification variables (templates.ts's syntax; the contract cannot import it). */
export function unknownNotificationVariables(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g)].map((m) => m[1] ?? '').filter((name) => !Object.hasOwn(NOTIFICATION_VARIABLES, name));
}

const notificationTemplate = (what: string, fallback: string) =>
  z
    .string()
    .max(300, `Keep the ${what} under 300 characters: desktops cut notifications short.`)
    .superRefine((template, ctx) => {
      const [name] = unknownNotificationVariables(template);
      if (name !== undefined) ctx.addIssue({ code: 'custom', message: `{{${name}}} is not a variable here: use {{customer}}, {{subject}}, {{account}} or {{queue}}.` });
      else if (!template.trim()) ctx.addIssue({ code: 'custom', message: `Write the ${what}, for example "${fallback}".` });
    })
    .default(fallback);

export const DEFAULT_NOTIFICATION_TITLE = 'New in {{queue}}: {{customer}}';
export const DEFAULT_NOTIFICATION_BODY = '{{subject}}';

/** Desktop notifications for this account's new tickets, on this computer. */
export const NotificationSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  title: notificationTemplate('title', DEFAULT_NOTIFICATION_TITLE),
  body: notificationTemplate('text', DEFAULT_NOTIFICATION_BODY),
  /** Play the desktop's notification sound. */
  sound: z.boolean().default(true),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

/** Everything an admin sets for an account, as the settings form sends it. */
export const AccountDraftSchema = z
  .object({
    kind: AccountKindSchema.default('imap'),
    name: z
      .string()
      .trim()
      .min(1, 'Give the account a name agents will recognise, for example "Support".')
      .max(80, 'Keep the name under 80 characters.'),
    /** Short code shown on tickets. */
    key: z
      .string()
      .trim()
      .max(5, 'Use at most 5 characters for the key, for example "SUP".')
      .regex(/^[A-Za-z0-9]*$/, 'Use only letters and digits in the key.')
      .default(''),
    email: EmailSchema,
    username: z.string().trim().max(254, 'The username has at most 254 characters.'),
    /** Empty when editing means "keep the stored password"; OAuth accounts have none. */
    password: z.string().max(1024).default(''),
    description: z.string().trim().max(500).default(''),
    shared: z.boolean().default(true),
    active: z.boolean().default(true),
    primary: z.boolean().default(false),
    imap: ServerSettingsSchema,
    smtp: ServerSettingsSchema,
    connectionTimeoutSec: z.number().int().min(1, 'Use 1 to 120 seconds.').max(120, 'Use 1 to 120 seconds.').default(10),
    authTimeoutSec: z.number().int().min(1, 'Use 1 to 60 seconds.').max(60, 'Use 1 to 60 seconds.').default(5),
    oauth: OAuthSettingsSchema.nullable().default(null),
    /** A finished sign-in (startOAuth) whose tokens should belong to this account. */
    oauthSession: z.string().max(200).default(''),
    import: ImportSettingsSchema.default(ImportSettingsSchema.parse({})),
    identity: IdentitySchema.default(IdentitySchema.parse({})),
    sending: SendingSettingsSchema.default(SendingSettingsSchema.parse({})),
    notifications: NotificationSettingsSchema.default(NotificationSettingsSchema.parse({})),
  })
  .superRefine((draft, ctx) => {
    if (draft.kind !== 'imap' && !draft.oauth) {
      ctx.addIssue({ code: 'custom', path: ['oauth'], message: 'Sign in with the provider first.' });
    }
    if (draft.import.syncFrom === 'date' && !draft.import.syncFromDate) {
      ctx.addIssue({ code: 'custom', path: ['import', 'syncFromDate'], message: 'Pick the date to import mail from.' });
    }
  });
export type AccountDraft = z.infer<typeof AccountDraftSchema>;
export type AccountDraftInput = z.input<typeof AccountDraftSchema>;

/** Adding needs a password for IMAP accounts; editing may leave it empty to keep the stored one. */
export const NewAccountSchema = AccountDraftSchema.superRefine((draft, ctx) => {
  if (draft.kind === 'imap' && draft.password.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'Enter the password (or app password) for this mailbox.' });
  }
});

export type AccountStatus = 'idle' | 'syncing' | 'offline' | 'error' | 'needs-reconnect';

export interface AccountSummary {
  id: string;
  kind: AccountKind;
  name: string;
  key: string;
  email: string;
  username: string;
  shared: boolean;
  active: boolean;
  primary: boolean;
  imap: ServerSettings;
  smtp: ServerSettings;
  /** The queue new tickets land in when no routing rule names one: the standard queue, or the account's name when none is set. */
  queue: string;
  status: AccountStatus;
  lastError?: ErrorInfo;
  lastSyncAt?: number;
}

/** An account's full settings for the edit form; secrets are never sent back. */
export type AccountSettings = Omit<AccountDraft, 'password' | 'oauthSession'> & { id: string; hasPassword: boolean };

/** What a finished OAuth sign-in hands to the form. */
export interface OAuthSignInResult {
  /** Opaque handle: pass it as oauthSession when saving; the tokens stay in main. */
  session: string;
  email: string;
  name: string;
}

export interface TestMailResult {
  accountId: string;
  ok: boolean;
  /** Seconds from sending to arrival over IMAP. */
  seconds?: number;
  /** Removed from the server once seen; false when the server refused (the admin deletes it). */
  removed?: boolean;
  error?: ErrorInfo;
}

export type ConnectionStepName =
  | 'imap-dns'
  | 'imap-tcp'
  | 'imap-tls'
  | 'imap-login'
  | 'folders'
  | 'smtp-dns'
  | 'smtp-tcp'
  | 'smtp-tls'
  | 'smtp-login';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  /** Whether a trusted authority (or the admin's accepted certificate) vouches for it. */
  trusted: boolean;
  pem: string;
}

export interface ConnectionStep {
  step: ConnectionStepName;
  ok: boolean;
  /** What was found, e.g. "Signed in as support@example.com". */
  detail?: string;
  error?: ErrorInfo;
  /** On TLS steps: the certificate the server presented. */
  certificate?: CertificateInfo;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: ConnectionStep[];
  folders: string[];
}

export const accountChannels = {
  listAccounts: { request: EmptyRequest, response: {} as AccountSummary[] },
  getAccount: { request: AccountRefSchema, response: {} as AccountSettings },
  testConnection: {
    request: z.object({ draft: AccountDraftSchema, accountId: IdSchema.optional() }).strict(),
    response: {} as ConnectionTestResult,
  },
  addAccount: { request: NewAccountSchema, response: {} as AccountSummary },
  updateAccount: { request: z.object({ accountId: IdSchema, draft: AccountDraftSchema }).strict(), response: {} as AccountSummary },
  /** A copy's settings for the add form: everything but address, password and sign-in. */
  copyAccount: { request: AccountRefSchema, response: {} as AccountDraftInput },
  deleteAccount: {
    request: z.object({ accountId: IdSchema, confirmEmail: z.string().max(254) }).strict(),
    response: {} as { deleted: boolean },
  },
  setAccountActive: { request: z.object({ accountId: IdSchema, active: z.boolean() }).strict(), response: {} as AccountSummary },
  refreshFolders: { request: AccountRefSchema, response: {} as string[] },
  startOAuth: {
    request: z.object({ kind: AccountKindSchema, oauth: OAuthSettingsSchema }).strict(),
    response: {} as OAuthSignInResult,
  },
  /** The form holding an unclaimed sign-in closed without saving: its tokens can go. */
  discardOAuthSession: { request: z.object({ session: z.string().max(200) }).strict(), response: {} as { discarded: true } },
  syncAccount: { request: AccountRefSchema, response: {} as { started: boolean } },
  /** Adds one folder to the folders the account imports (the "Import this folder" button) and syncs it. */
  importFolder: { request: z.object({ accountId: IdSchema, path: z.string().min(1).max(1000) }).strict(), response: {} as AccountSummary },
} as const;

export const accountEvents = {
  accountsChanged: {} as AccountSummary[],
  testMailResult: {} as TestMailResult,
  /** Browser host only: open this provider sign-in page (Electron uses its own sign-in window). */
  oauthUrl: {} as { url: string },
} as const;
