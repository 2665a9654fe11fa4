import { useEffect, useRef } from 'react';
import { CrossIcon } from './icons';

const DEBOUNCE_MS = 200;

interface SearchFieldProps {
  value: string;
  onChange: (text: string) => void;
  /** The trimmed text once typing pauses: where the search runs. */
  onSettle: (text: string) => void;
  label: string;
  placeholder: string;
  testId: string;
  inputClassName: string;
  id?: string;
  keyShortcuts?: string;
}

/** A search-as-you-type box: Esc clears it (or leaves it when empty), Enter leaves it, and a button clears it. */
export function SearchField({ value, onChange, onSettle, label, placeholder, testId, inputClassName, id, keyShortcuts }: SearchFieldProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const settle = useRef(onSettle);
  useEffect(() => {
    settle.current = onSettle;
  });

  useEffect(() => {
    const timer = setTimeout(() => settle.current(value.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);

  return (
    <div className="search-box" role="search">
      <input
        ref={inputRef}
        id={id}
        type="search"
        className={`search-box__input ${inputClassName}`}
        data-testid={testId}
        placeholder={placeholder}
        aria-label={label}
        aria-keyshortcuts={keyShortcuts}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          } else if (e.key === 'Escape' || e.key === 'Enter') {
            inputRef.current?.blur();
          }
        }}
      />
      {value && (
        <button type="button" className="search-box__clear" aria-label="Clear search" onClick={() => onChange('')}>
          <CrossIcon size={12} />
        </button>
      )}
    </div>
  );
}
