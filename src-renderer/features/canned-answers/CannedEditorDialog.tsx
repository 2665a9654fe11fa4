import { useRef, useState } from 'react';
import type { ErrorInfo } from '../../../src-preload/contract';
import { VARIABLES, type VariableName } from '../../../src-preload/templates';
import { useAccountsStore } from '../../stores/accounts';
import { useCannedStore } from '../../stores/canned';
import { ErrorBox } from '../../ui/ErrorBox';
import { RadioGroupField, SelectField, TextField } from '../../ui/Field';
import { CrossIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { RichTextEditor, type RichTextEditorHandle } from '../../ui/RichTextEditor';
import { Spinner } from '../../ui/Spinner';
import { draftProblems, normalizeShortcut, unknownVariables, type CannedDraft } from './draft';

const TITLE_ID = 'canned-editor-title';
const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

/** Buttons that put a variable where the cursor is in the answer. */
function VariableChips({ onInsert }: { onInsert(name: VariableName): void }) {
  return (
    <div className="var-chips canned-editor__variables" role="group" aria-label="Insert a variable into the answer">
      <span className="var-chips__label">Insert a variable:</span>
      {VARIABLE_NAMES.map((name) => (
        <button
          key={name}
          type="button"
          className="var-chip"
          title={`Insert {{${name}}}`}
          aria-label={`Insert ${VARIABLES[name].toLowerCase()} ({{${name}}})`}
          // Keep the cursor in the editor.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onInsert(name)}
        >
          {VARIABLES[name]}
        </button>
      ))}
    </div>
  );
}

function EditorForm({ initial, isNew, onClose }: { initial: CannedDraft; isNew: boolean; onClose(): void }) {
  const accounts = useAccountsStore((s) => s.accounts);
  const answers = useCannedStore((s) => s.all);
  const save = useCannedStore((s) => s.save);
  const [draft, setDraft] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ErrorInfo | null>(null);
  const editor = useRef<RichTextEditorHandle>(null);

  const accountName = (id: string) => accounts.find((a) => a.id === id)?.name ?? '';
  const problems = draftProblems(draft, answers, accountName);
  // Before the first Save only what is worth knowing while typing shows: a taken shortcut, a misspelt variable.
  const shown = submitted ? problems : { shortcut: draft.shortcut ? problems.shortcut : undefined, bodyHtml: unknownVariables(draft.bodyHtml) };
  const change = (fields: Partial<CannedDraft>) => setDraft((d) => ({ ...d, ...fields }));

  const submit = async () => {
    setSubmitted(true);
    if (Object.values(problems).some(Boolean) || busy) return;
    setBusy(true);
    const refused = await save({ ...draft, accountId: draft.scope === 'general' ? '' : draft.accountId });
    setBusy(false);
    setRefusal(refused);
    if (!refused) onClose();
  };

  return (
    <form
      className="dialog__panel canned-editor"
      data-testid="canned-editor-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <header className="dialog__header">
        <div>
          <h2 id={TITLE_ID} className="dialog__title">
            {isNew ? 'New canned answer' : `Edit “${initial.title}”`}
          </h2>
          <p className="dialog__subtitle">Shared with every agent of the chosen accounts through their team logs.</p>
        </div>
        <button type="button" className="icon-button" aria-label="Close" disabled={busy} onClick={onClose}>
          <CrossIcon size={16} />
        </button>
      </header>
      <div className="dialog__body canned-editor__body">
        <TextField
          name="canned-title"
          label="Title"
          placeholder="Refund: how long it takes"
          value={draft.title}
          error={shown.title}
          hint="What agents search for in the list of answers."
          onValue={(title) => change({ title })}
          autoFocus
        />
        <div className="canned-editor__scope">
          <RadioGroupField
            name="canned-scope"
            label="Offered on"
            layout="inline"
            value={draft.scope}
            options={[
              { value: 'general', label: 'All accounts', hint: 'Every account’s tickets' },
              { value: 'account', label: 'One account', hint: 'Only that account’s tickets' },
            ]}
            onValue={(scope) => change({ scope })}
          />
          {draft.scope === 'account' && (
            <SelectField
              name="canned-account"
              label="Account"
              testId="canned-account"
              value={draft.accountId}
              error={shown.accountId}
              options={accounts.map((a) => ({ value: a.id, label: a.key ? `${a.name} (${a.key})` : a.name }))}
              onValue={(accountId) => change({ accountId })}
            />
          )}
        </div>
        <TextField
          name="canned-shortcut"
          label="Shortcut (optional)"
          placeholder="refund-time"
          value={draft.shortcut}
          error={shown.shortcut}
          hint="Agents type /refund-time in a reply to insert this answer."
          onValue={(typed) => change({ shortcut: normalizeShortcut(typed) })}
        />
        <VariableChips onInsert={(name) => editor.current?.insertHtml(`{{${name}}}`)} />
        <RichTextEditor
          ref={editor}
          label="Answer"
          testId="canned-body"
          placeholder="Dear {{customer.name}}, …"
          value={draft.bodyHtml}
          error={shown.bodyHtml}
          hint="Variables are filled in with the customer’s, the ticket’s and the agent’s details when the answer is inserted."
          onChange={(bodyHtml) => change({ bodyHtml })}
        />
        {refusal && <ErrorBox error={refusal} title="The answer was not saved" testId="canned-save-error" />}
      </div>
      <footer className="dialog__footer">
        <button type="button" className="button button--ghost" disabled={busy} onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" data-testid="canned-save" disabled={busy}>
          {busy && <Spinner />}
          {busy ? 'Saving…' : 'Save answer'}
        </button>
      </footer>
    </form>
  );
}

/** Creating or editing a canned answer; `editing` null closes it. */
export function CannedEditorDialog({ editing, onClose }: { editing: { draft: CannedDraft; isNew: boolean } | null; onClose(): void }) {
  return (
    <Modal open={editing !== null} onClose={onClose} labelledBy={TITLE_ID} className="dialog--canned" testId="canned-editor">
      {editing && <EditorForm key={editing.draft.id} initial={editing.draft} isNew={editing.isNew} onClose={onClose} />}
    </Modal>
  );
}
