/** Accepts web and mail links; a bare "example.com/help" becomes https://example.com/help. */
export function normalizeLink(text: string): { href: string } | { problem: string } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'Enter the link’s address, for example https://example.com/help.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) ? `mailto:${trimmed}` : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: 'This is not a web address: write it like https://example.com/help.' };
  }
  if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return { problem: 'Links may start with https://, http:// or mailto: only.' };
  if (url.protocol !== 'mailto:' && !url.hostname.includes('.') && url.hostname !== 'localhost')
    return { problem: 'Add the full domain, for example https://example.com/help.' };
  return { href: url.href };
}
