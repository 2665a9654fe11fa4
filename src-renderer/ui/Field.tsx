import { useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { EyeIcon, EyeOffIcon } from './icons';

interface FieldShellProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
  children: (ids: { inputId: string; describedBy: string | undefined }) => ReactNode;
}

/** Label, control, and under it either the problem (with the fix) or a hint. */
export function FieldShell({ label, error, hint, className, children }: FieldShellProps) {
  const inputId = useId();
  const messageId = `${inputId}-message`;
  const describedBy = error || hint ? messageId : undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
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

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: string;
  name: string;
  value: string;
  error?: string | undefined;
  hint?: ReactNode;
  fieldClassName?: string;
  onValue(value: string): void;
};

export function TextField({ label, error, hint, fieldClassName, onValue, type, ...input }: TextFieldProps) {
  const [reveal, setReveal] = useState(false);
  const isPassword = type === 'password';
  return (
    <FieldShell label={label} error={error} hint={hint} className={fieldClassName}>
      {({ inputId, describedBy }) => (
        <div className={isPassword ? 'field__control field__control--with-button' : 'field__control'}>
          <input
            {...input}
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
  disabled,
  fieldClassName,
  onValue,
  onBlur,
}: {
  label: string;
  name: string;
  value: V;
  options: { value: V; label: string }[];
  error?: string | undefined;
  disabled?: boolean;
  fieldClassName?: string;
  onValue(value: V): void;
  onBlur?(): void;
}) {
  return (
    <FieldShell label={label} error={error} className={fieldClassName}>
      {({ inputId, describedBy }) => (
        <div className="field__control">
          <select
            id={inputId}
            name={name}
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
