/**
 * The IPC contract: every channel's request and response, every pushed event.
 *
 * Pure module: it imports nothing from Node, the DOM or Electron, so the main
 * process, the preload, the browser host and the renderer all derive their
 * types from it. Requests are zod schemas because main validates every payload
 * at the door; responses are types only (main is trusted to build them).
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------
// Shared shapes

export const SecuritySchema = z.enum(['tls', 'starttls', 'none']);
export type Security = z.infer<typeof SecuritySchema>;

const hostname = z
  .string()
  .trim()
  .min(1, 'Enter the server name, for example imap.example.com.')
  .max(253, 'A server name has at most 253 characters.')
  .regex(
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/,
    'Use a server name like imap.example.com or an IP address, without "imap://" or spaces.',
  );

const port = z
  .number({ message: 'Enter a port number from 1 to 65535.' })
  .int('Enter a whole port number from 1 to 65535.')
  .min(1, 'Enter a port number from 1 to 65535.')
  .max(65535, 'Enter a port number from 1 to 65535.');

/** A certificate the admin accepted for this one server although no trusted authority signed it. */
export const TrustedCertificateSchema = z.object({
  fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'A SHA-256 fingerprint looks like AB:CD:… (32 pairs).'),
  pem: z.string().max(20_000).regex(/-----BEGIN CERTIFICATE-----/, 'Paste the certificate in PEM form.'),
});
export type TrustedCertificate = z.infer<typeof TrustedCertificateSchema>;

export const ServerSettingsSchema = z.object({
  host: hostname,
  port,
  security: SecuritySchema,
  trustedCertificate: TrustedCertificateSchema.nullable().default(null),
});
export type ServerSettings = z.infer<typeof ServerSettingsSchema>;

export const EmailSchema = z
  .string()
  .trim()
  .min(1, 'Enter the mailbox address, for example support@example.com.')
  .max(254, 'An email address has at most 254 characters.')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter a full address like support@example.com.');

export const AccountKindSchema = z.enum(['imap', 'google', 'microsoft', 'oauth']);
export type AccountKind = z.infer<typeof AccountKindSchema>;

const optionalEmail = z
  .string()
  .trim()
  .max(254, 'An email address has at most 254 characters.')
  .regex(/^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter a full address like team@example.com, or leave it empty.')
  .default('');

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
  cc1: optionalEmail,
  cc2: optionalEmail,
  bcc: optionalEmail,
  /** HTML wrapper with a {{body}} slot; empty for none. */
  htmlTemplate: z
    .string()
    .max(100_000)
    .refine((t) => t === '' || t.includes('{{body}}'), 'Put {{body}} where the message text goes.')
    .default(''),
});
export type Identity = z.infer<typeof IdentitySchema>;

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

/** A failure explained for people: a stable code, the cause and the fix. */
export interface ErrorInfo {
  code: string;
  cause: string;
  fix: string;
  /** The server's or library's own words, for support. */
  detail?: string;
}

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
  /** The queue imported mail lands in ("" = the default queue). */
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

export interface MailboxSummary {
  id: string;
  accountId: string;
  path: string;
  name: string;
  specialUse?: string;
  total: number;
  unread: number;
}

export interface Address {
  name: string;
  address: string;
}

export interface MessageSummary {
  id: string;
  mailboxId: string;
  uid: number;
  from: Address | null;
  subject: string;
  /** Epoch milliseconds (internal date when the header is missing or unreadable). */
  date: number;
  seen: boolean;
  flagged: boolean;
  hasAttachments: boolean;
  snippet: string;
}

export interface AttachmentInfo {
  filename: string;
  contentType: string;
  size: number;
  /** Content address of the stored file (dataDir/attachments/ab/<sha256>). */
  sha256?: string;
}

export interface MessageDetail extends MessageSummary {
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  messageId: string | null;
  text: string | null;
  /** Unsanitized HTML as received: the renderer sanitizes it before display. */
  html: string | null;
  attachments: AttachmentInfo[];
  /** What could not be parsed, shown to the reader as a notice. */
  parseWarnings: string[];
  /** False while only headers are cached and the body is being fetched. */
  bodyLoaded: boolean;
}

export interface AppStatus {
  host: 'electron' | 'browser';
  online: boolean;
  version: string;
  /** False when secrets are kept with a weak backend (Linux basic_text). */
  secretsSecure: boolean;
  /** Client IDs configured for this installation (settings or environment), to prefill sign-in forms. */
  oauthDefaults: { google: { clientId: string }; microsoft: { clientId: string; tenant: string } };
}

// ---------------------------------------------------------------------------
// Channels

const Empty = z.object({}).strict();
const Id = z.string().min(1).max(200);
const AccountRef = z.object({ accountId: Id }).strict();

export const contract = {
  getStatus: { request: Empty, response: {} as AppStatus },
  listAccounts: { request: Empty, response: {} as AccountSummary[] },
  getAccount: { request: AccountRef, response: {} as AccountSettings },
  testConnection: {
    request: z.object({ draft: AccountDraftSchema, accountId: Id.optional() }).strict(),
    response: {} as ConnectionTestResult,
  },
  addAccount: { request: NewAccountSchema, response: {} as AccountSummary },
  updateAccount: { request: z.object({ accountId: Id, draft: AccountDraftSchema }).strict(), response: {} as AccountSummary },
  /** A copy's settings for the add form: everything but address, password and sign-in. */
  copyAccount: { request: AccountRef, response: {} as AccountDraftInput },
  deleteAccount: { request: z.object({ accountId: Id, confirmEmail: z.string().max(254) }).strict(), response: {} as { deleted: boolean } },
  setAccountActive: { request: z.object({ accountId: Id, active: z.boolean() }).strict(), response: {} as AccountSummary },
  refreshFolders: { request: AccountRef, response: {} as string[] },
  startOAuth: {
    request: z.object({ kind: AccountKindSchema, oauth: OAuthSettingsSchema }).strict(),
    response: {} as OAuthSignInResult,
  },
  /** The form holding an unclaimed sign-in closed without saving: its tokens can go. */
  discardOAuthSession: { request: z.object({ session: z.string().max(200) }).strict(), response: {} as { discarded: true } },
  syncAccount: { request: AccountRef, response: {} as { started: boolean } },
  /** Opens the settings window (Electron); false where the page must show settings itself (browser host). */
  openSettingsWindow: { request: Empty, response: {} as { opened: boolean } },
  listMailboxes: { request: AccountRef, response: {} as MailboxSummary[] },
  listMessages: {
    request: z
      .object({
        mailboxId: Id,
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
      })
      .strict(),
    response: {} as { total: number; items: MessageSummary[] },
  },
  getMessage: { request: z.object({ messageId: Id }).strict(), response: {} as MessageDetail },
  /** Marks a message read/unread or flagged in the cache at once; the server follows when reachable. */
  setMessageFlags: {
    request: z.object({ messageId: Id, seen: z.boolean().optional(), flagged: z.boolean().optional() }).strict(),
    response: {} as MessageSummary,
  },
  /** Full-text search over the cache: works offline. */
  searchMessages: {
    request: z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(500) }).strict(),
    response: {} as MessageSummary[],
  },
  openExternal: { request: z.object({ url: z.string().max(4096) }).strict(), response: {} as { opened: boolean } },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
/** What main's handlers receive: parsed, with defaults filled in. */
export type RequestOf<C extends Channel> = z.infer<Contract[C]['request']>;
/** What callers may send: fields with defaults can be left out. */
export type RequestInputOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = Contract[C]['response'];
export const channels = Object.keys(contract) as Channel[];

// ---------------------------------------------------------------------------
// Events pushed from main to the renderer

export interface SyncProgress {
  accountId: string;
  mailboxId: string;
  phase: 'headers' | 'indexing' | 'bodies' | 'done';
  done: number;
  total: number;
}

export interface Events {
  accountsChanged: AccountSummary[];
  testMailResult: TestMailResult;
  /** Browser host only: open this provider sign-in page (Electron uses its own sign-in window). */
  oauthUrl: { url: string };
  syncProgress: SyncProgress;
  messagesChanged: { mailboxId: string };
  statusChanged: AppStatus;
}
export type EventName = keyof Events;
export const eventNames: EventName[] = ['accountsChanged', 'testMailResult', 'oauthUrl', 'syncProgress', 'messagesChanged', 'statusChanged'];

// ---------------------------------------------------------------------------
// Wire format and the bridge the renderer sees as window.mailroom

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
