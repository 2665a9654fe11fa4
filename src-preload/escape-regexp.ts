/**
 * A text as a regular expression that matches it literally. Pure, so main (ticket tokens,
 * reply prefixes, the team log's folder names) and the renderer (search marks) escape the
 * same way.
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
