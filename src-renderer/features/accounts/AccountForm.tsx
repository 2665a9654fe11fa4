import { useEffect, useId, useRef, type ReactNode } from 'react';
import type { AccountSummary, Security } from '../../../src-preload/contract';
import { ErrorBox } from '../../ui/ErrorBox';
import { SelectField, TextField } from '../../ui/Field';
import { Spinner } from '../../ui/Spinner';
import { ConnectionSteps } from './ConnectionSteps';
import { emailDomain, SECURITY_OPTIONS, type FieldName, type ServerKind, type TextFieldName } from './draft';
import { useAccountForm } from './useAccountForm';

function FormSection({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className="form-section" role="group" aria-labelledby={id}>
      <h3 className="form-section__title" id={id}>
        {title} {subtitle && <span className="form-section__subtitle">{subtitle}</span>}
      </h3>
      {children}
    </div>
  );
}

/** The manual IMAP/SMTP form: typed values, live validation, connection test, save. */
export function AccountForm({ onSaved, onCancel }: { onSaved(account: AccountSummary): void; onCancel(): void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const form = useAccountForm({
    onSaved,
    onInvalid(field: FieldName) {
      formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
    },
  });
  const { fields, errors, busy } = form;
  const resultsRef = useRef<HTMLDivElement>(null);

  // Test progress, its result and a refusal appear below the fold: bring them into view.
  const showResults = busy === 'test' || form.test !== null || form.formError !== null;
  useEffect(() => {
    if (showResults) resultsRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [showResults, busy, form.test, form.formError]);
  const domain = emailDomain(fields.email) ?? 'example.com';
  const disabled = busy !== null;

  const text = (name: TextFieldName, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      name={name}
      label={label}
      value={fields[name]}
      error={errors[name]}
      onValue={(v) => form.setField(name, v)}
      onBlur={() => form.blur(name)}
      readOnly={disabled}
      spellCheck={false}
      autoCapitalize="off"
      autoCorrect="off"
      {...extra}
    />
  );

  const server = (kind: ServerKind, title: string, subtitle: string) => {
    const security = `${kind}.security` as const;
    return (
      <FormSection title={title} subtitle={subtitle}>
        <div className="form-row form-row--server">
          {text(`${kind}.host`, 'Server', { placeholder: `${kind}.${domain}`, autoComplete: 'off', inputMode: 'url' })}
          {text(`${kind}.port`, 'Port', { inputMode: 'numeric', autoComplete: 'off', fieldClassName: 'field--port' })}
          <SelectField<Security>
            name={security}
            label="Encryption"
            value={fields[security]}
            options={SECURITY_OPTIONS}
            error={errors[security]}
            disabled={disabled}
            fieldClassName="field--security"
            onValue={(v) => form.setField(security, v)}
            onBlur={() => form.blur(security)}
          />
        </div>
        {fields[security] === 'none' && (
          <p className="form-section__warning">Without encryption the password travels in clear text. Use it only on a trusted network.</p>
        )}
      </FormSection>
    );
  };

  return (
    <form
      ref={formRef}
      className="account-form"
      data-testid="account-form"
      noValidate
      aria-busy={disabled}
      onSubmit={(e) => {
        e.preventDefault();
        void form.save();
      }}
    >
      <div className="account-form__body">
        <FormSection title="Account">
          <div className="form-row">
            {text('name', 'Name', { placeholder: 'Support', autoComplete: 'off', autoFocus: true })}
            {text('email', 'Email address', { placeholder: 'support@example.com', type: 'email', autoComplete: 'off' })}
          </div>
          <div className="form-row">
            {text('username', 'Username', {
              placeholder: fields.email.trim() || 'Defaults to the email address',
              autoComplete: 'off',
              hint: fields.username.trim() ? undefined : 'Leave empty to sign in with the email address.',
            })}
            {text('password', 'Password', { type: 'password', autoComplete: 'new-password', placeholder: 'Password or app password' })}
          </div>
        </FormSection>

        {server('imap', 'Incoming mail', 'IMAP')}
        {server('smtp', 'Outgoing mail', 'SMTP')}

        <div ref={resultsRef} className="account-form__results">
          <ConnectionSteps result={form.test} testing={busy === 'test'} stale={form.testIsStale} />

          {form.formError && (
            <ErrorBox
              testId="form-error"
              title={form.formError.action === 'save' ? 'The account was not saved' : 'The connection could not be tested'}
              error={form.formError.error}
            />
          )}
        </div>
      </div>

      <footer className="account-form__footer">
        <button type="button" className="button button--secondary" data-testid="test-connection" disabled={disabled} onClick={() => void form.runTest()}>
          {busy === 'test' && <Spinner />}
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <div className="account-form__footer-end">
          <button type="button" className="button button--ghost" onClick={onCancel} disabled={disabled}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" data-testid="save-account" disabled={disabled}>
            {busy === 'save' && <Spinner />}
            {busy === 'save' ? 'Checking and saving…' : 'Save account'}
          </button>
        </div>
      </footer>
    </form>
  );
}
