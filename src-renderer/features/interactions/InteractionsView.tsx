/** Foundation placeholder: part A2 replaces it with the interactions list. */
export function InteractionsView() {
  return <section className="main" aria-label="Interactions" />;
}
