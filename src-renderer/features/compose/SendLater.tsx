import { useId, useState } from 'react';
import { localInputValue, scheduleProblem } from './schedule';

/** "Send later": a date and time, checked, then the mail waits in the outbox until then. */
export function SendLater({ disabled, onSchedule }: { disabled: boolean; onSchedule(at: number): void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  if (!open) {
    return (
      <button
        type="button"
        className="button button--secondary"
        data-testid="compose-send-later"
        disabled={disabled}
        onClick={() => {
          setValue(localInputValue(Date.now() + 60 * 60 * 1000));
          setOpen(true);
        }}
      >
        Send later…
      </button>
    );
  }
  const schedule = () => {
    const result = scheduleProblem(value, Date.now());
    if ('problem' in result) setProblem(result.problem);
    else onSchedule(result.at);
  };
  return (
    <div className={`send-later${problem ? ' field--invalid' : ''}`} role="group" aria-label="Send later">
      <label className="send-later__label" htmlFor={id}>
        Send at
      </label>
      <input
        id={id}
        type="datetime-local"
        className="input send-later__input"
        data-testid="compose-schedule-at"
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setProblem(null);
        }}
      />
      <button type="button" className="button button--secondary" data-testid="compose-schedule" disabled={disabled} onClick={schedule}>
        Schedule
      </button>
      <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {problem && (
        <p className="field__error send-later__problem" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
