/**
 * Marks the active search's matches in a sanitized mail's DOM, before it goes into the
 * frame: each text node is split around its matches and each match wrapped in <mark>.
 * Only text nodes are touched, so no markup of the mail's own is built or changed.
 * Pure DOM, for any DOM implementation.
 */

/** The class of the marks, styled by the frame's base CSS (sanitize.ts). */
export const SEARCH_HIT_CLASS = 'mailroom-search-hit';

/** Elements whose text is not shown as text. */
const SKIP = new Set(['STYLE', 'SCRIPT', 'NOSCRIPT', 'TEMPLATE', 'TITLE', 'TEXTAREA']);

/** The most marks put in one mail: past that, marks add nothing but work. */
const MAX_MARKS = 2000;

/** Wraps every match of `pattern` (a global RegExp) in the text under `root`; answers how many. */
export function markMatches(root: Element, pattern: RegExp): number {
  const doc = root.ownerDocument;
  const texts: Text[] = [];
  // NodeFilter.SHOW_TEXT; the constant is not on every DOM implementation's global.
  const walker = doc.createTreeWalker(root, 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!SKIP.has(node.parentElement?.tagName ?? '')) texts.push(node as Text);
  }
  let marks = 0;
  for (const text of texts) {
    const value = text.data;
    const matches = [...value.matchAll(pattern)].filter((m) => m[0] !== '');
    if (matches.length === 0) continue;
    const pieces = doc.createDocumentFragment();
    let at = 0;
    for (const m of matches) {
      if (marks >= MAX_MARKS) break;
      if (m.index > at) pieces.appendChild(doc.createTextNode(value.slice(at, m.index)));
      const mark = doc.createElement('mark');
      mark.className = SEARCH_HIT_CLASS;
      mark.textContent = m[0];
      pieces.appendChild(mark);
      at = m.index + m[0].length;
      marks += 1;
    }
    pieces.appendChild(doc.createTextNode(value.slice(at)));
    text.replaceWith(pieces);
    if (marks >= MAX_MARKS) break;
  }
  return marks;
}
