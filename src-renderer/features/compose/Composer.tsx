import { useEffect, useRef, useState } from 'react';
import { fillVariables, variableProblems } from '../../../src-preload/templates';
import type { ComposeView, DraftKind, DraftProblem } from '../../../src-preload/contract';
import { formatFullDate } from '../../lib/format';
import { useComposeStore } from '../../stores/compose';
import { ErrorBox } from '../../ui/ErrorBox';
import { CrossIcon, SendIcon } from '../../ui/icons';
import { Modal } from '../../ui/Modal';
import { RichTextEditor, type RichTextEditorHandle } from '../../ui/RichTextEditor';
import { Spinner } from '../../ui/Spinner';
import { AttachmentsField } from './AttachmentsField';
import { CannedPicker } from './CannedPicker';
import { RecipientsField } from './RecipientsField';
import { SaveIndicator } from './SaveIndicator';
import { SendLater } from './SendLater';

const TITLES: Record<DraftKind, string> = { new: 'New mail', reply: 'Reply', 'reply-all': 'Reply all', forward: 'Forward' };

/** The first problem sendDraft reported at this field (e.g. ['to', 2] belongs to 'to'). */
function problemAt(problems: DraftProblem[], field: string): string | undefined {
  return problems.find((p) => p.path[0] === field)?.message;
}

const FIELDS = ['accountId', 'to', 'cc', 'bcc', 'subject', 'bodyHtml', 'attachments'];

/** Unknown or empty {{variables}} left in the subject or text, said before the agent presses Send. */
function leftoverVariables(view: ComposeView): string[] {
  const { draft, variables } = view;
  const subject = fillVariables(draft.subject, variables);
  const body = fillVariables(draft.bodyHtml, variables, { html: true });
  return variableProblems({ unknown: [...new Set([...subject.unknown, ...body.unknown])], empty: [...new Set([...subject.empty, ...body.empty])] });
}

/** "Ctrl+Shift+I" in the editor and anywhere in the composer. */
function isCannedKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'i';
}
function isSendKey(e: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return (e.ctrlKey || e.metaKey) && e.key === 'Enter';
}

function ComposeForm({ view }: { view: ComposeView }) {
  const { draft } = view;
  const store = useComposeStore();
  const editor = useRef<RichTextEditorHandle>(null);
  const [showCc, setShowCc] = useState(draft.cc.length > 0);
  const [showBcc, setShowBcc] = useState(draft.bcc.length > 0);
  const [cannedOpen, setCannedOpen] = useState(false);
  const account = view.fromChoices.find((a) => a.id === draft.accountId);
  const problems = store.problems;
  const general = problems.filter((p) => !FIELDS.includes(String(p.path[0])));
  const leftovers = leftoverVariables(view);
  const busy = store.sending;
  const addressed = draft.to.length > 0;

  // A reply opens with the caret where the agent writes, so a canned answer lands there too (To takes focus when empty).
  useEffect(() => {
    if (!addressed) return;
    const frame = requestAnimationFrame(() => editor.current?.focusWritingPlace());
    return () => cancelAnimationFrame(frame);
    // Once per draft opened, not on every edit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft.id]);

  const onKey = (e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; preventDefault(): void }): boolean => {
    if (isCannedKey(e)) {
      e.preventDefault();
      setCannedOpen(true);
      return true;
    }
    if (isSendKey(e)) {
      e.preventDefault();
      void store.send();
      return true;
    }
    return false;
  };

  return (
    <div
      className="dialog__panel compose"
      onKeyDown={(e) => {
        if (!cannedOpen) onKey(e);
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        // Files dropped outside the text are attachments (the editor places images dropped into it).
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        void store.addFiles(Array.from(e.dataTransfer.files));
      }}
    >
      <header className="dialog__header compose__header">
        <div className="dialog__heading">
          <h2 className="dialog__title" id="compose-title">
            {TITLES[draft.kind]}
          </h2>
          <SaveIndicator view={view} />
        </div>
        <button type="button" className="icon-button" aria-label="Close and keep the draft" title="Close and keep the draft (Esc)" onClick={() => void store.close()}>
          <CrossIcon size={16} />
        </button>
      </header>

      <div className="dialog__body compose__body">
        {store.saveError && store.saveState === 'failed' && <ErrorBox title="The draft was not saved" error={store.saveError} testId="compose-save-error" />}
        {store.sendError && <ErrorBox title="The mail was not queued" error={store.sendError} testId="compose-send-error" />}
        {general.length > 0 && (
          <div className="error-box" role="alert" data-testid="compose-problems">
            <p className="error-box__title">Fix this before sending</p>
            <ul className="compose__problem-list">
              {general.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          </div>
        )}
        {store.collision && <CollisionPanel />}

        <div className={`field compose__from${problemAt(problems, 'accountId') ? ' field--invalid' : ''}`}>
          <div className="compose-recipients__row">
            <label className="compose-recipients__label" htmlFor="compose-from">
              From
            </label>
            <select
              id="compose-from"
              className="input select compose__from-select"
              data-testid="compose-from"
              value={draft.accountId}
              disabled={view.fromChoices.length < 2}
              onChange={(e) => store.edit({ accountId: e.target.value })}
            >
              {view.fromChoices.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.senderName ? `${a.senderName} <${a.email}>` : a.email} · {a.key || a.name}
                </option>
              ))}
            </select>
          </div>
          {problemAt(problems, 'accountId') && (
            <p className="field__error" role="alert">
              {problemAt(problems, 'accountId')}
            </p>
          )}
        </div>

        <RecipientsField label="To" name="to" value={draft.to} error={problemAt(problems, 'to')} autoFocus={draft.to.length === 0} onChange={(to) => store.edit({ to })} />
        {showCc && <RecipientsField label="Cc" name="cc" value={draft.cc} error={problemAt(problems, 'cc')} onChange={(cc) => store.edit({ cc })} />}
        {showBcc && <RecipientsField label="Bcc" name="bcc" value={draft.bcc} error={problemAt(problems, 'bcc')} onChange={(bcc) => store.edit({ bcc })} />}
        {(!showCc || !showBcc) && (
          <div className="compose__add-fields">
            {!showCc && (
              <button type="button" className="link-button" data-testid="compose-show-cc" onClick={() => setShowCc(true)}>
                Add Cc
              </button>
            )}
            {!showBcc && (
              <button type="button" className="link-button" data-testid="compose-show-bcc" onClick={() => setShowBcc(true)}>
                Add Bcc
              </button>
            )}
          </div>
        )}

        <div className={`field compose__subject${problemAt(problems, 'subject') ? ' field--invalid' : ''}`}>
          <div className="compose-recipients__row">
            <label className="compose-recipients__label" htmlFor="compose-subject">
              Subject
            </label>
            <input
              id="compose-subject"
              className="compose-recipients__input"
              data-testid="compose-subject"
              value={draft.subject}
              placeholder="What is it about?"
              aria-invalid={problemAt(problems, 'subject') ? true : undefined}
              onChange={(e) => store.edit({ subject: e.target.value })}
            />
          </div>
          {problemAt(problems, 'subject') && (
            <p className="field__error" role="alert">
              {problemAt(problems, 'subject')}
            </p>
          )}
        </div>

        <RichTextEditor
          ref={editor}
          label="Message"
          testId="compose-editor"
          value={draft.bodyHtml}
          placeholder="Write your reply. Ctrl+Shift+I inserts a canned answer; Ctrl+Enter sends."
          error={problemAt(problems, 'bodyHtml')}
          maxImageBytes={account ? Math.min(account.maxMessageBytes, 5 * 1024 * 1024) : undefined}
          onChange={(bodyHtml) => store.edit({ bodyHtml })}
          onFiles={(files) => void store.addFiles(files)}
          onKeyDown={(e) => onKey(e)}
          toolbarExtra={
            <button
              type="button"
              className="button button--small button--ghost"
              data-testid="canned-open"
              aria-keyshortcuts="Control+Shift+I"
              title="Insert a canned answer (Ctrl+Shift+I)"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => setCannedOpen(true)}
            >
              Canned answer
            </button>
          }
        />
        {leftovers.length > 0 && (
          <ul className="compose__variables" data-testid="compose-variable-problems" aria-label="Variables to fix before sending">
            {leftovers.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        )}

        <AttachmentsField view={view} error={problemAt(problems, 'attachments')} />
      </div>

      <footer className="dialog__footer compose__footer">
        <button type="button" className="button button--ghost compose__discard" data-testid="compose-discard" onClick={() => void store.discard()}>
          Discard draft
        </button>
        <SendLater disabled={busy} onSchedule={(at) => void store.send({ scheduleAt: at })} />
        <button type="button" className="button button--primary" data-testid="compose-send" aria-keyshortcuts="Control+Enter" title="Send (Ctrl+Enter)" disabled={busy} onClick={() => void store.send()}>
          {busy ? <Spinner size={13} /> : <SendIcon size={14} />}
          {busy ? 'Sending…' : 'Send'}
        </button>
      </footer>

      <CannedPicker
        open={cannedOpen}
        accountId={draft.accountId}
        onClose={() => {
          setCannedOpen(false);
          editor.current?.focus();
        }}
        onPick={(answer) => {
          setCannedOpen(false);
          editor.current?.insertHtml(fillVariables(answer.bodyHtml, view.variables, { html: true }).text);
        }}
      />
    </div>
  );
}

/** Someone replied, took or closed the ticket since the draft opened: what happened, and the agent's choice. */
function CollisionPanel() {
  const collision = useComposeStore((s) => s.collision);
  const store = useComposeStore.getState();
  if (!collision) return null;
  return (
    <div className="compose-collision" role="alert" data-testid="compose-collision">
      <p className="compose-collision__title">While you were writing, the ticket changed</p>
      {!collision.fresh && <p className="compose-collision__note">Mailroom could not reach the team log; this is what this computer knows.</p>}
      <ul className="compose-collision__events">
        {collision.events.map((e, i) => (
          <li key={i}>
            <strong>{e.author.name}</strong> {e.summary} <span className="compose-collision__when">{formatFullDate(e.at)}</span>
          </li>
        ))}
      </ul>
      <div className="compose-collision__actions">
        <button type="button" className="button button--small button--primary" data-testid="collision-send-anyway" onClick={() => void store.send({ ignoreCollision: true })}>
          Send anyway
        </button>
        <button type="button" className="button button--small button--secondary" data-testid="collision-back" onClick={() => void store.close()}>
          Back to the ticket
        </button>
      </div>
    </div>
  );
}

/** The composer: one draft at a time, over the page it was started from. */
export function Composer() {
  const view = useComposeStore((s) => s.view);
  return (
    <Modal open={view !== null} onClose={() => void useComposeStore.getState().close()} labelledBy="compose-title" className="compose-dialog" testId="composer">
      {view && <ComposeForm key={view.draft.id} view={view} />}
    </Modal>
  );
}
