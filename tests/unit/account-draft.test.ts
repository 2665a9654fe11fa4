import { describe, expect, it } from 'vitest';
import {
  AccountDraftSchema,
  NewAccountSchema,
  type AccountDraftInput,
  type AccountSettings,
} from '../../src-preload/contract';
import {
  fieldsForKind,
  fieldsFromDraft,
  INITIAL_FIELDS,
  portAfterSecurityChange,
  toDraftInput,
  validateFields,
  type DraftFields,
  type FieldName,
  type FormMode,
} from '../../src-renderer/features/accounts/draft';

/** A complete IMAP account as an admin would type it. */
const typed: DraftFields = {
  ...INITIAL_FIELDS,
  name: 'Support',
  key: 'SUP',
  email: 'support@example.com',
  password: 'app-password',
  'imap.host': 'imap.example.com',
  'smtp.host': 'smtp.example.com',
};

/** The form's error for each field that has one, after changing some fields of a valid account. */
function errorsWith(change: Partial<DraftFields>, mode: FormMode = 'add', base: DraftFields = typed) {
  return validateFields({ ...base, ...change }, mode).errors;
}

function errorOf(field: FieldName, value: DraftFields[FieldName], mode: FormMode = 'add'): string | undefined {
  return errorsWith({ [field]: value }, mode)[field];
}

describe('account form validation', () => {
  it('accepts a complete account and hands over the parsed draft', () => {
    const { draft, errors } = validateFields(typed, 'add');
    expect(errors).toEqual({});
    expect(draft).toMatchObject({
      kind: 'imap',
      name: 'Support',
      // An empty username means "sign in with the address".
      username: 'support@example.com',
      imap: { host: 'imap.example.com', port: 993, security: 'tls', trustedCertificate: null },
      smtp: { host: 'smtp.example.com', port: 465, security: 'tls' },
      oauth: null,
      import: { folders: ['INBOX'], syncFrom: 'now', pollIntervalSec: 120 },
    });
  });

  describe('general', () => {
    it('names the fix for the name, the key and the address', () => {
      expect(errorOf('name', '  ')).toBe('Give the account a name agents will recognise, for example "Support".');
      expect(errorOf('name', 'x'.repeat(81))).toBe('Keep the name under 80 characters.');
      expect(errorOf('key', 'SUPPORT')).toBe('Use at most 5 characters for the key, for example "SUP".');
      expect(errorOf('key', 'S-1')).toBe('Use only letters and digits in the key.');
      expect(errorOf('email', '')).toBe('Enter the mailbox address, for example support@example.com.');
      expect(errorOf('email', 'support')).toBe('Enter a full address like support@example.com.');
      expect(errorOf('email', 'support@example')).toBe('Enter a full address like support@example.com.');
      expect(errorOf('email', 'sup port@example.com')).toBe('Enter a full address like support@example.com.');
      expect(errorOf('description', 'x'.repeat(501))).toBe('Use at most 500 characters.');
    });

    it('asks for the password when adding an IMAP account, not when editing one (empty keeps the stored one)', () => {
      expect(errorOf('password', '')).toBe('Enter the password (or app password) for this mailbox.');
      expect(errorOf('password', '', 'edit')).toBeUndefined();
    });

    it('reports the whole-draft rules together with the field errors, not one batch after another', () => {
      // zod skips the whole-draft rules while a value has the wrong type (an empty port is no number);
      // the form must still show them now, not after the admin fixed the port.
      const errors = errorsWith({ password: '', 'imap.port': '', 'import.syncFrom': 'date', 'import.syncFromDate': '' });
      expect(errors).toEqual({
        password: 'Enter the password (or app password) for this mailbox.',
        'imap.port': 'Enter a port number from 1 to 65535.',
        'import.syncFromDate': 'Pick the date to import mail from.',
      });
      expect(validateFields({ ...typed, password: '' }, 'add').draft).toBeNull();
    });
  });

  describe('servers', () => {
    it('refuses a host with a scheme, a space or nothing, with the example of its own protocol', () => {
      expect(errorOf('imap.host', 'imaps://mail.example.com')).toBe('Use a server name like imap.example.com or an IP address, without "imap://" or spaces.');
      expect(errorOf('imap.host', 'mail example.com')).toBe('Use a server name like imap.example.com or an IP address, without "imap://" or spaces.');
      expect(errorOf('smtp.host', 'smtp://mail.example.com')).toBe('Use a server name like smtp.example.com or an IP address, without "imap://" or spaces.');
      expect(errorOf('imap.host', '')).toBe('Enter the server name, for example imap.example.com.');
      expect(errorOf('smtp.host', '')).toBe('Enter the server name, for example smtp.example.com.');
    });

    it('accepts host names with surrounding spaces, IPv4 and IPv6 addresses', () => {
      for (const host of [' imap.example.com ', '192.0.2.10', '[2001:db8::1]', 'localhost']) expect(errorOf('imap.host', host)).toBeUndefined();
    });

    it('wants ports from 1 to 65535, whole, and says so', () => {
      expect(errorOf('imap.port', '0')).toBe('Enter a port number from 1 to 65535.');
      expect(errorOf('imap.port', '65536')).toBe('Enter a port number from 1 to 65535.');
      expect(errorOf('smtp.port', '')).toBe('Enter a port number from 1 to 65535.');
      expect(errorOf('smtp.port', '99x')).toBe('Enter a port number from 1 to 65535.');
      expect(errorOf('imap.port', '993.5')).toBe('Enter a whole port number from 1 to 65535.');
      expect(errorOf('imap.port', ' 143 ')).toBeUndefined();
    });

    it('keeps the timeouts within their range, in seconds', () => {
      expect(errorOf('connectionTimeoutSec', '0')).toBe('Use 1 to 120 seconds.');
      expect(errorOf('connectionTimeoutSec', '121')).toBe('Use 1 to 120 seconds.');
      expect(errorOf('authTimeoutSec', '61')).toBe('Use 1 to 60 seconds.');
      expect(errorOf('authTimeoutSec', 'soon')).toBe('Enter a whole number of seconds.');
    });

    it('moves the port along with the encryption only while it is the default', () => {
      expect(portAfterSecurityChange('imap', 'tls', 'starttls', '993')).toBe('143');
      expect(portAfterSecurityChange('smtp', 'tls', 'starttls', '465')).toBe('587');
      expect(portAfterSecurityChange('smtp', 'starttls', 'none', '')).toBe('25');
      expect(portAfterSecurityChange('imap', 'tls', 'starttls', '1993')).toBe('1993');
    });
  });

  describe('OAuth sign-in', () => {
    const google = { ...fieldsForKind('google'), name: 'Support', email: 'support@gmail.com', 'oauth.clientId': 'id.apps.googleusercontent.com' };
    const custom = {
      ...fieldsForKind('oauth'),
      name: 'Support',
      email: 'support@example.com',
      'imap.host': 'imap.example.com',
      'smtp.host': 'smtp.example.com',
      'oauth.clientId': 'mailroom',
      'oauth.issuer': 'https://login.example.com/realms/mail',
      oauthSession: 'session-1',
    };

    it('fills in the provider servers and scopes, and needs the client ID and a finished sign-in to add', () => {
      expect(google['imap.host']).toBe('imap.gmail.com');
      expect(errorsWith({ oauthSession: '' }, 'add', google)).toEqual({ oauthSession: 'Sign in with Google first.' });
      expect(errorsWith({ oauthSession: 'session-1' }, 'add', google)).toEqual({});
      // Editing keeps the stored tokens: no new sign-in needed.
      expect(errorsWith({}, 'edit', google)).toEqual({});
      expect(errorsWith({ 'oauth.clientId': ' ', oauthSession: 's' }, 'add', google)).toEqual({
        'oauth.clientId': 'Enter the client ID registered for Mailroom at the identity provider.',
      });
      expect(errorsWith({ kind: 'microsoft', oauthSession: '' }, 'add', google).oauthSession).toBe('Sign in with Microsoft first.');
    });

    it('needs an issuer or both endpoints for a custom provider, as URLs, and scopes', () => {
      expect(errorsWith({}, 'add', custom)).toEqual({});
      expect(errorsWith({ 'oauth.issuer': '' }, 'add', custom)).toEqual({
        'oauth.issuer': 'Enter the issuer URL, or both the authorization and the token endpoint below.',
      });
      expect(
        errorsWith({ 'oauth.issuer': '', 'oauth.authorizationEndpoint': 'https://login.example.com/auth', 'oauth.tokenEndpoint': 'https://login.example.com/token' }, 'add', custom),
      ).toEqual({});
      expect(errorsWith({ 'oauth.issuer': 'login.example.com' }, 'add', custom)).toEqual({
        'oauth.issuer': 'Use the issuer URL, like https://login.example.com/realms/mail.',
      });
      expect(errorsWith({ 'oauth.tokenEndpoint': 'token' }, 'add', custom)).toEqual({ 'oauth.tokenEndpoint': 'Use a full https:// URL.' });
      expect(errorsWith({ 'oauth.scopes': '' }, 'add', custom)).toEqual({
        'oauth.scopes': 'Enter the scopes, separated by spaces (for example "openid email offline_access").',
      });
      expect(errorsWith({ oauthSession: '' }, 'add', custom)).toEqual({ oauthSession: 'Sign in with the identity provider first.' });
    });

    it('sends no password and no OAuth settings where they do not belong', () => {
      // A password typed before switching to Google must not travel; an IMAP account sends no OAuth block.
      expect(toDraftInput({ ...google, password: 'left over' }).password).toBe('');
      expect(toDraftInput({ ...typed, 'oauth.clientId': 'left over' }).oauth).toBeNull();
    });
  });

  describe('import settings', () => {
    it('needs a date only when importing from a date, and drops a stale one otherwise', () => {
      expect(errorsWith({ 'import.syncFrom': 'date', 'import.syncFromDate': '' })).toEqual({ 'import.syncFromDate': 'Pick the date to import mail from.' });
      expect(errorsWith({ 'import.syncFrom': 'date', 'import.syncFromDate': '2026-03-05' })).toEqual({});
      expect(toDraftInput({ ...typed, 'import.syncFrom': '3m', 'import.syncFromDate': '2026-03-05' }).import?.syncFromDate).toBe('');
      expect(errorsWith({ 'import.syncFrom': 'date', 'import.syncFromDate': '05.03.2026' })).toEqual({ 'import.syncFromDate': 'Pick a date.' });
    });

    it('polls from every 30 seconds to once an hour', () => {
      expect(errorOf('import.pollIntervalSec', '10')).toBe('Poll at most every 30 seconds.');
      expect(errorOf('import.pollIntervalSec', '3601')).toBe('Poll at least once an hour.');
      expect(errorOf('import.pollIntervalSec', 'often')).toBe('Enter a whole number of seconds.');
      expect(errorOf('import.pollIntervalSec', '30')).toBeUndefined();
      expect(errorOf('import.autoDownloadMb', '0')).toBe('Allow at least 1 MB.');
      expect(errorOf('import.autoDownloadMb', 'big')).toBe('Enter a whole number of megabytes.');
      expect(errorOf('import.autoDownloadMb', '2001')).toBe('Use at most 2000 MB; bigger messages can still be downloaded one by one from the reading pane.');
    });

    it('limits the header filter and the queue name, in words', () => {
      expect(errorOf('import.headerFilter', 'x'.repeat(2001))).toBe('Use at most 2000 characters.');
      expect(errorOf('import.standardQueue', 'q'.repeat(81))).toBe('Use at most 80 characters.');
    });
  });

  describe('identity', () => {
    it('wants full addresses or nothing for copies, and a {{body}} slot in the HTML template', () => {
      expect(errorOf('identity.cc1', 'team')).toBe('Enter a full address like team@example.com, or leave it empty.');
      expect(errorOf('identity.bcc', 'archive@example')).toBe('Enter a full address like team@example.com, or leave it empty.');
      expect(errorOf('identity.cc2', '')).toBeUndefined();
      expect(errorOf('identity.htmlTemplate', '<p>Hello</p>')).toBe('Put {{body}} where the message text goes.');
      expect(errorOf('identity.htmlTemplate', '<div>{{body}}</div>')).toBeUndefined();
      expect(errorOf('identity.senderName', 'x'.repeat(121))).toBe('Use at most 120 characters.');
    });
  });
  describe('sending', () => {
    it('keeps the size limit and the undo window in range, in whole units, and says so', () => {
      expect(errorOf('sending.maxMessageMb', '0')).toBe('Allow at least 1 MB.');
      expect(errorOf('sending.maxMessageMb', '151')).toBe('Use at most 150 MB: few servers accept more.');
      expect(errorOf('sending.maxMessageMb', '2.5')).toBe('Use whole megabytes.');
      expect(errorOf('sending.maxMessageMb', 'big')).toBe('Enter a whole number of megabytes.');
      expect(errorOf('sending.undoSeconds', '31')).toBe('Use 0 to 30 seconds.');
      expect(errorOf('sending.undoSeconds', 'soon')).toBe('Enter a whole number of seconds.');
      expect(errorOf('sending.undoSeconds', '0')).toBeUndefined();
    });

    it('starts from the contract defaults', () => {
      expect(validateFields(typed, 'add').draft?.sending).toEqual({
        maxMessageMb: 25,
        includePreviousOnForward: true,
        statusAfterReply: 'pending',
        sentCopy: 'auto',
        undoSeconds: 5,
      });
    });
  });
});

describe('the contract schemas themselves (what main checks at the door)', () => {
  const draft = toDraftInput(typed);

  it('NewAccountSchema wants a password for IMAP, AccountDraftSchema does not', () => {
    const noPassword = { ...draft, password: '' };
    expect(AccountDraftSchema.safeParse(noPassword).success).toBe(true);
    const added = NewAccountSchema.safeParse(noPassword);
    expect(added.success ? [] : added.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['password', 'Enter the password (or app password) for this mailbox.'],
    ]);
  });

  it('an OAuth kind without OAuth settings is refused, pointing at the sign-in', () => {
    const result = AccountDraftSchema.safeParse({ ...draft, kind: 'google', oauth: null });
    expect(result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['oauth', 'Sign in with the provider first.']]);
  });

  it('fills defaults for what a caller leaves out', () => {
    const { import: _import, identity: _identity, connectionTimeoutSec: _c, ...minimal } = draft;
    const parsed = AccountDraftSchema.parse(minimal);
    expect(parsed.import).toEqual({
      folders: ['INBOX'],
      syncFrom: 'now',
      syncFromDate: '',
      afterImport: 'leave',
      keepUnread: false,
      pollIntervalSec: 120,
      autoDownloadMb: 50,
      headerFilter: '',
      disableDuplicateCheck: false,
      standardQueue: '',
      closeAutomatically: false,
    });
    expect(parsed.connectionTimeoutSec).toBe(10);
    expect(parsed.identity.cc1).toBe('');
  });
});

describe('draft ↔ settings', () => {
  const settings: AccountSettings = {
    id: 'acc-1',
    hasPassword: true,
    kind: 'imap',
    name: 'Sales',
    key: 'SAL',
    email: 'sales@example.com',
    username: 'sales-login',
    description: 'Orders and quotes',
    shared: false,
    active: true,
    primary: true,
    imap: { host: 'mail.example.com', port: 143, security: 'starttls', trustedCertificate: null },
    smtp: { host: 'mail.example.com', port: 587, security: 'starttls', trustedCertificate: null },
    connectionTimeoutSec: 30,
    authTimeoutSec: 15,
    oauth: null,
    import: {
      folders: ['INBOX', 'Orders'],
      syncFrom: 'date',
      syncFromDate: '2026-01-15',
      afterImport: 'mark-read',
      keepUnread: true,
      pollIntervalSec: 300,
      autoDownloadMb: 80,
      headerFilter: 'X-Queue=Sales',
      disableDuplicateCheck: true,
      standardQueue: 'Sales',
      closeAutomatically: false,
    },
    identity: {
      senderName: 'Sales team',
      signature: '-- \nSales',
      greeting: 'Hello,',
      cc1: 'boss@example.com',
      cc2: '',
      bcc: 'archive@example.com',
      htmlTemplate: '<div>{{body}}</div>',
    },
    sending: { maxMessageMb: 20, includePreviousOnForward: false, statusAfterReply: 'closed', sentCopy: 'never', undoSeconds: 10 },
    notifications: { enabled: false, title: '{{account}}: {{customer}}', body: '{{subject}} ({{queue}})', sound: false },
  };

  it('saved settings come back unchanged through the form (the password left empty keeps the stored one)', () => {
    const fields = fieldsFromDraft(settings);
    expect(fields.password).toBe('');
    expect(fields['imap.port']).toBe('143');
    const { draft, errors } = validateFields(fields, 'edit');
    expect(errors).toEqual({});
    const { id: _id, hasPassword: _has, ...saved } = settings;
    expect(draft).toEqual({ ...saved, password: '', oauthSession: '' });
  });

  it('an OAuth account keeps its provider settings through the form', () => {
    const oauth = { issuer: '', authorizationEndpoint: '', tokenEndpoint: '', clientId: 'client', scopes: 'https://mail.google.com/', tenant: '', useSystemBrowser: true };
    const google: AccountSettings = { ...settings, kind: 'google', username: 'sales@example.com', oauth };
    const { draft, errors } = validateFields(fieldsFromDraft(google), 'edit');
    expect(errors).toEqual({});
    expect(draft?.oauth).toEqual(oauth);
    expect(draft?.password).toBe('');
  });

  it('shows a username equal to the address as empty, so changing the address carries the sign-in along', () => {
    const fields = fieldsFromDraft({ ...settings, username: 'sales@example.com' });
    expect(fields.username).toBe('');
    expect(toDraftInput({ ...fields, email: 'orders@example.com' }).username).toBe('orders@example.com');
    expect(fieldsFromDraft(settings).username).toBe('sales-login');
  });

  it('a partial copy keeps the form defaults for what it leaves out', () => {
    const copy: AccountDraftInput = { kind: 'imap', name: 'Sales (copy)', imap: { host: 'mail.example.com', port: 143, security: 'starttls' } } as AccountDraftInput;
    const fields = fieldsFromDraft(copy);
    expect(fields).toMatchObject({
      name: 'Sales (copy)',
      email: '',
      'imap.host': 'mail.example.com',
      'imap.port': '143',
      'imap.security': 'starttls',
      'smtp.host': '',
      'smtp.port': '465',
      'import.folders': ['INBOX'],
      'import.pollIntervalSec': '120',
      connectionTimeoutSec: '10',
    });
  });
});
