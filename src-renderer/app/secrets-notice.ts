import type { AppStatus } from '../../src-preload/contract';

/** What the app says about how passwords are kept, with the fix; null when there is nothing to say. */
export interface SecretsNotice {
  state: 'weak' | 'unavailable';
  headline: string;
  detail: string;
  fix: string;
}

const KEYRING_FIX =
  'Install and unlock a system keyring (on Linux: GNOME Keyring with libsecret, or KWallet), sign out and back in, then restart Mailroom.';

/** Pure, so each state's words are unit-tested (tests/unit/secrets-notice.test.ts). */
export function secretsNotice(status: Pick<AppStatus, 'secrets' | 'host'>): SecretsNotice | null {
  if (status.secrets === 'encrypted') return null;
  if (status.secrets === 'unavailable') {
    return {
      state: 'unavailable',
      headline: 'Passwords are not saved on this computer.',
      detail:
        'No system keyring is available, so Mailroom keeps passwords and sign-ins only while it runs: each time it starts, reconnect the accounts (enter the password or sign in again).',
      fix: KEYRING_FIX,
    };
  }
  if (status.host === 'browser') {
    return {
      state: 'weak',
      headline: 'Passwords are stored with weak protection.',
      detail: 'This host encrypts passwords and sign-in tokens with a key file in its data folder: anyone who can read the folder can read them.',
      fix: 'Start the host with MAILROOM_SECRET_KEY (64 hex characters) to keep the key outside the data folder.',
    };
  }
  return {
    state: 'weak',
    headline: 'Passwords are stored with weak protection.',
    detail:
      'No system keyring is available, so passwords and sign-in tokens are encrypted with a key built into every copy of the app ("basic text"): anyone who can read your files can read them.',
    fix: KEYRING_FIX,
  };
}
