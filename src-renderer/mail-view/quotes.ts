/**
 * Finds the quoted history and the signature at the end of a message, which the
 * reading pane folds behind "…" as Gmail does. Only a trailing run is folded: a
 * reply written between quotes stays as it is. Pure logic (strings, or any DOM
 * implementation for HTML), unit tested.
 */

export interface QuoteSplit {
  /** What the reader sees at first. */
  shown: string;
  /** The quoted history and/or signature behind "…"; empty when there is none. */
  folded: string;
}

/** "On Tue, 3 Mar 2026 at 10:02, Ana <ana@example.com> wrote:" and its usual translations. */
const ATTRIBUTION = [
  /^On\b.*\bwrote:$/i,
  /^Le\b.*\ba écrit ?:$/i,
  /^Am\b.*\bschrieb\b.*:$/i,
  /^El\b.*\bescribió:$/i,
  /^Il\b.*\bha scritto:$/i,
  /^Op\b.*\bschreef\b.*:$/i,
];

/** Outlook starts its plain-text history with one of these, and quotes nothing with '>'. */
const OUTLOOK_HISTORY = /^[ \t]*(?:-{3,}[ \t]*Original Message[ \t]*-{3,}|_{20,}\r?\n(?:From|Von|De|Da|Van):)/im;

/** RFC 3676's signature separator; many programs drop its trailing space. */
const SIGNATURE_SEPARATOR = /^-- ?$/;

/** A separator further up than this starts a section of the message, not a signature. */
const SIGNATURE_MAX_LINES = 20;

interface Line {
  start: number;
  text: string;
}

/** Lines ending at `end`, last first. Only the lines read are cut out, so a 10 MB body costs only its tail. */
function* linesBackward(text: string, end: number): Generator<Line> {
  let lineEnd = end;
  while (lineEnd > 0) {
    const newline = text.lastIndexOf('\n', lineEnd - 1);
    const start = newline + 1;
    yield { start, text: text.slice(start, lineEnd).replace(/\r$/, '') };
    lineEnd = newline;
  }
}

const isBlank = (line: string) => line.trim() === '';
const isAttribution = (line: string) => ATTRIBUTION.some((pattern) => pattern.test(line.trim()));

/** Where the trailing block of '>' lines (with its "On … wrote:" line) starts, or `end`. */
function trailingQuoteStart(text: string, end: number): number {
  let quoteStart = end;
  let above: Line | undefined;
  for (const line of linesBackward(text, end)) {
    if (line.text.startsWith('>')) quoteStart = line.start;
    else if (!isBlank(line.text)) {
      above = line;
      break;
    }
  }
  if (quoteStart === end || !above) return quoteStart;
  if (isAttribution(above.text)) return above.start;
  // The attribution a mail program wrapped into two lines.
  const previous = above.start > 0 ? linesBackward(text, above.start - 1).next().value : undefined;
  if (previous && isAttribution(`${previous.text} ${above.text}`)) return previous.start;
  return quoteStart;
}

/** Where a signature separator within the last lines before `end` starts, or `end`. */
function signatureStart(text: string, end: number): number {
  let count = 0;
  for (const line of linesBackward(text, end)) {
    if (SIGNATURE_SEPARATOR.test(line.text)) return line.start;
    count += 1;
    if (count > SIGNATURE_MAX_LINES) break;
  }
  return end;
}

/**
 * Splits a plain-text body into what is shown and the trailing history and
 * signature. A body that would show nothing is not split.
 */
export function splitQuotedText(text: string): QuoteSplit {
  const outlook = OUTLOOK_HISTORY.exec(text);
  let cut = outlook ? outlook.index : text.length;
  cut = trailingQuoteStart(text, cut);
  cut = signatureStart(text, cut);
  const shown = text.slice(0, cut).trimEnd();
  if (cut === text.length || shown.trim() === '') return { shown: text, folded: '' };
  return { shown, folded: text.slice(cut) };
}

/** Elements mail programs put quoted history and signatures in. */
const QUOTE_SELECTOR = [
  '.gmail_quote', // Gmail: attribution and blockquote
  '.gmail_signature',
  '[data-smartmail="gmail_signature"]',
  'blockquote', // Apple Mail, Thunderbird (type=cite) and most others
  '.moz-cite-prefix', // Thunderbird's "On … wrote:"
  '.moz-signature',
  '.yahoo_quoted',
  '#divRplyFwdMsg', // Outlook on the web: its header block, the history follows as siblings
  '#appendonsend',
].join(',');

/** Outlook's markers head the history: everything after them in their parent belongs to it. */
const HISTORY_HEAD_SELECTOR = '#divRplyFwdMsg, #appendonsend';

// NodeFilter's values, spelled out: DOMPurify's document has no window to read them from.
const SHOW_ELEMENT = 0x1;
const SHOW_TEXT = 0x4;
const FILTER_ACCEPT = 1;
const FILTER_REJECT = 2;
const TEXT_NODE = 3;

/** The attribute marking a folded element; the frame's CSS hides it until the reader asks. */
export const QUOTED_ATTRIBUTE = 'data-mailroom-quoted';

/**
 * The elements one quote container folds: the line breaks just before it (they would
 * leave a blank gap above "…") and, for Outlook's marker, its <hr> and all that follows.
 */
function foldedGroup(element: Element): Element[] {
  const group: Element[] = [];
  const head = element.matches(HISTORY_HEAD_SELECTOR) && element.previousElementSibling?.tagName === 'HR' ? element.previousElementSibling : element;
  for (let node = head.previousSibling; node; node = node.previousSibling) {
    if (node.nodeName === 'BR') group.unshift(node as Element);
    else if (node.nodeType !== TEXT_NODE || node.textContent?.trim()) break;
  }
  if (head !== element) group.push(head);
  if (!element.matches(HISTORY_HEAD_SELECTOR)) return [...group, element];
  for (let e: Element | null = element; e; e = e.nextElementSibling) group.push(e);
  return group;
}

/** Whether `root` shows anything (text or an image) outside the folded elements. */
function showsAnything(root: Node, folded: Set<Node>): boolean {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, SHOW_ELEMENT | SHOW_TEXT, {
    acceptNode: (node) => (folded.has(node) ? FILTER_REJECT : FILTER_ACCEPT),
  });
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === TEXT_NODE && node.textContent?.trim()) return true;
    if (node.nodeName === 'IMG') return true;
  }
  return false;
}

/** Whether anything after `element` in document order, within `root`, is shown. */
function followedByContent(element: Element, root: Element, folded: Set<Node>): boolean {
  for (let node: Node | null = element; node && node !== root; node = node.parentNode) {
    for (let next = node.nextSibling; next; next = next.nextSibling) {
      if (!folded.has(next) && showsAnything(next, folded)) return true;
    }
  }
  return false;
}

/**
 * Marks the trailing quoted history and signatures in a sanitized mail's body with
 * QUOTED_ATTRIBUTE. Returns how many groups were marked; none when folding would
 * leave the message empty.
 */
export function markQuotedHtml(body: Element): number {
  const outermost: Element[] = [];
  for (const element of Array.from(body.querySelectorAll(QUOTE_SELECTOR))) {
    if (!outermost.some((outer) => outer.contains(element))) outermost.push(element);
  }
  const folded = new Set<Node>();
  let groups = 0;
  // From the end: a quote is trailing when all that follows it is folded or empty.
  for (const element of outermost.reverse()) {
    const group = foldedGroup(element);
    const last = group[group.length - 1] ?? element;
    if (followedByContent(last, body, folded)) break;
    for (const e of group) folded.add(e);
    groups += 1;
  }
  if (groups === 0 || !showsAnything(body, folded)) return 0;
  for (const node of folded) (node as Element).setAttribute(QUOTED_ATTRIBUTE, '');
  return groups;
}
