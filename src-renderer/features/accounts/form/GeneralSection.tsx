import { PRESETS, type ProviderPreset } from '../../../../src-preload/providers';
import { RadioGroupField, SelectField } from '../../../ui/Field';
import { presetFields } from '../draft';
import type { AccountFormApi } from '../useAccountForm';
import { bind } from './bind';
import { FormSection } from './FormSection';
import { ServerLookupSummary } from './ServerLookup';
import type { ServerDiscoveryState } from '../useServerDiscovery';

export function GeneralSection({
  form,
  formId,
  preset,
  onPreset,
  hasPassword,
  autoFocus,
  lookup,
  onShowLookup,
}: {
  form: AccountFormApi;
  formId: string;
  /** Set when adding from a provider preset: the select at the top and the password hint. */
  preset: ProviderPreset | null;
  onPreset: ((preset: ProviderPreset) => void) | null;
  hasPassword: boolean;
  autoFocus: boolean;
  /** The servers found for the address (an IMAP account being added), shown beside it. */
  lookup: ServerDiscoveryState;
  onShowLookup(): void;
}) {
  // The sign-in name the provider's settings ask for, when it is not the address (autoconfig's %EMAILLOCALPART%).
  const username = lookup.result?.username ?? null;
  const { fields, errors } = form;
  const f = bind(form);
  const oauth = fields.kind !== 'imap';
  const editing = form.mode === 'edit';
  const emailFromSignIn = oauth && (editing || Boolean(fields.oauthSession));

  return (
    <FormSection id="general" formId={formId} title="General" description="How agents see this mailbox, and how Mailroom signs in to it.">
      {onPreset && (
        <div className="form-row form-row--single">
          <SelectField<string>
            name="preset"
            label="Provider"
            testId="preset-select"
            value={preset?.id ?? ''}
            options={[{ value: '', label: 'Choose your mail provider…' }, ...PRESETS.map((p) => ({ value: p.id, label: p.label }))]}
            hint={preset ? `Servers filled in for ${preset.label}. You only need the address and the password.` : 'Fills in the server names, ports and encryption.'}
            onValue={(id) => {
              const next = PRESETS.find((p) => p.id === id);
              if (next) {
                onPreset(next);
                form.setFields(presetFields(next));
              }
            }}
          />
        </div>
      )}
      <div className="form-row form-row--name">
        {f.text('name', 'Name', { autoFocus, hint: errors.name ? undefined : 'Shown to agents, for example "Support" or "Sales EMEA".' })}
        {f.text('key', 'Key', {
          maxLength: 8,
          fieldClassName: 'field--key',
          hint: errors.key ? undefined : editing ? 'Up to 5 letters on tickets.' : 'Up to 5 letters on tickets; made from the name until you change it.',
        })}
      </div>
      <div className="form-row">
        {f.text('email', 'Email address', {
          type: 'email',
          readOnly: emailFromSignIn || form.busy === 'save',
          hint: emailFromSignIn ? 'The address you signed in with.' : undefined,
        })}
        <div>
          {f.text('username', 'Username', {
            hint: fields.username.trim() ? undefined : 'Leave empty to sign in with the address. Exchange may need DOMAIN\\user or another alias.',
          })}
          {username && fields.username.trim() !== username && (
            <button type="button" className="suggestion suggestion--inline" data-testid="username-suggestion" onClick={() => form.setField('username', username)}>
              <span className="suggestion__main">Sign in as {username}</span>
              <span className="suggestion__meta">as the provider&rsquo;s settings say</span>
            </button>
          )}
        </div>
      </div>
      <ServerLookupSummary form={form} lookup={lookup} onShowSteps={onShowLookup} />
      {!oauth && (
        <div className="form-row">
          {f.text('password', 'Password', {
            type: 'password',
            autoComplete: 'new-password',
            placeholder: editing && hasPassword ? 'Leave empty to keep the saved password' : 'Password or app password',
            hint: errors.password ? undefined : (preset?.passwordHint ?? (editing ? 'Stored encrypted on this computer; never shown again.' : 'Many providers want an app password here when two-step sign-in is on.')),
          })}
          <div />
        </div>
      )}
      <div className="form-row form-row--single">
        {f.text('description', 'Description', { placeholder: 'What this mailbox is for (optional)', autoComplete: 'off', spellCheck: true })}
      </div>
      <div className="form-row">
        <RadioGroupField<'shared' | 'personal'>
          name="shared"
          label="Who works it"
          value={fields.shared ? 'shared' : 'personal'}
          layout="stack"
          options={[
            { value: 'shared', label: 'Shared mailbox', hint: 'The team works it as a queue of tickets.' },
            { value: 'personal', label: 'Personal', hint: 'Only its owner sees it.' },
          ]}
          onValue={(v) => form.setField('shared', v === 'shared')}
        />
        <div className="check-stack">
          <span className="field__label">Status</span>
          {f.check('active', 'Active', 'Sync this mailbox and let agents reply from it.')}
          {f.check('primary', 'Primary account', 'Used for new messages when an agent does not pick one.')}
        </div>
      </div>
    </FormSection>
  );
}
