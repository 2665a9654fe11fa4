import { useEffect, useRef, useState } from 'react';
import type { AutoReplySettings, AutoReplyView, ErrorInfo } from '../../../src-preload/contract';
import { AUTO_REPLY_VARIABLES, autoReplyProblems } from '../../../src-preload/auto-reply-text';
import { VARIABLES } from '../../../src-preload/templates';
import { formatFullDate } from '../../lib/format';
import { useAccountsStore } from '../../stores/accounts';
import { useAutoReplyStore } from '../../stores/autoReply';
import { useToastsStore } from '../../stores/toasts';
import { ErrorBox } from '../../ui/ErrorBox';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { RichTextEditor, type RichTextEditorHandle } from '../../ui/RichTextEditor';
import { Spinner } from '../../ui/Spinner';
import { DryRunTable } from './DryRunTable';

const VARIABLE_LIST = AUTO_REPLY_VARIABLES.map((name) => `{{${name}}}`).join(', ');

/** Inserts {{variable}} at the editor's cursor: the names are hard to remember, and a typo is caught only later. */
function VariablePicker({ onPick }: { onPick(name: string): void }) {
  return (
    <select
      className="input select auto-reply__variables"
      aria-label="Insert a variable"
      value=""
      data-testid="auto-reply-variable"
      onChange={(e) => {
        if (e.target.value) onPick(e.target.value);
      }}
    >
      <option value="">Insert variable…</option>
      {AUTO_REPLY_VARIABLES.map((name) => (
        <option key={name} value={name}>
          {VARIABLES[name]}
        </option>
      ))}
    </select>
  );
}

function AutoReplyForm({ view }: { view: AutoReplyView }) {
  const revision = useAutoReplyStore((s) => s.revision);
  const save = useAutoReplyStore((s) => s.save);
  const runDryRun = useAutoReplyStore((s) => s.runDryRun);
  const dryRunBusy = useAutoReplyStore((s) => s.dryRunBusy);
  const [draft, setDraft] = useState<AutoReplySettings>(view.settings);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ErrorInfo | null>(null);
  const editor = useRef<RichTextEditorHandle>(null);

  // Saved here or changed by another admin: show it, unless this form holds edits.
  const [seenRevision, setSeenRevision] = useState(revision);
  if (seenRevision !== revision) {
    setSeenRevision(revision);
    if (!dirty) setDraft(view.settings);
  }

  // Problems show as you type: a misspelt variable is easiest to fix while writing it.
  const problems = autoReplyProblems(draft);
  const problemOf = (field: 'subject' | 'bodyHtml') => problems.find((p) => p.field === field)?.message;
  const change = <K extends keyof AutoReplySettings>(key: K, value: AutoReplySettings[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setDirty(true);
  };

  const submit = async () => {
    if (problems.length > 0) return;
    setBusy(true);
    const refused = await save(draft);
    setBusy(false);
    setRefusal(refused);
    if (!refused) {
      setDirty(false);
      useToastsStore.getState().push({
        kind: 'success',
        title: draft.enabled ? 'Auto-reply is on' : 'Auto-reply saved',
        text: 'Every agent’s app gets the settings through the team log; one of them sends each auto-reply.',
        testId: 'auto-reply-saved',
      });
    }
  };

  return (
    <form
      className="auto-reply__form"
      aria-label="Auto-reply settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="notice notice--info" data-testid="auto-reply-note">
        <p>
          <strong>Only mail that arrives after auto-reply is turned on gets one.</strong> Mail already in the mailbox, and mail the first sync of a newly added
          account finds, never does. Mail from robots, mailing lists and your own accounts is never answered, and each auto-reply is marked as automatic so other
          robots do not answer it back.
          {view.enabledAt !== null && ` On since ${formatFullDate(view.enabledAt)}.`}
          {view.pending && ' Saved on this computer; the team log has not confirmed it yet.'}
        </p>
      </div>
      <CheckboxField
        name="enabled"
        label="Send an auto-reply to customers who write to this account"
        testId="auto-reply-enabled"
        checked={draft.enabled}
        onValue={(v) => change('enabled', v)}
      />
      <TextField
        name="subject"
        label="Subject"
        hint={`Variables: ${VARIABLE_LIST}.`}
        value={draft.subject}
        error={problemOf('subject')}
        data-testid="auto-reply-subject"
        onValue={(v) => change('subject', v)}
      />
      <RichTextEditor
        ref={editor}
        label="Text"
        value={draft.bodyHtml}
        placeholder="Thank you for your mail. We answer within one working day."
        error={problemOf('bodyHtml')}
        hint="Wrapped in the account’s HTML template. No agent’s greeting or signature: the auto-reply speaks for the account."
        testId="auto-reply-body"
        toolbarExtra={<VariablePicker onPick={(name) => editor.current?.insertHtml(`{{${name}}}`)} />}
        onChange={(html) => change('bodyHtml', html)}
      />
      <fieldset className="auto-reply__options">
        <legend className="field__label">Options</legend>
        <CheckboxField
          name="oncePerSenderPerDay"
          label="At most one auto-reply per sender per day"
          hint="Off: at most one per hour, always."
          checked={draft.oncePerSenderPerDay}
          onValue={(v) => change('oncePerSenderPerDay', v)}
        />
        <CheckboxField name="includeCc" label="Also send it to the mail’s CC recipients" hint="Never to this or your other accounts’ addresses." checked={draft.includeCc} onValue={(v) => change('includeCc', v)} />
        <CheckboxField
          name="newTicketsOnly"
          label="Only for new tickets"
          hint="A customer’s reply within an existing ticket gets none."
          checked={draft.newTicketsOnly}
          onValue={(v) => change('newTicketsOnly', v)}
        />
      </fieldset>
      {refusal && <ErrorBox error={refusal} title="Not saved" testId="auto-reply-save-error" />}
      <div className="auto-reply__footer">
        <button type="button" className="button" data-testid="auto-reply-dry-run" disabled={dryRunBusy} onClick={() => void runDryRun(draft)}>
          {dryRunBusy ? <Spinner label="Trying the settings" /> : 'Try on the last 100 mails'}
        </button>
        <button type="submit" className="button button--primary" data-testid="auto-reply-save" disabled={busy || !dirty || problems.length > 0}>
          Save auto-reply
        </button>
      </div>
    </form>
  );
}

/** The settings page's auto-reply section: per account, shared with the team through its log. */
export function AutoReplySection() {
  const accounts = useAccountsStore((s) => s.accounts);
  const accountId = useAutoReplyStore((s) => s.accountId);
  const view = useAutoReplyStore((s) => s.view);
  const loadError = useAutoReplyStore((s) => s.loadError);
  const dryRun = useAutoReplyStore((s) => s.dryRun);
  const dryRunError = useAutoReplyStore((s) => s.dryRunError);
  const select = useAutoReplyStore((s) => s.select);
  const account = accounts.find((a) => a.id === accountId);

  useEffect(() => {
    if (!account && accounts[0]) void select(accounts[0].id);
  }, [account, accounts, select]);

  if (accounts.length === 0) return null;
  return (
    <section className="auto-reply" aria-labelledby="auto-reply-title" data-testid="auto-reply-settings">
      <div className="settings__section-head">
        <div>
          <h2 className="settings__section-title" id="auto-reply-title">
            Auto-reply
          </h2>
          <p className="settings__section-text">
            An automatic answer to customers who write to an account. The whole team shares it, and one agent’s app sends each auto-reply, not every app.
          </p>
        </div>
      </div>
      <SelectField
        label="Account"
        name="auto-reply-account"
        testId="auto-reply-account"
        value={accountId ?? ''}
        options={accounts.map((a) => ({ value: a.id, label: a.key ? `${a.name} (${a.key})` : a.name }))}
        onValue={(id) => void select(id)}
      />
      {loadError ? (
        <ErrorBox error={loadError} title="The auto-reply settings could not be read" testId="auto-reply-load-error" />
      ) : !view || !account ? (
        <Spinner label="Reading the auto-reply settings" />
      ) : (
        <>
          <AutoReplyForm key={account.id} view={view} />
          {dryRunError && <ErrorBox error={dryRunError} title="The settings could not be tried" testId="auto-reply-dry-run-error" />}
          {dryRun && <DryRunTable dryRun={dryRun} />}
        </>
      )}
    </section>
  );
}
