import { useId, useState } from 'react';
import type { Recipient } from '../../../src-preload/contract';
import { CrossIcon } from '../../ui/icons';
import { mergeRecipients, parseRecipients, recipientLabel } from './recipients';

/**
 * To, Cc or Bcc: each address a chip, typed text becomes chips at a comma, Enter, Tab or on
 * leaving the box. What is not an address stays in the box with the problem under it.
 */
export function RecipientsField({
  label,
  name,
  value,
  error,
  autoFocus,
  onChange,
}: {
  label: string;
  name: 'to' | 'cc' | 'bcc';
  value: Recipient[];
  /** From sendDraft: the problem with this field, with the fix. */
  error?: string | undefined;
  autoFocus?: boolean;
  onChange(recipients: Recipient[]): void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const shown = problem ?? error;

  /** Turns the typed text into chips; false when something typed is not an address. */
  const commit = (typed: string): boolean => {
    const { recipients, problem: found, rest } = parseRecipients(typed);
    if (recipients.length > 0) onChange(mergeRecipients(value, recipients));
    setText(rest);
    setProblem(found);
    return found === null;
  };

  return (
    <div className={`field compose-recipients${shown ? ' field--invalid' : ''}`} data-testid={`compose-${name}`}>
      <div className="compose-recipients__row">
        <label className="compose-recipients__label" htmlFor={id}>
          {label}
        </label>
        <ul className="compose-recipients__chips" aria-label={`${label} recipients`}>
          {value.map((r, i) => (
            <li key={`${r.address}|${i}`} className="recipient-chip" data-testid="recipient-chip" data-address={r.address} title={recipientLabel(r)}>
              <span className="recipient-chip__text">{r.name || r.address}</span>
              <button
                type="button"
                className="recipient-chip__remove"
                aria-label={`Remove ${recipientLabel(r)} from ${label}`}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                <CrossIcon size={11} />
              </button>
            </li>
          ))}
          <li className="compose-recipients__input-item">
            <input
              id={id}
              className="compose-recipients__input"
              data-testid={`compose-${name}-input`}
              value={text}
              autoFocus={autoFocus}
              autoComplete="off"
              spellCheck={false}
              placeholder={value.length === 0 ? 'name@example.com' : ''}
              aria-invalid={shown ? true : undefined}
              aria-describedby={shown ? `${id}-problem` : undefined}
              onChange={(e) => {
                const typed = e.target.value;
                setProblem(null);
                // A separator typed or pasted: what comes before it becomes chips at once.
                if (/[,;\n]/.test(typed)) commit(typed);
                else setText(typed);
              }}
              onKeyDown={(e) => {
                if ((e.key === 'Enter' || e.key === 'Tab') && text.trim()) {
                  if (!commit(text) || e.key === 'Enter') e.preventDefault();
                } else if (e.key === 'Backspace' && !text && value.length > 0) {
                  onChange(value.slice(0, -1));
                }
              }}
              onBlur={() => {
                if (text.trim()) commit(text);
              }}
            />
          </li>
        </ul>
      </div>
      {shown && (
        <p className="field__error compose-recipients__problem" id={`${id}-problem`} role="alert">
          {shown}
        </p>
      )}
    </div>
  );
}
