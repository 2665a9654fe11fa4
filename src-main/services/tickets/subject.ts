/**
 * Subjects as mail clients around the world write them: reply and forward prefixes,
 * mailing-list tags, and the ticket token Mailroom puts in what it sends
 * ([#MR-1042]). Threading never joins mail by subject (threading.ts); the subject
 * gives the token, tells a forward from a reply, and a clean title for the ticket.
 */
import { escapeRegExp } from '../../../src-preload/escape-regexp';

/** Reply prefixes (the outermost one of a subject says what the mail is). Compared case-insensitively. */
const REPLY_PREFIXES = [
  're', // English and most clients, also Japanese and Korean ones
  'aw', // German (Antwort)
  'antw', // Dutch, German
  'antwort',
  'sv', // Swedish, Danish, Norwegian (svar)
  'r', // Italian Outlook (risposta)
  'rif', // Italian (riferimento)
  'réf', // French
  'rép', // French (réponse)
  'res', // Portuguese (resposta)
  'odp', // Polish
  'odg', // Croatian, Slovenian
  'ynt', // Turkish (yanıt)
  'vá', // Hungarian (válasz)
  'απ', // Greek (απάντηση)
  'σχετ', // Greek (σχετικά)
  'ответ', // Russian
  'отв',
  '回复', // Chinese (simplified)
  '答复',
  '回覆', // Chinese (traditional)
  '返信', // Japanese
  '답장', // Korean
];

/**
 * Forward prefixes. "VS" is a reply in Finnish but a forward in Danish and Norwegian
 * Outlook, which write it far more often; it counts as a forward.
 */
const FORWARD_PREFIXES = [
  'fwd',
  'fw',
  'wg', // German (weitergeleitet)
  'doorst', // Dutch (doorgestuurd)
  'i', // Italian Outlook (inoltrato)
  'tr', // French (transféré)
  'enc', // Portuguese (encaminhado)
  'rv', // Spanish (reenviado)
  'pd', // Polish (przekazanie dalej)
  'vl', // Finnish (välitetty)
  'vb', // Swedish (vidarebefordrat)
  'vs', // Danish, Norwegian (videresendt)
  'πρθ', // Greek (προώθηση)
  'пересл', // Russian
  '转发', // Chinese (simplified)
  '轉寄', // Chinese (traditional)
  '転送', // Japanese
  '전달', // Korean
];

const KIND = new Map<string, 'reply' | 'forward'>([
  ...REPLY_PREFIXES.map((p) => [p, 'reply'] as const),
  ...FORWARD_PREFIXES.map((p) => [p, 'forward'] as const),
]);

/**
 * One element at the start of a subject: a prefix with its colon (ASCII or
 * full-width, a space before it as French clients write, a count like Re[2]: or
 * Re^2: or Re(2):), or a bracketed tag such as a mailing list's [users].
 * Longest alternatives first, so "antwort" is not read as "antw" + "ort".
 */
const ELEMENT = new RegExp(
  `^\\s*(?:(${[...KIND.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})\\s*(?:\\[\\d+\\]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]|\\[[^\\[\\]]*\\])`,
  'iu',
);

interface Prefixes {
  /** Reply or forward, outermost first. */
  kinds: ('reply' | 'forward')[];
  /** Where the subject proper starts: after the last prefix (a tag after it belongs to the subject). */
  end: number;
}

function leadingPrefixes(subject: string): Prefixes {
  const kinds: Prefixes['kinds'] = [];
  let pos = 0;
  let end = 0;
  for (;;) {
    const match = ELEMENT.exec(subject.slice(pos));
    if (!match) break;
    pos += match[0].length;
    if (match[1] !== undefined) {
      kinds.push(KIND.get(match[1].toLowerCase())!);
      end = pos;
    }
  }
  return { kinds, end };
}

/**
 * The subject without its reply and forward prefixes, repeated or counted ones
 * included, and without list tags in front of them: "[users] AW: Re[2]: SV: Offer"
 * is "Offer". A tag with no prefix after it is part of the subject ("[URGENT] Server down").
 */
export function stripPrefixes(subject: string): string {
  return subject.slice(leadingPrefixes(subject).end).trim();
}

/** The mail forwards another one: its outermost prefix is a forward ("Fwd: Re: …", not "Re: Fwd: …"). */
export function isForward(subject: string): boolean {
  return leadingPrefixes(subject).kinds[0] === 'forward';
}

/** A ticket token found in a subject: its number and how the ticket is named ("MR-1042"). */
export interface TicketToken {
  number: number;
  token: string;
}

/**
 * The token only counts inside square brackets, where Mailroom writes it and other
 * clients keep it ("[#MR-1042]", "[Ticket #MR-1042]", "[MR-1042]"): a customer
 * who writes "about MR-1042" in free text has not replied to that ticket.
 */
function tokenPattern(prefix: string, flags: string): RegExp {
  return new RegExp(`\\[[^\\[\\]]*?(?<![\\p{L}\\p{N}])#?${escapeRegExp(prefix)}-(\\d{1,9})(?!\\d)[^\\[\\]]*\\]`, flags);
}

/** The first ticket token of the account's prefix in the subject, case-insensitively; null when none. */
export function findToken(subject: string, prefix: string): TicketToken | null {
  const match = tokenPattern(prefix, 'iu').exec(subject);
  if (!match) return null;
  const number = Number(match[1]);
  return { number, token: `${prefix}-${number}` };
}

/** The title a new ticket gets: no prefixes, no token of the account's prefix, single spaces. */
export function ticketSubject(subject: string, prefix: string): string {
  return stripPrefixes(subject).replace(tokenPattern(prefix, 'giu'), ' ').replace(/\s+/g, ' ').trim();
}
