import { providerFilingSent } from '../../../../src-preload/providers';
import { RadioGroupField, SelectField } from '../../../ui/Field';
import { InfoIcon } from '../../../ui/icons';
import type { AccountFormApi } from '../useAccountForm';
import { bind } from './bind';
import { FormSection } from './FormSection';

/** How replies from this mailbox go out: size limit, undo, forwards, the ticket afterwards, the copy in Sent. */
export function SendingSection({ form, formId }: { form: AccountFormApi; formId: string }) {
  const { fields, errors } = form;
  const f = bind(form);
  const disabled = form.busy === 'save';
  const filer = providerFilingSent(fields['smtp.host']);

  return (
    <FormSection id="sending" formId={formId} title="Sending" description="How replies from this mailbox go out and what happens after.">
      <div className="form-row">
        {f.text('sending.maxMessageMb', 'Largest message (MB)', {
          inputMode: 'numeric',
          hint: errors['sending.maxMessageMb'] ? undefined : 'Attachments included. Gmail and Microsoft 365 accept 25 MB; ask your provider otherwise.',
        })}
        {f.text('sending.undoSeconds', 'Undo after Send (seconds)', {
          inputMode: 'numeric',
          hint: errors['sending.undoSeconds'] ? undefined : 'How long agents can take a mail back. 0 sends at once; at most 30.',
        })}
      </div>
      <div className="form-row form-row--single">
        <SelectField
          name="sending.statusAfterReply"
          label="Ticket status after a reply"
          value={fields['sending.statusAfterReply']}
          disabled={disabled}
          error={errors['sending.statusAfterReply']}
          options={[
            { value: 'pending', label: 'Pending (waiting for the customer)' },
            { value: 'open', label: 'Open' },
            { value: 'closed', label: 'Closed' },
            { value: 'unchanged', label: 'Leave it as it is' },
          ]}
          onValue={(v) => form.setField('sending.statusAfterReply', v)}
        />
      </div>
      <div className="check-grid">
        {f.check(
          'sending.includePreviousOnForward',
          'Include the previous message on forward',
          'A forward starts with the original text quoted and carries its attachments.',
        )}
      </div>
      <div className="form-row form-row--single form-row--spaced">
        <RadioGroupField
          name="sending.sentCopy"
          label="Copy in the Sent folder"
          value={fields['sending.sentCopy']}
          disabled={disabled}
          error={errors['sending.sentCopy']}
          options={[
            { value: 'auto', label: 'Automatic', hint: 'Mailroom adds a copy unless the provider files sent mail itself.' },
            { value: 'always', label: 'Always add a copy' },
            { value: 'never', label: 'Never add a copy' },
          ]}
          onValue={(v) => form.setField('sending.sentCopy', v)}
        />
      </div>
      {filer && fields['sending.sentCopy'] !== 'never' && (
        <div className="notice notice--info" data-testid="provider-files-sent">
          <span className="notice__icon">
            <InfoIcon size={15} />
          </span>
          <div className="notice__text">
            {fields['sending.sentCopy'] === 'auto' ? (
              <>
                <strong>{filer} files sent mail itself:</strong> Mailroom does not add a copy to Sent.
              </>
            ) : (
              <>
                <strong>{filer} files sent mail itself:</strong> with “Always”, every reply shows twice in Sent.
              </>
            )}
          </div>
        </div>
      )}
    </FormSection>
  );
}
