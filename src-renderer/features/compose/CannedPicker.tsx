import { useEffect, useId, useState } from 'react';
import type { CannedAnswerView, ErrorInfo } from '../../../src-preload/contract';
import { bridge, toErrorInfo } from '../../lib/bridge';
import { ScopeLabel } from '../canned-answers/ScopeLabel';
import { ErrorBox } from '../../ui/ErrorBox';
import { Modal } from '../../ui/Modal';
import { Spinner } from '../../ui/Spinner';

/** A snippet of the answer's text for the list: tags dropped, spaces folded. */
function preview(html: string): string {
  const text = new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
  return text.replace(/\s+/g, ' ').trim().slice(0, 140);
}

/** General answers and the draft account's own, searchable; Enter or a click inserts one. */
function Picker({ accountId, onPick, onClose }: { accountId: string; onPick(answer: CannedAnswerView): void; onClose(): void }) {
  const [text, setText] = useState('');
  const [answers, setAnswers] = useState<CannedAnswerView[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [cursor, setCursor] = useState(0);
  const id = useId();

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      bridge()
        .listCanned({ accountId, text: text.trim() })
        .then(
          (list) => {
            if (!current) return;
            setAnswers(list);
            setError(null);
            setCursor(0);
          },
          (err: unknown) => current && setError(toErrorInfo(err)),
        );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [accountId, text]);

  const chosen = answers?.[cursor];
  return (
    <div className="dialog__panel canned-picker">
      <header className="dialog__header">
        <div className="dialog__heading">
          <h2 className="dialog__title" id="canned-picker-title">
            Insert a canned answer
          </h2>
          <p className="dialog__subtitle">Variables like {'{{customer.name}}'} are filled for this mail.</p>
        </div>
      </header>
      <div className="dialog__body">
        <label className="field__label" htmlFor={id}>
          Search answers
        </label>
        <input
          id={id}
          className="input"
          data-testid="canned-search"
          autoFocus
          value={text}
          placeholder="Title, shortcut or words of the text"
          role="combobox"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={chosen ? `${id}-${chosen.id}` : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            const count = answers?.length ?? 0;
            if (e.key === 'ArrowDown' && count) {
              e.preventDefault();
              setCursor((c) => (c + 1) % count);
            } else if (e.key === 'ArrowUp' && count) {
              e.preventDefault();
              setCursor((c) => (c - 1 + count) % count);
            } else if (e.key === 'Enter' && chosen) {
              e.preventDefault();
              onPick(chosen);
            }
          }}
        />
        {error && <ErrorBox title="The canned answers could not be listed" error={error} testId="canned-error" />}
        {!answers && !error && (
          <p className="canned-picker__loading">
            <Spinner size={13} /> Loading answers…
          </p>
        )}
        {answers && answers.length === 0 && (
          <p className="canned-picker__empty" data-testid="canned-empty">
            {text.trim()
              ? `No answer matches “${text.trim()}”: try another word of its title or text.`
              : 'No canned answers yet. Create them in Settings → Canned answers; they are shared with your team.'}
          </p>
        )}
        {answers && answers.length > 0 && (
          <ul className="canned-picker__list" id={`${id}-list`} role="listbox" aria-label="Canned answers">
            {answers.map((a, i) => (
              <li
                key={a.id}
                id={`${id}-${a.id}`}
                role="option"
                aria-selected={i === cursor}
                className={`canned-option${i === cursor ? ' canned-option--active' : ''}`}
                data-testid="canned-option"
                data-title={a.title}
                onMouseEnter={() => setCursor(i)}
                onClick={() => onPick(a)}
              >
                <span className="canned-option__top">
                  <span className="canned-option__title">{a.title}</span>
                  {a.shortcut && <code className="canned-option__shortcut">/{a.shortcut}</code>}
                  <ScopeLabel answer={a} />
                </span>
                <span className="canned-option__text">{preview(a.bodyHtml)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <footer className="dialog__footer">
        <button type="button" className="button button--secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" data-testid="canned-insert" disabled={!chosen} onClick={() => chosen && onPick(chosen)}>
          Insert
        </button>
      </footer>
    </div>
  );
}

export function CannedPicker({ open, accountId, onPick, onClose }: { open: boolean; accountId: string; onPick(answer: CannedAnswerView): void; onClose(): void }) {
  return (
    <Modal open={open} onClose={onClose} labelledBy="canned-picker-title" className="canned-picker-dialog" testId="canned-picker">
      <Picker accountId={accountId} onPick={onPick} onClose={onClose} />
    </Modal>
  );
}
