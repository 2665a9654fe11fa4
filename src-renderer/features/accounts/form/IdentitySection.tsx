import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { EmailFrame } from '../../../mail-view/EmailFrame';
import { sanitizeEmailHtml } from '../../../mail-view/sanitize';
import { emailDomain, type TextFieldName } from '../draft';
import { AGENT_VARIABLES, buildReplyHtml, sampleValues } from '../identity';
import type { AccountFormApi } from '../useAccountForm';
import { bind } from './bind';
import { FormSection } from './FormSection';

type Insertable = Extract<TextFieldName, 'identity.greeting' | 'identity.signature' | 'identity.htmlTemplate'>;

/** A reply as recipients will see it, rendered like received mail: sanitized, in a frame that runs nothing. */
function IdentityPreview({ form }: { form: AccountFormApi }) {
  const { fields } = form;
  const greeting = useDeferredValue(fields['identity.greeting']);
  const signature = useDeferredValue(fields['identity.signature']);
  const htmlTemplate = useDeferredValue(fields['identity.htmlTemplate']);
  const domain = emailDomain(fields.email);
  const accountName = useDeferredValue(fields.name.trim());
  const values = useMemo(() => sampleValues(domain, accountName), [domain, accountName]);
  const doc = useMemo(
    () => sanitizeEmailHtml(buildReplyHtml({ greeting, signature, htmlTemplate }, values)).document,
    [greeting, signature, htmlTemplate, values],
  );
  const sender = fields['identity.senderName'].trim() || fields.name.trim() || 'Support';
  const address = fields.email.trim() || `support@${domain ?? 'example.com'}`;
  const cc = [fields['identity.cc1'], fields['identity.cc2']].map((c) => c.trim()).filter(Boolean);
  const bcc = fields['identity.bcc'].trim();

  return (
    <div className="identity-preview" data-testid="identity-preview">
      <div className="identity-preview__label">Preview</div>
      <div className="identity-preview__card">
        <dl className="identity-preview__head">
          <dt>From</dt>
          <dd>
            <strong>{sender}</strong> &lt;{address}&gt;
          </dd>
          <dt>To</dt>
          <dd>Jamie Customer &lt;jamie@customer.example&gt;</dd>
          {cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>{cc.join(', ')}</dd>
            </>
          )}
          {bcc && (
            <>
              <dt>Bcc</dt>
              <dd>{bcc}</dd>
            </>
          )}
          <dt>Subject</dt>
          <dd>Re: Where is my order?</dd>
        </dl>
        <div className="identity-preview__frame">
          <EmailFrame document={doc} title="Preview of a reply from this account" />
        </div>
      </div>
      <p className="identity-preview__note">
        Sample agent: {values['agent.name']}, {values['agent.phone']}. Agents’ own details replace these when they reply.
      </p>
    </div>
  );
}

export function IdentitySection({ form, formId }: { form: AccountFormApi; formId: string }) {
  const f = bind(form);
  const greetingRef = useRef<HTMLTextAreaElement>(null);
  const signatureRef = useRef<HTMLTextAreaElement>(null);
  const templateRef = useRef<HTMLTextAreaElement>(null);
  const [target, setTarget] = useState<Insertable>('identity.greeting');

  /** Puts a variable where the cursor is in the field last worked on (greeting by default). */
  const insert = (token: string) => {
    const el = (target === 'identity.greeting' ? greetingRef : target === 'identity.signature' ? signatureRef : templateRef).current;
    const value = form.fields[target];
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    form.setField(target, value.slice(0, start) + token + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const chips = (
    <div className="var-chips" role="group" aria-label="Insert a variable">
      <span className="var-chips__label">Insert into {target === 'identity.greeting' ? 'greeting' : target === 'identity.signature' ? 'signature' : 'template'}:</span>
      {AGENT_VARIABLES.map((v) => (
        <button
          key={v.token}
          type="button"
          className="var-chip"
          title={`Insert ${v.token}`}
          // Keep the focus (and the cursor) in the text field.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => insert(v.token)}
        >
          {v.token}
        </button>
      ))}
    </div>
  );

  return (
    <FormSection
      id="identity"
      formId={formId}
      title="Sending identity"
      description="What replies from this mailbox look like. Variables take each agent’s own details."
    >
      <div className="identity-layout">
        <div className="identity-layout__fields">
          <div className="form-row form-row--single">{f.text('identity.senderName', 'Sender name', { hint: form.fields['identity.senderName'].trim() ? undefined : `Left empty, replies come from “${form.fields.name.trim() || 'the account name'}”.` })}</div>
          {chips}
          <div className="form-row form-row--single">
            {f.area('identity.greeting', 'Greeting', { rows: 2, placeholder: 'e.g. Hello, this is {{agent.name}} from Acme Support.', ref: greetingRef, onFocus: () => setTarget('identity.greeting') })}
          </div>
          <div className="form-row form-row--single">
            {f.area('identity.signature', 'Signature', {
              rows: 4,
              placeholder: 'e.g. Kind regards,\n{{agent.name}}\nPhone {{agent.phone}}',
              ref: signatureRef,
              onFocus: () => setTarget('identity.signature'),
            })}
          </div>
          <div className="form-row">
            {f.text('identity.cc1', 'CC 1', { type: 'email', placeholder: 'e.g. team@example.com' })}
            {f.text('identity.cc2', 'CC 2', { type: 'email' })}
          </div>
          <div className="form-row form-row--single">{f.text('identity.bcc', 'BCC', { type: 'email', placeholder: 'e.g. archive@example.com' })}</div>
          <div className="form-row form-row--single">
            {f.area('identity.htmlTemplate', 'HTML template', {
              rows: 5,
              className: 'textarea--code',
              spellCheck: false,
              placeholder: 'e.g. <div style="font-family: Arial">{{body}}</div>',
              hint: form.errors['identity.htmlTemplate'] ? undefined : (
                <>
                  Optional. Wraps every reply; put <code>{'{{body}}'}</code> where the greeting, text and signature go.
                </>
              ),
              ref: templateRef,
              onFocus: () => setTarget('identity.htmlTemplate'),
            })}
          </div>
        </div>
        <div className="identity-layout__preview">
          <IdentityPreview form={form} />
        </div>
      </div>
    </FormSection>
  );
}
