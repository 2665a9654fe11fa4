import { describe, expect, it } from 'vitest';
import { secretsNotice } from '../../src-renderer/app/secrets-notice';

describe('secretsNotice', () => {
  it('says nothing when the OS encrypts the secrets', () => {
    expect(secretsNotice({ secrets: 'encrypted', host: 'electron' })).toBeNull();
    expect(secretsNotice({ secrets: 'encrypted', host: 'browser' })).toBeNull();
  });

  it('tells weak storage (basic_text) apart from no storage at all', () => {
    const weak = secretsNotice({ secrets: 'weak', host: 'electron' });
    const unavailable = secretsNotice({ secrets: 'unavailable', host: 'electron' });
    expect(weak?.state).toBe('weak');
    expect(unavailable?.state).toBe('unavailable');
    expect(weak?.headline).not.toBe(unavailable?.headline);

    // Weak: stored, but readable by anyone with the files.
    expect(weak?.headline).toMatch(/stored with weak protection/);
    expect(weak?.detail).toMatch(/basic text/);
    // Unavailable: nothing stored, so every start needs the passwords again.
    expect(unavailable?.headline).toMatch(/not saved/);
    expect(unavailable?.detail).toMatch(/each time it starts/);
  });

  it('names what to install in the app: a keyring', () => {
    for (const secrets of ['weak', 'unavailable'] as const) {
      expect(secretsNotice({ secrets, host: 'electron' })?.fix).toMatch(/GNOME Keyring with libsecret, or KWallet/);
    }
  });

  it("points the browser host's weak key file at MAILROOM_SECRET_KEY", () => {
    const notice = secretsNotice({ secrets: 'weak', host: 'browser' });
    expect(notice?.detail).toMatch(/key file in its data folder/);
    expect(notice?.fix).toMatch(/MAILROOM_SECRET_KEY/);
  });
});
