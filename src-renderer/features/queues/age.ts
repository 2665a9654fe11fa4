/** How long ago, in the fewest characters a list column can hold: "now", "5 min", "3 h", "2 d", "6 w", "1 y". */
export function formatAge(sinceMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - sinceMs) / 1000));
  if (seconds < 60) return 'now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days} d`;
  if (days < 365) return `${Math.floor(days / 7)} w`;
  return `${Math.floor(days / 365)} y`;
}
