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

export const ServerSettingsSchema = z.object({
  host: hostname,
  port,
  security: SecuritySchema,
});
export type ServerSettings = z.infer<typeof ServerSettingsSchema>;

export const EmailSchema = z
  .string()
  .trim()
  .min(1, 'Enter the mailbox address, for example support@example.com.')
  .max(254, 'An email address has at most 254 characters.')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter a full address like support@example.com.');

/** What the admin types in the manual IMAP/SMTP form. */
export const AccountDraftSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the account a name agents will recognise, for example "Support".')
    .max(80, 'Keep the name under 80 characters.'),
  email: EmailSchema,
  username: z.string().trim().max(254, 'The username has at most 254 characters.'),
  password: z.string().min(1, 'Enter the password (or app password) for this mailbox.').max(1024),
  imap: ServerSettingsSchema,
  smtp: ServerSettingsSchema,
});
export type AccountDraft = z.infer<typeof AccountDraftSchema>;

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
  name: string;
  email: string;
  username: string;
  imap: ServerSettings;
  smtp: ServerSettings;
  status: AccountStatus;
  lastError?: ErrorInfo;
  lastSyncAt?: number;
}

export type ConnectionStepName = 'imap-login' | 'folders' | 'smtp-login';

export interface ConnectionStep {
  step: ConnectionStepName;
  ok: boolean;
  /** What was found, e.g. "Signed in as support@example.com". */
  detail?: string;
  error?: ErrorInfo;
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
}

// ---------------------------------------------------------------------------
// Channels

const Empty = z.object({}).strict();
const Id = z.string().min(1).max(200);

export const contract = {
  getStatus: { request: Empty, response: {} as AppStatus },
  listAccounts: { request: Empty, response: {} as AccountSummary[] },
  testConnection: { request: AccountDraftSchema, response: {} as ConnectionTestResult },
  addAccount: { request: AccountDraftSchema, response: {} as AccountSummary },
  syncAccount: { request: z.object({ accountId: Id }).strict(), response: {} as { started: boolean } },
  listMailboxes: { request: z.object({ accountId: Id }).strict(), response: {} as MailboxSummary[] },
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
  openExternal: { request: z.object({ url: z.string().max(4096) }).strict(), response: {} as { opened: boolean } },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.infer<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = Contract[C]['response'];
export const channels = Object.keys(contract) as Channel[];

// ---------------------------------------------------------------------------
// Events pushed from main to the renderer

export interface SyncProgress {
  accountId: string;
  mailboxId: string;
  phase: 'headers' | 'bodies' | 'done';
  done: number;
  total: number;
}

export interface Events {
  accountsChanged: AccountSummary[];
  syncProgress: SyncProgress;
  messagesChanged: { mailboxId: string };
  statusChanged: AppStatus;
}
export type EventName = keyof Events;
export const eventNames: EventName[] = ['accountsChanged', 'syncProgress', 'messagesChanged', 'statusChanged'];

// ---------------------------------------------------------------------------
// Wire format and the bridge the renderer sees as window.mailroom

/** Every call resolves to this envelope so typed errors survive the process hop. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export type MailroomBridge = {
  [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>>;
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
