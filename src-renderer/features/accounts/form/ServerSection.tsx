import type { Security } from '../../../../src-preload/contract';
import { SelectField } from '../../../ui/Field';
import { LockIcon } from '../../../ui/icons';
import { SECURITY_OPTIONS, shortFingerprint, type ServerKind } from '../draft';
import type { AccountFormApi } from '../useAccountForm';
import type { ServerDiscoveryState } from '../useServerDiscovery';
import { bind } from './bind';
import { FormSection } from './FormSection';
import { ServerLookupSteps, ServerSuggestions } from './ServerLookup';

export function ServerSection({ form, formId, kind, lookup }: { form: AccountFormApi; formId: string; kind: ServerKind; lookup: ServerDiscoveryState }) {
  const { fields, errors } = form;
  const f = bind(form);
  const security = `${kind}.security` as const;
  const certField = `${kind}.trustedCertificate` as const;
  const trusted = fields[certField];
  const preset = fields.kind === 'google' || fields.kind === 'microsoft';

  return (
    <FormSection
      id={kind}
      formId={formId}
      title={kind === 'imap' ? 'Incoming mail' : 'Outgoing mail'}
      subtitle={kind === 'imap' ? 'IMAP' : 'SMTP'}
      description={
        preset
          ? `Filled in for ${fields.kind === 'google' ? 'Google' : 'Microsoft'}. Change only if your administrator says so.`
          : kind === 'imap'
            ? 'Where Mailroom reads the mailbox.'
            : 'Where Mailroom sends replies. It signs in with the same username and password.'
      }
    >
      {kind === 'imap' && <ServerLookupSteps lookup={lookup} />}
      <ServerSuggestions form={form} kind={kind} lookup={lookup} />
      <div className="form-row form-row--server">
        {f.text(`${kind}.host`, 'Server', { inputMode: 'url' })}
        {f.text(`${kind}.port`, 'Port', { inputMode: 'numeric', fieldClassName: 'field--port' })}
        <SelectField<Security>
          name={security}
          label="Encryption"
          value={fields[security]}
          options={SECURITY_OPTIONS}
          error={errors[security]}
          disabled={form.busy === 'save'}
          fieldClassName="field--security"
          onValue={(v) => form.setField(security, v)}
          onBlur={() => form.blur(security)}
        />
      </div>
      {fields[security] === 'none' && (
        <p className="form-section__warning">Without encryption the password travels in clear text. Use it only on a trusted network.</p>
      )}
      {trusted && (
        <div className="trusted-cert" data-testid="trusted-certificate" data-server={kind}>
          <LockIcon size={13} />
          <span className="trusted-cert__text" title={trusted.fingerprint256}>
            Accepted certificate <code>{shortFingerprint(trusted.fingerprint256)}</code>
          </span>
          <span className="trusted-cert__sep" aria-hidden="true">
            —
          </span>
          <button type="button" className="link-button" data-testid="remove-trusted-certificate" onClick={() => form.setField(certField, null)}>
            Remove
          </button>
        </div>
      )}
    </FormSection>
  );
}

export function TimeoutsSection({ form, formId }: { form: AccountFormApi; formId: string }) {
  const f = bind(form);
  return (
    <FormSection id="timeouts" formId={formId} title="Timeouts" description="How long Mailroom waits before it calls a server unreachable.">
      <div className="form-row form-row--narrow">
        {f.text('connectionTimeoutSec', 'Connection (seconds)', { inputMode: 'numeric', hint: 'Default 10. Raise it for slow or distant servers.' })}
        {f.text('authTimeoutSec', 'Authentication (seconds)', { inputMode: 'numeric', hint: 'Default 5.' })}
      </div>
    </FormSection>
  );
}
