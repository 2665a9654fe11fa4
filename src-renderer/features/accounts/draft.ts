import { AccountDraftSchema, type AccountDraft, type Security } from '../../../src-preload/contract';

/**
 * The add-account form as the user types it: every value a string, keyed by
 * the dotted path of the field in AccountDraft (also each input's `name`).
 * Validation is AccountDraftSchema itself, the same schema main checks with.
 */
export interface DraftFields {
  name: string;
  email: string;
  username: string;
  password: string;
  'imap.host': string;
  'imap.port': string;
  'imap.security': Security;
  'smtp.host': string;
  'smtp.port': string;
  'smtp.security': Security;
}

export type FieldName = keyof DraftFields;
/** The fields typed as free text (everything but the encryption selects). */
export type TextFieldName = Exclude<FieldName, 'imap.security' | 'smtp.security'>;
export type FieldErrors = Partial<Record<FieldName, string>>;
export type ServerKind = 'imap' | 'smtp';

export const FIELD_ORDER: FieldName[] = [
  'name',
  'email',
  'username',
  'password',
  'imap.host',
  'imap.port',
  'imap.security',
  'smtp.host',
  'smtp.port',
  'smtp.security',
];

export const DEFAULT_PORTS: Record<ServerKind, Record<Security, number>> = {
  imap: { tls: 993, starttls: 143, none: 143 },
  smtp: { tls: 465, starttls: 587, none: 25 },
};

export const SECURITY_OPTIONS: { value: Security; label: string }[] = [
  { value: 'tls', label: 'SSL/TLS' },
  { value: 'starttls', label: 'STARTTLS' },
  { value: 'none', label: 'None' },
];

export const INITIAL_FIELDS: DraftFields = {
  name: '',
  email: '',
  username: '',
  password: '',
  'imap.host': '',
  'imap.port': String(DEFAULT_PORTS.imap.tls),
  'imap.security': 'tls',
  'smtp.host': '',
  'smtp.port': String(DEFAULT_PORTS.smtp.tls),
  'smtp.security': 'tls',
};

/** "993" → 993; anything else (empty, "99x", "9.5") becomes a number the schema rejects with its own words. */
function toPort(value: string): number {
  const trimmed = value.trim();
  if (trimmed === '') return Number.NaN;
  return /^[+-]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The object handed to AccountDraftSchema; an empty username means "use the email address". */
export function toDraftInput(f: DraftFields): unknown {
  return {
    name: f.name,
    email: f.email,
    username: f.username.trim() === '' ? f.email.trim() : f.username,
    password: f.password,
    imap: { host: f['imap.host'], port: toPort(f['imap.port']), security: f['imap.security'] },
    smtp: { host: f['smtp.host'], port: toPort(f['smtp.port']), security: f['smtp.security'] },
  };
}

function isFieldName(path: string): path is FieldName {
  return (FIELD_ORDER as string[]).includes(path);
}

export interface Validation {
  draft: AccountDraft | null;
  errors: FieldErrors;
}

/** safeParse, then each issue's path ("imap.port") becomes that field's message; the first issue wins. */
export function validateFields(f: DraftFields): Validation {
  const parsed = AccountDraftSchema.safeParse(toDraftInput(f));
  if (parsed.success) return { draft: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    // A whole server object missing would be a bug in toDraftInput, not the user's input.
    const field: FieldName | null = isFieldName(path) ? path : null;
    // The contract's host messages use IMAP examples; show the SMTP ones under SMTP fields.
    const message = field?.startsWith('smtp.') ? issue.message.replace(/imap\.example\.com/g, 'smtp.example.com') : issue.message;
    if (field && !errors[field]) errors[field] = message;
  }
  return { draft: null, errors };
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

/** "support@example.com" → "example.com", for placeholders that hint at the server names. */
export function emailDomain(email: string): string | null {
  const match = /@([^\s@]+\.[^\s@]+)$/.exec(email.trim());
  return match?.[1] ?? null;
}
