/**
 * Keys as the command registry names them: KeyboardEvent.key values ('j', 'T' for
 * Shift+T, '#', '?', 'Enter'), a chord as a sequence (['g', 'i']), and 'Mod+k' for
 * Ctrl+K (Cmd+K on a Mac). Pure apart from the platform check, so the registry's
 * no-key-twice test runs without a page.
 */

/** Ctrl+K everywhere, Cmd+K on a Mac: the palette's key, the only one with a modifier. */
export const PALETTE_KEY = 'Mod+k';

const isMac = (): boolean => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

const NAMED: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', Enter: 'Enter', Escape: 'Esc' };

/** How one key is printed on a <kbd>: 'j' → ['J'], 'T' → ['Shift', 'T'], 'Mod+k' → ['Ctrl', 'K']. */
export function keyCaps(key: string): string[] {
  if (key === PALETTE_KEY) return [isMac() ? '⌘' : 'Ctrl', 'K'];
  if (NAMED[key]) return [NAMED[key]];
  if (/^[a-z]$/.test(key)) return [key.toUpperCase()];
  if (/^[A-Z]$/.test(key)) return ['Shift', key];
  return [key];
}

/** A key sequence in words, for tooltips and aria-keyshortcuts: ['g', 'i'] → 'G then I', 'T' → 'Shift+T'. */
export function sequenceLabel(keys: readonly string[]): string {
  return keys.map((k) => keyCaps(k).join('+')).join(' then ');
}

/** The same for aria-keyshortcuts (WAI-ARIA: a chord's keys separated by spaces). */
export function ariaKeys(keys: readonly string[]): string {
  return keys.map((k) => (k === PALETTE_KEY ? (isMac() ? 'Meta+K' : 'Control+K') : keyCaps(k).join('+'))).join(' ');
}

export function isPaletteKey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
}

/**
 * Whether a key press is for the app's shortcuts: not while the agent types in a
 * field or a dialog is open, not with a modifier, and Enter on a control stays there.
 */
export function keyIsForShortcuts(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return false;
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], dialog')) return false;
  if (document.querySelector('dialog[open]')) return false;
  // Enter on a button or link belongs to that control.
  if (event.key === 'Enter' && target?.closest('button, a, summary')) return false;
  return true;
}
