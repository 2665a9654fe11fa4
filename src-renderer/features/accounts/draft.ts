import type { AppStatus } from '../../../src-preload/contract';
import {
  AccountDraftSchema,
  IdentitySchema,
  ImportSettingsSchema,
  NewAccountSchema,
  SendingSettingsSchema,
  NotificationSettingsSchema,
  type AccountDraft,
  type AccountDraftInput,
  type AccountKind,
  type AccountSettings,
  type Security,
  type TrustedCertificate,
} from '../../../src-preload/contract';
import { OAUTH_PROVIDERS, type ProviderPreset } from '../../../src-preload/providers';

/**
 * The account form as the admin types it: every value as the control holds it
 * (numbers as text), keyed by the dotted path of the field in AccountDraft, which
 * is also each control's `name`. Validation is the contract's schema itself, the
 * same one main checks with; this module only maps its issues back onto fields.
 */
export interface DraftFields {
  kind: AccountKind;
  name: string;
  key: string;
  email: string;
  username: string;
  password: string;
  description: string;
  shared: boolean;
  active: boolean;
  primary: boolean;
  'imap.host': string;
  'imap.port': string;
  'imap.security': Security;
  'imap.trustedCertificate': TrustedCertificate | null;
  'smtp.host': string;
  'smtp.port': string;
  'smtp.security': Security;
  'smtp.trustedCertificate': TrustedCertificate | null;
  connectionTimeoutSec: string;
  authTimeoutSec: string;
  'oauth.issuer': string;
  'oauth.authorizationEndpoint': string;
  'oauth.tokenEndpoint': string;
  'oauth.clientId': string;
  'oauth.scopes': string;
  'oauth.tenant': string;
  'oauth.useSystemBrowser': boolean;
  oauthSession: string;
  'import.folders': string[];
  'import.syncFrom': AccountDraft['import']['syncFrom'];
  'import.syncFromDate': string;
  'import.afterImport': AccountDraft['import']['afterImport'];
  'import.keepUnread': boolean;
  'import.pollIntervalSec': string;
  'import.autoDownloadMb': string;
  'import.headerFilter': string;
  'import.disableDuplicateCheck': boolean;
  'import.standardQueue': string;
  'import.closeAutomatically': boolean;
  'identity.senderName': string;
  'identity.signature': string;
  'identity.greeting': string;
  'identity.cc1': string;
  'identity.cc2': string;
  'identity.bcc': string;
  'identity.htmlTemplate': string;
  'sending.maxMessageMb': string;
  'sending.includePreviousOnForward': boolean;
  'sending.statusAfterReply': AccountDraft['sending']['statusAfterReply'];
  'sending.sentCopy': AccountDraft['sending']['sentCopy'];
  'sending.undoSeconds': string;
  'notifications.enabled': boolean;
  'notifications.title': string;
  'notifications.body': string;
  'notifications.sound': boolean;
}

export type FieldName = keyof DraftFields;
/** Fields typed as free text (not selects, switches or lists). */
export type TextFieldName = { [K in FieldName]: string extends DraftFields[K] ? K : never }[FieldName];
export type BooleanFieldName = { [K in FieldName]: DraftFields[K] extends boolean ? K : never }[FieldName];
export type FieldErrors = Partial<Record<FieldName, string>>;
export type ServerKind = 'imap' | 'smtp';
export type FormMode = 'add' | 'edit';

/** The form's sections, in the order they appear. */
export type SectionId = 'signin' | 'general' | 'imap' | 'smtp' | 'timeouts' | 'test' | 'import' | 'identity' | 'sending' | 'notifications';

/** Display order: the first invalid field in this order gets the focus. */
export const FIELD_ORDER: FieldName[] = [
  'oauth.issuer',
  'oauth.authorizationEndpoint',
  'oauth.tokenEndpoint',
  'oauth.clientId',
  'oauth.tenant',
  'oauth.scopes',
  'oauth.useSystemBrowser',
  'oauthSession',
  'name',
  'key',
  'email',
  'username',
  'password',
  'description',
  'shared',
  'active',
  'primary',
  'imap.host',
  'imap.port',
  'imap.security',
  'imap.trustedCertificate',
  'smtp.host',
  'smtp.port',
  'smtp.security',
  'smtp.trustedCertificate',
  'connectionTimeoutSec',
  'authTimeoutSec',
  'import.folders',
  'import.syncFrom',
  'import.syncFromDate',
  'import.afterImport',
  'import.keepUnread',
  'import.pollIntervalSec',
  'import.autoDownloadMb',
  'import.headerFilter',
  'import.disableDuplicateCheck',
  'import.standardQueue',
  'import.closeAutomatically',
  'identity.senderName',
  'identity.greeting',
  'identity.signature',
  'identity.cc1',
  'identity.cc2',
  'identity.bcc',
  'identity.htmlTemplate',
  'sending.maxMessageMb',
  'sending.undoSeconds',
  'sending.statusAfterReply',
  'sending.includePreviousOnForward',
  'sending.sentCopy',
  'notifications.enabled',
  'notifications.title',
  'notifications.body',
  'notifications.sound',
];

export function sectionOf(field: FieldName): SectionId {
  if (field.startsWith('oauth')) return 'signin';
  if (field.startsWith('imap.')) return 'imap';
  if (field.startsWith('smtp.')) return 'smtp';
  if (field === 'connectionTimeoutSec' || field === 'authTimeoutSec') return 'timeouts';
  if (field.startsWith('import.')) return 'import';
  if (field.startsWith('identity.')) return 'identity';
  if (field.startsWith('sending.')) return 'sending';
  if (field.startsWith('notifications.')) return 'notifications';
  return 'general';
}

export const DEFAULT_PORTS: Record<ServerKind, Record<Security, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  smtp: { tls: 465, starttls: 587, none: 25 },
};

export const SECURITY_OPTIONS: { value: Security; label: string }[] = [
  { value: 'tls', label: 'SSL/TLS' },
  { value: 'starttls', label: 'STARTTLS' },
  { value: 'none', label: 'None' },
];

export const KIND_LABEL: Record<AccountKind, string> = {
  google: 'Google',
  microsoft: 'Microsoft',
  imap: 'IMAP/SMTP',
  oauth: 'OAuth',
};

export const DEFAULT_OAUTH_SCOPES = 'openid email offline_access';

const IMPORT_DEFAULTS = ImportSettingsSchema.parse({});
const IDENTITY_DEFAULTS = IdentitySchema.parse({});
const SENDING_DEFAULTS = SendingSettingsSchema.parse({});
const NOTIFICATION_DEFAULTS = NotificationSettingsSchema.parse({});

export const INITIAL_FIELDS: DraftFields = {
  kind: 'imap',
  name: '',
  key: '',
  email: '',
  username: '',
  password: '',
  description: '',
  shared: true,
  active: true,
  primary: false,
  'imap.host': '',
  'imap.port': String(DEFAULT_PORTS.imap.tls),
  'imap.security': 'tls',
  'imap.trustedCertificate': null,
  'smtp.host': '',
  'smtp.port': String(DEFAULT_PORTS.smtp.tls),
  'smtp.security': 'tls',
  'smtp.trustedCertificate': null,
  connectionTimeoutSec: '10',
  authTimeoutSec: '5',
  'oauth.issuer': '',
  'oauth.authorizationEndpoint': '',
  'oauth.tokenEndpoint': '',
  'oauth.clientId': '',
  'oauth.scopes': '',
  'oauth.tenant': '',
  'oauth.useSystemBrowser': false,
  oauthSession: '',
  'import.folders': IMPORT_DEFAULTS.folders,
  'import.syncFrom': IMPORT_DEFAULTS.syncFrom,
  'import.syncFromDate': IMPORT_DEFAULTS.syncFromDate,
  'import.afterImport': IMPORT_DEFAULTS.afterImport,
  'import.keepUnread': IMPORT_DEFAULTS.keepUnread,
  'import.pollIntervalSec': String(IMPORT_DEFAULTS.pollIntervalSec),
  'import.autoDownloadMb': String(IMPORT_DEFAULTS.autoDownloadMb),
  'import.headerFilter': IMPORT_DEFAULTS.headerFilter,
  'import.disableDuplicateCheck': IMPORT_DEFAULTS.disableDuplicateCheck,
  'import.standardQueue': IMPORT_DEFAULTS.standardQueue,
  'import.closeAutomatically': IMPORT_DEFAULTS.closeAutomatically,
  'identity.senderName': IDENTITY_DEFAULTS.senderName,
  'identity.signature': IDENTITY_DEFAULTS.signature,
  'identity.greeting': IDENTITY_DEFAULTS.greeting,
  'identity.cc1': IDENTITY_DEFAULTS.cc1,
  'identity.cc2': IDENTITY_DEFAULTS.cc2,
  'identity.bcc': IDENTITY_DEFAULTS.bcc,
  'identity.htmlTemplate': IDENTITY_DEFAULTS.htmlTemplate,
  'sending.maxMessageMb': String(SENDING_DEFAULTS.maxMessageMb),
  'sending.includePreviousOnForward': SENDING_DEFAULTS.includePreviousOnForward,
  'sending.statusAfterReply': SENDING_DEFAULTS.statusAfterReply,
  'sending.sentCopy': SENDING_DEFAULTS.sentCopy,
  'sending.undoSeconds': String(SENDING_DEFAULTS.undoSeconds),
  'notifications.enabled': NOTIFICATION_DEFAULTS.enabled,
  'notifications.title': NOTIFICATION_DEFAULTS.title,
  'notifications.body': NOTIFICATION_DEFAULTS.body,
  'notifications.sound': NOTIFICATION_DEFAULTS.sound,
};

/**
 * Form values for a new account of one kind, with the provider's servers and sign-in
 * settings filled in; `oauthDefaults` are the installation's client IDs (getStatus).
 */
export function fieldsForKind(kind: AccountKind, oauthDefaults?: AppStatus['oauthDefaults']): DraftFields {
  if (kind === 'google' || kind === 'microsoft') {
    const p = OAUTH_PROVIDERS[kind];
    const configured = oauthDefaults?.[kind];
    return {
      ...INITIAL_FIELDS,
      kind,
      'imap.host': p.imap.host,
      'imap.port': String(p.imap.port),
      'imap.security': p.imap.security,
      'smtp.host': p.smtp.host,
      'smtp.port': String(p.smtp.port),
      'smtp.security': p.smtp.security,
      'oauth.scopes': p.scopes,
      'oauth.clientId': configured?.clientId ?? '',
      'oauth.tenant': (configured && 'tenant' in configured ? configured.tenant : '') || p.defaultTenant,
    };
  }
  if (kind === 'oauth') return { ...INITIAL_FIELDS, kind, 'oauth.scopes': DEFAULT_OAUTH_SCOPES };
  return { ...INITIAL_FIELDS, kind };
}

/** Server fields of an IMAP/SMTP preset. */
export function presetFields(preset: ProviderPreset): Partial<DraftFields> {
  return {
    'imap.host': preset.imap.host,
    'imap.port': String(preset.imap.port),
    'imap.security': preset.imap.security,
    'smtp.host': preset.smtp.host,
    'smtp.port': String(preset.smtp.port),
    'smtp.security': preset.smtp.security,
  };
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: string): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : fallback);
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

/**
 * Form values from a draft main handed over: a copy (copyAccount, possibly partial)
 * or an account's saved settings (getAccount). Missing values keep the form's defaults.
 */
export function fieldsFromDraft(input: AccountDraftInput | AccountSettings): DraftFields {
  const base = fieldsForKind(input.kind ?? 'imap');
  const imap = input.imap ?? ({} as Partial<AccountDraft['imap']>);
  const smtp = input.smtp ?? ({} as Partial<AccountDraft['smtp']>);
  const oauth = input.oauth ?? null;
  const imp = input.import ?? {};
  const id = input.identity ?? {};
  const sending = input.sending ?? {};
  const notifications = input.notifications ?? {};
  const email = str(input.email);
  const username = str(input.username);
  return {
    ...base,
    name: str(input.name),
    key: str(input.key),
    email,
    // An empty username means "the address": show it that way so changing the address carries it along.
    username: username === email ? '' : username,
    password: '',
    description: str(input.description),
    shared: bool(input.shared, base.shared),
    active: bool(input.active, base.active),
    primary: bool(input.primary, base.primary),
    'imap.host': str(imap.host, base['imap.host']),
    'imap.port': num(imap.port, base['imap.port']),
    'imap.security': imap.security ?? base['imap.security'],
    'imap.trustedCertificate': imap.trustedCertificate ?? null,
    'smtp.host': str(smtp.host, base['smtp.host']),
    'smtp.port': num(smtp.port, base['smtp.port']),
    'smtp.security': smtp.security ?? base['smtp.security'],
    'smtp.trustedCertificate': smtp.trustedCertificate ?? null,
    connectionTimeoutSec: num(input.connectionTimeoutSec, base.connectionTimeoutSec),
    authTimeoutSec: num(input.authTimeoutSec, base.authTimeoutSec),
    'oauth.issuer': str(oauth?.issuer),
    'oauth.authorizationEndpoint': str(oauth?.authorizationEndpoint),
    'oauth.tokenEndpoint': str(oauth?.tokenEndpoint),
    'oauth.clientId': str(oauth?.clientId),
    'oauth.scopes': str(oauth?.scopes, base['oauth.scopes']),
    'oauth.tenant': str(oauth?.tenant, base['oauth.tenant']),
    'oauth.useSystemBrowser': bool(oauth?.useSystemBrowser, false),
    oauthSession: '',
    'import.folders': Array.isArray(imp.folders) ? [...imp.folders] : base['import.folders'],
    'import.syncFrom': imp.syncFrom ?? base['import.syncFrom'],
    'import.syncFromDate': str(imp.syncFromDate),
    'import.afterImport': imp.afterImport ?? base['import.afterImport'],
    'import.keepUnread': bool(imp.keepUnread, base['import.keepUnread']),
    'import.pollIntervalSec': num(imp.pollIntervalSec, base['import.pollIntervalSec']),
    'import.autoDownloadMb': num(imp.autoDownloadMb, base['import.autoDownloadMb']),
    'import.headerFilter': str(imp.headerFilter),
    'import.disableDuplicateCheck': bool(imp.disableDuplicateCheck, base['import.disableDuplicateCheck']),
    'import.standardQueue': str(imp.standardQueue),
    'import.closeAutomatically': bool(imp.closeAutomatically, base['import.closeAutomatically']),
    'identity.senderName': str(id.senderName),
    'identity.signature': str(id.signature),
    'identity.greeting': str(id.greeting),
    'identity.cc1': str(id.cc1),
    'identity.cc2': str(id.cc2),
    'identity.bcc': str(id.bcc),
    'identity.htmlTemplate': str(id.htmlTemplate),
    'sending.maxMessageMb': num(sending.maxMessageMb, base['sending.maxMessageMb']),
    'sending.includePreviousOnForward': bool(sending.includePreviousOnForward, base['sending.includePreviousOnForward']),
    'sending.statusAfterReply': sending.statusAfterReply ?? base['sending.statusAfterReply'],
    'sending.sentCopy': sending.sentCopy ?? base['sending.sentCopy'],
    'sending.undoSeconds': num(sending.undoSeconds, base['sending.undoSeconds']),
    'notifications.enabled': bool(notifications.enabled, base['notifications.enabled']),
    'notifications.title': str(notifications.title, base['notifications.title']),
    'notifications.body': str(notifications.body, base['notifications.body']),
    'notifications.sound': bool(notifications.sound, base['notifications.sound']),
  };
}

/** "993" → 993; anything else (empty, "99x", "9.5") becomes a number the schema rejects with its own words. */
function toNumber(value: string): number {
  const trimmed = value.trim();
  if (trimmed === '') return Number.NaN;
  return /^[+-]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Whether any field differs (by value: lists and certificates are compared by content). */
export function fieldsChanged(a: DraftFields, b: DraftFields): boolean {
  return (Object.keys(a) as FieldName[]).some((name) => JSON.stringify(a[name]) !== JSON.stringify(b[name]));
}

/** The object handed to the schema; an empty username means "sign in with the address". */
export function toDraftInput(f: DraftFields): AccountDraftInput {
  return {
    kind: f.kind,
    name: f.name,
    key: f.key,
    email: f.email,
    username: f.username.trim() === '' ? f.email.trim() : f.username,
    // OAuth accounts have no password; a stale one from switching kinds must not travel.
    password: f.kind === 'imap' ? f.password : '',
    description: f.description,
    shared: f.shared,
    active: f.active,
    primary: f.primary,
    imap: { host: f['imap.host'], port: toNumber(f['imap.port']), security: f['imap.security'], trustedCertificate: f['imap.trustedCertificate'] },
    smtp: { host: f['smtp.host'], port: toNumber(f['smtp.port']), security: f['smtp.security'], trustedCertificate: f['smtp.trustedCertificate'] },
    connectionTimeoutSec: toNumber(f.connectionTimeoutSec),
    authTimeoutSec: toNumber(f.authTimeoutSec),
    oauth:
      f.kind === 'imap'
        ? null
        : {
            issuer: f['oauth.issuer'],
            authorizationEndpoint: f['oauth.authorizationEndpoint'],
            tokenEndpoint: f['oauth.tokenEndpoint'],
            clientId: f['oauth.clientId'],
            scopes: f['oauth.scopes'],
            tenant: f['oauth.tenant'],
            useSystemBrowser: f['oauth.useSystemBrowser'],
          },
    oauthSession: f.oauthSession,
    import: {
      folders: f['import.folders'],
      syncFrom: f['import.syncFrom'],
      syncFromDate: f['import.syncFrom'] === 'date' ? f['import.syncFromDate'] : '',
      afterImport: f['import.afterImport'],
      keepUnread: f['import.keepUnread'],
      pollIntervalSec: toNumber(f['import.pollIntervalSec']),
      autoDownloadMb: toNumber(f['import.autoDownloadMb']),
      headerFilter: f['import.headerFilter'],
      disableDuplicateCheck: f['import.disableDuplicateCheck'],
      standardQueue: f['import.standardQueue'],
      closeAutomatically: f['import.closeAutomatically'],
    },
    identity: {
      senderName: f['identity.senderName'],
      signature: f['identity.signature'],
      greeting: f['identity.greeting'],
      cc1: f['identity.cc1'],
      cc2: f['identity.cc2'],
      bcc: f['identity.bcc'],
      htmlTemplate: f['identity.htmlTemplate'],
    },
    sending: {
      maxMessageMb: toNumber(f['sending.maxMessageMb']),
      includePreviousOnForward: f['sending.includePreviousOnForward'],
      statusAfterReply: f['sending.statusAfterReply'],
      sentCopy: f['sending.sentCopy'],
      undoSeconds: toNumber(f['sending.undoSeconds']),
    },
    notifications: {
      enabled: f['notifications.enabled'],
      title: f['notifications.title'],
      body: f['notifications.body'],
      sound: f['notifications.sound'],
    },
  };
}

const FIELD_SET = new Set<string>(FIELD_ORDER);

/** The field an issue belongs to: the longest known prefix of its path ("import.folders.2" → "import.folders"). */
function fieldForPath(path: readonly PropertyKey[]): FieldName | null {
  for (let n = path.length; n > 0; n -= 1) {
    const candidate = path.slice(0, n).map(String).join('.');
    if (FIELD_SET.has(candidate)) return candidate as FieldName;
  }
  return null;
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  maximum?: unknown;
  minimum?: unknown;
  expected?: unknown;
  origin?: unknown;
}

/**
 * The contract words most rules with the fix; the few it leaves to zod's defaults
 * ("Too big: expected string to have <=500 characters") get the same treatment here.
 */
function messageFor(issue: Issue, field: FieldName): string {
  let message = issue.message;
  if (/^(Invalid input|Too big|Too small|Invalid)\b/.test(message)) {
    if (issue.code === 'too_big' && issue.origin === 'string') message = `Use at most ${String(issue.maximum)} characters.`;
    else if (issue.code === 'too_small' && issue.origin === 'string') message = 'This cannot be empty.';
    else if (issue.code === 'too_big' && issue.origin === 'array') message = `Choose at most ${String(issue.maximum)}.`;
    else if (issue.code === 'invalid_type' && (issue.expected === 'int' || issue.expected === 'number')) {
      message = /(Sec|Seconds)$/.test(field) ? 'Enter a whole number of seconds.' : field.endsWith('Mb') ? 'Enter a whole number of megabytes.' : 'Enter a whole number.';
    }
    else message = 'Check this value.';
  }
  // The contract's host messages use IMAP examples; show the SMTP ones under SMTP fields.
  return field.startsWith('smtp.') ? message.replace(/imap\.example\.com/g, 'smtp.example.com') : message;
}

/** A draft every rule accepts, used to stand in for broken values (see collectIssues). */
const VALID_STAND_IN: Record<string, unknown> = toDraftInput({
  ...INITIAL_FIELDS,
  name: 'x',
  email: 'x@example.com',
  password: 'x',
  'imap.host': 'imap.example.com',
  'smtp.host': 'smtp.example.com',
  'oauth.clientId': 'x',
  'oauth.scopes': 'x',
}) as unknown as Record<string, unknown>;

function valueAt(obj: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cur: unknown = obj;
  for (const key of path) {
    if (!cur || typeof cur !== 'object' || !(key in (cur as object))) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

function withStandIn(input: unknown, path: readonly PropertyKey[]): unknown {
  // Replace the deepest part of the path the stand-in knows (an array element falls back to the whole array).
  let n = path.length;
  while (n > 0 && !valueAt(VALID_STAND_IN, path.slice(0, n)).found) n -= 1;
  if (n === 0) return input;
  const copy = structuredClone(input) as Record<PropertyKey, unknown>;
  let cur = copy;
  for (const key of path.slice(0, n - 1)) cur = cur[key] as Record<PropertyKey, unknown>;
  cur[path[n - 1] as PropertyKey] = structuredClone(valueAt(VALID_STAND_IN, path.slice(0, n)).value);
  return copy;
}

/**
 * Every issue, not just the first layer: zod runs the whole-draft rules
 * (password required, date required) only when every field is valid, so the
 * admin would fix one batch and then meet another. Broken values are swapped for
 * valid stand-ins and the schema asked again until nothing new turns up.
 */
function collectIssues(schema: typeof AccountDraftSchema | typeof NewAccountSchema, input: unknown): { draft: AccountDraft | null; issues: Issue[] } {
  const first = schema.safeParse(input);
  if (first.success) return { draft: first.data, issues: [] };
  const issues: Issue[] = [...(first.error.issues as Issue[])];
  let patched = input;
  for (let round = 0; round < 3; round += 1) {
    const before = issues.length;
    for (const issue of issues) patched = withStandIn(patched, issue.path);
    const again = schema.safeParse(patched);
    if (again.success) break;
    const seen = new Set(issues.map((i) => i.path.map(String).join('.')));
    for (const issue of again.error.issues as Issue[]) if (!seen.has(issue.path.map(String).join('.'))) issues.push(issue);
    if (issues.length === before) break;
  }
  return { draft: null, issues };
}

export interface Validation {
  draft: AccountDraft | null;
  errors: FieldErrors;
}

/**
 * The one place the form's rules live: the contract's schema (the stricter
 * NewAccountSchema when adding), plus the two things only the form can know:
 * an OAuth account needs a finished sign-in, and a custom provider needs an
 * issuer or both endpoints.
 */
export function validateFields(f: DraftFields, mode: FormMode): Validation {
  const schema = mode === 'add' ? NewAccountSchema : AccountDraftSchema;
  const { draft, issues } = collectIssues(schema, toDraftInput(f));
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = fieldForPath(issue.path);
    if (field && !errors[field]) errors[field] = messageFor(issue, field);
  }
  if (f.kind === 'oauth' && !errors['oauth.issuer'] && !f['oauth.issuer'].trim()) {
    if (!f['oauth.authorizationEndpoint'].trim() || !f['oauth.tokenEndpoint'].trim()) {
      errors['oauth.issuer'] = 'Enter the issuer URL, or both the authorization and the token endpoint below.';
    }
  }
  if (f.kind !== 'imap' && mode === 'add' && !f.oauthSession) {
    errors.oauthSession = `Sign in with ${f.kind === 'google' ? 'Google' : f.kind === 'microsoft' ? 'Microsoft' : 'the identity provider'} first.`;
  }
  const ok = Object.keys(errors).length === 0;
  return { draft: ok ? draft : null, errors };
}

/**
 * Switching encryption moves the port along, but only while the port is still the
 * default of the old setting: a port the admin typed on purpose stays.
 */
export function portAfterSecurityChange(kind: ServerKind, from: Security, to: Security, port: string): string {
  const trimmed = port.trim();
  if (trimmed === '' || trimmed === String(DEFAULT_PORTS[kind][from])) return String(DEFAULT_PORTS[kind][to]);
  return port;
}

/**
 * The ticket key a new account gets from its name: "Customer Support" → "CS", "Sales" → "SAL".
 * The form puts it in the Key field itself (not as a placeholder), so what is shown is what is saved.
 */
export function suggestKey(name: string): string {
  const words = name.trim().split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (words.length === 1) return (words[0] ?? '').slice(0, 3).toUpperCase();
  return words
    .slice(0, 5)
    .map((w) => w[0])
    .join('')
    .toUpperCase();
}

/** "support@example.com" → "example.com", for placeholders that hint at the server names. */
export function emailDomain(email: string): string | null {
  const match = /@([^\s@]+\.[^\s@]+)$/.exec(email.trim());
  return match?.[1] ?? null;
}

/** "AB:CD:EF:…:12" shortened for one line: the first and last pairs. */
export function shortFingerprint(fingerprint: string): string {
  const parts = fingerprint.split(':');
  if (parts.length <= 6) return fingerprint;
  return `${parts.slice(0, 4).join(':')}:…:${parts.slice(-2).join(':')}`;
}
