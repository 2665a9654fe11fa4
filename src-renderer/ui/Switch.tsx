/** An on/off switch: a checkbox with role="switch", so screen readers say "on" and "off". */
export function Switch({
  checked,
  label,
  disabled,
  busy,
  testId,
  onChange,
}: {
  checked: boolean;
  /** Read out and shown as the tooltip. */
  label: string;
  disabled?: boolean;
  busy?: boolean;
  testId?: string;
  onChange(checked: boolean): void;
}) {
  return (
    <label className={`switch${busy ? ' switch--busy' : ''}`} title={label}>
      <input
        type="checkbox"
        role="switch"
        className="switch__input"
        checked={checked}
        disabled={disabled || busy}
        aria-label={label}
        aria-busy={busy || undefined}
        data-testid={testId}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="switch__track" aria-hidden="true">
        <span className="switch__thumb" />
      </span>
    </label>
  );
}
