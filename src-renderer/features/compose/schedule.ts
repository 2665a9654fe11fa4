/** The value a datetime-local input wants for a moment: local time, minutes. */
export function localInputValue(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Checks the chosen time: a time in the future, or the problem with the fix. */
export function scheduleProblem(value: string, now: number): { at: number } | { problem: string } {
  if (!value) return { problem: 'Pick the day and time to send it.' };
  const at = new Date(value).getTime();
  if (!Number.isFinite(at)) return { problem: 'Pick a day and time with the date picker, for example tomorrow at 09:00.' };
  if (at <= now) return { problem: `Pick a time in the future: it is ${new Date(now).toLocaleString()} now.` };
  return { at };
}
