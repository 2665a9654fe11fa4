import { useEffect, useId, useRef, useState } from 'react';
import { TicketActionSchema, type TicketDetail } from '../../../src-preload/contract';
import { useTicketsStore } from '../../stores/tickets';
import { Spinner } from '../../ui/Spinner';
import { refOf, useTicketActions } from './useTicketContext';

/** Adds an internal note (N): only the team sees it, never the customer. */
export function NoteComposer({ detail }: { detail: TicketDetail }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { inFlight } = useTicketActions(detail);
  const noteFocus = useTicketsStore((s) => s.noteFocus);
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const busy = inFlight === 'note';

  useEffect(() => {
    if (noteFocus > 0) {
      ref.current?.focus();
      ref.current?.scrollIntoView({ block: 'nearest' });
    }
  }, [noteFocus]);

  const submit = async () => {
    const parsed = TicketActionSchema.safeParse({ type: 'note', text });
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? 'This note cannot be added.');
    if (await useTicketsStore.getState().act(refOf(detail), parsed.data)) setText('');
  };

  return (
    <form
      className="note-composer"
      aria-label="Add an internal note"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="field__label note-composer__label" htmlFor={id}>
        Internal note
      </label>
      <textarea
        ref={ref}
        id={id}
        className="input textarea note-composer__input"
        data-testid="note-input"
        rows={3}
        value={text}
        placeholder="Only your team sees notes. Ctrl+Enter adds it."
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setProblem(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          } else if (e.key === 'Escape') {
            ref.current?.blur();
          }
        }}
      />
      {problem && (
        <p className="field__error" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
      <div className="note-composer__actions">
        <button type="submit" className="button button--small button--secondary" data-testid="note-submit" disabled={busy}>
          {busy && <Spinner size={12} />}
          {busy ? 'Adding…' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
