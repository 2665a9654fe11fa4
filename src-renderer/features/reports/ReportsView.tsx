/** Foundation placeholder: part E replaces it with the reports view. */
export function ReportsView() {
  return <section className="main" aria-label="Reports" />;
}
