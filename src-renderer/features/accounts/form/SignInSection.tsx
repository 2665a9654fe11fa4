import type { KeyboardEvent } from 'react';
import { ErrorBox } from '../../../ui/ErrorBox';
import { CheckIcon, GoogleMark, KeyIcon, MicrosoftMark } from '../../../ui/icons';
import { Spinner } from '../../../ui/Spinner';
import type { AccountFormApi } from '../useAccountForm';
import { bind } from './bind';
import { FormSection } from './FormSection';

const PROVIDER_NAME = { google: 'Google', microsoft: 'Microsoft', oauth: 'your identity provider' } as const;

/** OAuth accounts: the client registration, then the sign-in that hands main the tokens. */
export function SignInSection({ form, formId }: { form: AccountFormApi; formId: string }) {
  const { fields } = form;
  if (fields.kind === 'imap') return null;
  const kind = fields.kind;
  const f = bind(form);
  const signingIn = form.busy === 'signin';
  const signedInNow = form.signedIn;
  const hasTokens = form.mode === 'edit' || Boolean(fields.oauthSession);

  // Enter in these fields signs in; saving needs the sign-in first anyway.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement && e.target.type !== 'checkbox') {
      e.preventDefault();
      void form.signIn();
    }
  };

  const clientHint = 'Register Mailroom as a public client (PKCE) at your provider; the ID is not secret.';
  const mark = kind === 'google' ? <GoogleMark size={16} /> : kind === 'microsoft' ? <MicrosoftMark size={15} /> : <KeyIcon size={15} />;

  return (
    <FormSection
      id="signin"
      formId={formId}
      title="Sign-in"
      subtitle={kind === 'oauth' ? 'OAuth / OpenID Connect' : PROVIDER_NAME[kind]}
      description={
        kind === 'oauth'
          ? 'Mailroom signs in with your identity provider and uses the token for IMAP and SMTP (XOAUTH2). No password is stored.'
          : `Mailroom signs in with ${PROVIDER_NAME[kind]} and keeps only a sign-in token on this computer. No password is stored.`
      }
    >
      <div onKeyDown={onKeyDown}>
        {kind === 'oauth' && (
          <>
            <div className="form-row form-row--single">
              {f.text('oauth.issuer', 'Issuer URL', {
                placeholder: 'e.g. https://login.example.com/realms/mail',
                inputMode: 'url',
                hint: 'Mailroom reads the endpoints from /.well-known/openid-configuration. Without discovery, enter both endpoints below.',
              })}
            </div>
            <div className="form-row">
              {f.text('oauth.authorizationEndpoint', 'Authorization endpoint', { placeholder: 'e.g. https://…/authorize', inputMode: 'url' })}
              {f.text('oauth.tokenEndpoint', 'Token endpoint', { placeholder: 'e.g. https://…/token', inputMode: 'url' })}
            </div>
          </>
        )}
        <div className="form-row">
          {f.text('oauth.clientId', 'Client ID', { placeholder: kind === 'google' ? 'e.g. 1234567890-abc.apps.googleusercontent.com' : 'Application (client) ID', hint: clientHint })}
          {kind === 'microsoft' &&
            f.text('oauth.tenant', 'Tenant', {
              placeholder: 'e.g. common',
              hint: '"common" for any account, "organizations" for work accounts only, or your tenant ID or domain.',
            })}
          {kind === 'oauth' &&
            f.text('oauth.scopes', 'Scopes', { placeholder: 'e.g. openid email offline_access', hint: 'Separated by spaces. Include what your IMAP server needs.' })}
        </div>
        {kind !== 'oauth' && (
          <details className="form-advanced">
            <summary>Scopes</summary>
            <div className="form-row form-row--single">{f.text('oauth.scopes', 'Scopes', { hint: 'What Mailroom asks for. Change only if your administrator restricts them.' })}</div>
          </details>
        )}
        <div className="form-row form-row--single">
          {f.check(
            'oauth.useSystemBrowser',
            'Use my browser instead',
            'Sign in with your usual browser (and its saved passwords or security keys) instead of Mailroom’s sign-in window.',
          )}
        </div>

        <div className={`signin-box${hasTokens ? ' signin-box--done' : ''}`} data-testid="oauth-status" data-signed-in={String(hasTokens)}>
          <div className="signin-box__text">
            {signedInNow ? (
              <>
                <span className="signin-box__ok">
                  <CheckIcon size={14} /> Signed in as <strong>{signedInNow.email}</strong>
                </span>
                <span className="signin-box__hint">The token is saved with the account.</span>
              </>
            ) : form.mode === 'edit' ? (
              <>
                <span className="signin-box__ok">
                  <CheckIcon size={14} /> Signed in as <strong>{fields.email}</strong>
                </span>
                <span className="signin-box__hint">Sign in again if the provider asks you to reconnect, or to use other scopes.</span>
              </>
            ) : (
              <>
                <span className="signin-box__title">Sign in with the mailbox’s account</span>
                <span className="signin-box__hint">
                  {fields['oauth.useSystemBrowser'] ? 'Your browser opens the sign-in page.' : 'A sign-in window opens.'} The address is filled in
                  for you.
                </span>
              </>
            )}
          </div>
          <button
            type="button"
            className={`button ${hasTokens ? 'button--secondary' : 'button--primary'} signin-box__button`}
            data-testid="oauth-signin"
            disabled={form.busy !== null}
            onClick={() => void form.signIn()}
          >
            {signingIn ? <Spinner /> : mark}
            {signingIn
              ? 'Waiting for sign-in…'
              : hasTokens
                ? 'Sign in again'
                : kind === 'oauth'
                  ? 'Sign in'
                  : `Sign in with ${PROVIDER_NAME[kind]}`}
          </button>
        </div>
        {form.errors.oauthSession && !hasTokens && (
          <p className="field__error signin-box__error" role="alert">
            {form.errors.oauthSession}
          </p>
        )}
        {form.signInError && <ErrorBox testId="oauth-error" title="Sign-in did not finish" error={form.signInError} />}
      </div>
    </FormSection>
  );
}
