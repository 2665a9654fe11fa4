/** Gmail's "…": shows or hides a message's quoted history and signature. */
export function QuoteToggle({ shown, onToggle }: { shown: boolean; onToggle: () => void }) {
  const label = shown ? 'Hide quoted text' : 'Show quoted text';
  return (
    <button type="button" className="mv-quote-toggle" aria-label={label} title={label} aria-expanded={shown} data-testid="quote-toggle" onClick={onToggle}>
      …
    </button>
  );
}
