import { useId, useState, type InputHTMLAttributes, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react';
import { EyeIcon, EyeOffIcon } from './icons';

interface FieldShellProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  aside?: ReactNode;
  children: (ids: { inputId: string; describedBy: string | undefined }) => ReactNode;
}

/** Label, control, and under it either the problem (with the fix) or a hint. */
export function FieldShell({ label, error, hint, className, aside, children }: FieldShellProps) {
  const inputId = useId();
  const messageId = `${inputId}-message`;
  const describedBy = error || hint ? messageId : undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      {aside ? (
        <div className="field__label-row">
          <label className="field__label" htmlFor={inputId}>
            {label}
          </label>
          {aside}
        </div>
      ) : (
        <label className="field__label" htmlFor={inputId}>
          {label}
        </label>
      )}
      {children({ inputId, describedBy })}
      {error ? (
        <p className="field__error" id={messageId} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field__hint" id={messageId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** What the text and textarea fields share besides their element's own attributes. */
interface TextInputProps {
  label: string;
  name: string;
  value: string;
  error?: string | undefined;
  hint?: ReactNode;
  fieldClassName?: string;
  /** Something to show at the right of the label (for example insertable chips). */
  aside?: ReactNode;
  onValue(value: string): void;
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & TextInputProps & { ref?: Ref<HTMLInputElement> };

export function TextField({ label, error, hint, fieldClassName, aside, onValue, type, ref, ...input }: TextFieldProps) {
  const [reveal, setReveal] = useState(false);
  const isPassword = type === 'password';
  return (
    <FieldShell label={label} error={error} hint={hint} className={fieldClassName} aside={aside}>
      {({ inputId, describedBy }) => (
        <div className={isPassword ? 'field__control field__control--with-button' : 'field__control'}>
          <input
            {...input}
            ref={ref}
            id={inputId}
            type={isPassword && reveal ? 'text' : (type ?? 'text')}
            className="input"
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => onValue(e.target.value)}
          />
          {isPassword && (
            <button
              type="button"
              className="field__reveal"
              onClick={() => setReveal((r) => !r)}
              aria-label={reveal ? 'Hide password' : 'Show password'}
              title={reveal ? 'Hide password' : 'Show password'}
            >
              {reveal ? <EyeOffIcon size={15} /> : <EyeIcon size={15} />}
            </button>
          )}
        </div>
      )}
    </FieldShell>
  );
}

export function SelectField<V extends string>({
  label,
  name,
  value,
  options,
  error,
  hint,
  disabled,
  fieldClassName,
  testId,
  onValue,
  onBlur,
}: {
  label: string;
  name: string;
  value: V;
  options: { value: V; label: string }[];
  error?: string | undefined;
  hint?: ReactNode;
  testId?: string;
  disabled?: boolean;
  fieldClassName?: string;
  onValue(value: V): void;
  onBlur?(): void;
}) {
  return (
    <FieldShell label={label} error={error} hint={hint} className={fieldClassName}>
      {({ inputId, describedBy }) => (
        <div className="field__control">
          <select
            id={inputId}
            name={name}
            data-testid={testId}
            className="input select"
            value={value}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => onValue(e.target.value as V)}
            onBlur={onBlur}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
    </FieldShell>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> & TextInputProps & { ref?: Ref<HTMLTextAreaElement> };

export function TextAreaField({ label, error, hint, fieldClassName, aside, onValue, ref, className, ...input }: TextAreaFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} className={fieldClassName} aside={aside}>
      {({ inputId, describedBy }) => (
        <div className="field__control">
          <textarea
            {...input}
            ref={ref}
            id={inputId}
            className={`input textarea${className ? ` ${className}` : ''}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => onValue(e.target.value)}
          />
        </div>
      )}
    </FieldShell>
  );
}

/** A checkbox with its label beside it and an optional line of explanation under it. */
export function CheckboxField({
  name,
  label,
  checked,
  hint,
  error,
  disabled,
  testId,
  onValue,
}: {
  name: string;
  label: ReactNode;
  checked: boolean;
  hint?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
  testId?: string;
  onValue(value: boolean): void;
}) {
  const id = useId();
  return (
    <div className={`check-field${error ? ' check-field--invalid' : ''}`} data-testid={testId}>
      <input
        id={id}
        type="checkbox"
        className="checkbox"
        name={name}
        checked={checked}
        disabled={disabled}
        aria-describedby={hint || error ? `${id}-hint` : undefined}
        onChange={(e) => onValue(e.target.checked)}
      />
      <div className="check-field__text">
        <label htmlFor={id} className="check-field__label">
          {label}
        </label>
        {error ? (
          <p id={`${id}-hint`} className="field__error" role="alert">
            {error}
          </p>
        ) : hint ? (
          <p id={`${id}-hint`} className="check-field__hint">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** Radio buttons as a list of choices, each with an optional explanation. */
export function RadioGroupField<V extends string>({
  name,
  label,
  value,
  options,
  error,
  disabled,
  layout = 'stack',
  onValue,
}: {
  name: string;
  label: string;
  value: V;
  options: { value: V; label: ReactNode; hint?: ReactNode }[];
  error?: string | undefined;
  disabled?: boolean;
  layout?: 'stack' | 'inline';
  onValue(value: V): void;
}) {
  const id = useId();
  return (
    <fieldset className={`radio-group radio-group--${layout}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field__label">{label}</legend>
      <div className="radio-group__options">
        {options.map((o) => (
          <label key={o.value} className={`radio${value === o.value ? ' radio--checked' : ''}`}>
            <input type="radio" name={name} value={o.value} checked={value === o.value} disabled={disabled} onChange={() => onValue(o.value)} />
            <span className="radio__text">
              <span className="radio__label">{o.label}</span>
              {o.hint && <span className="radio__hint">{o.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
