/**
 * Variables in what agents write and admins set up ({{agent.name}}, {{customer.email}},
 * {{ticket.token}} …) and the reply's HTML assembly (greeting, text, signature inside the
 * account's template). Pure string work shared by main (what is sent), the compose editor
 * (what is flagged before sending) and the account form's preview.
 */

/** Every variable Mailroom fills, by name, with the label the pickers show. */
export const VARIABLES = {
  'agent.name': 'Agent name',
  'agent.email': 'Agent email',
  'agent.phone': 'Agent phone',
  'agent.mobile': 'Agent mobile',
  'agent.fax': 'Agent fax',
  'customer.name': 'Customer name',
  'customer.email': 'Customer email',
  'ticket.number': 'Ticket number',
  'ticket.token': 'Ticket token',
  'ticket.subject': 'Ticket subject',
  'account.name': 'Account name',
  'account.email': 'Account address',
  date: 'Today’s date',
} as const;

export type VariableName = keyof typeof VARIABLES;
/** The values at hand: a variable missing here is "unknown in this context" (no ticket for a new mail, say). */
export type VariableValues = Partial<Record<VariableName, string>>;

/** {{date}} as every mail writes it, e.g. "December 2, 2026". */
export function dateValue(epochMs: number): string {
  return new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(new Date(epochMs));
}

export interface FilledText {
  text: string;
  /** Names written in {{…}} that Mailroom does not know (a typo): left as written. */
  unknown: string[];
  /** Known variables without a value here (no customer name, no ticket): replaced by nothing. */
  empty: VariableName[];
}

const VARIABLE = /\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g;

function isVariableName(name: string): name is VariableName {
  return Object.hasOwn(VARIABLES, name);
}

/**
 * Puts the values where the variables are. {{body}} is the template's slot, not a
 * variable: it is left alone. With `html`, values are escaped (they land in HTML).
 */
export function fillVariables(text: string, values: VariableValues, options: { html?: boolean } = {}): FilledText {
  return fillNamed(text, isVariableName, values, { ...options, slots: ['body'] });
}

/**
 * The filling itself, for any set of names (fillVariables' set, or a smaller one of
 * its own like the notification templates'). `slots` are left alone, as written.
 */
export function fillNamed<N extends string>(
  text: string,
  known: (name: string) => name is N,
  values: Partial<Record<N, string>>,
  options: { html?: boolean; slots?: readonly string[] } = {},
): { text: string; unknown: string[]; empty: N[] } {
  const unknown = new Set<string>();
  const empty = new Set<N>();
  const filled = text.replace(VARIABLE, (whole, name: string) => {
    if (options.slots?.includes(name)) return whole;
    if (!known(name)) {
      unknown.add(name);
      return whole;
    }
    const value = values[name] ?? '';
    if (!value.trim()) empty.add(name);
    return options.html ? escapeHtml(value) : value;
  });
  return { text: filled, unknown: [...unknown], empty: [...empty] };
}

/** In words for the editor and the send check, e.g. "{{customer.name}} is empty; {{agnet.name}} is not a variable." */
export function variableProblems(filled: Pick<FilledText, 'unknown' | 'empty'>): string[] {
  return [
    ...filled.unknown.map((name) => `{{${name}}} is not a variable: check the spelling (for example {{customer.name}}).`),
    ...filled.empty.map((name) => `{{${name}}} (${VARIABLES[name].toLowerCase()}) has no value here: write the text yourself or remove it.`),
  ];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Text stays text (line breaks kept); something that already is HTML is used as written. */
export function asHtml(text: string): string {
  if (/<[a-z][\s\S]*>/i.test(text)) return text;
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

export interface IdentityParts {
  greeting: string;
  signature: string;
  htmlTemplate: string;
}

/**
 * The whole HTML of a mail: greeting, the agent's text (already HTML), signature, all in
 * the account's template (its {{body}} slot). Variables are filled everywhere but in the
 * agent's text, which the editor filled and checked already.
 */
export function assembleHtml(parts: IdentityParts, bodyHtml: string, values: VariableValues): FilledText {
  const unknown = new Set<string>();
  const empty = new Set<VariableName>();
  const fill = (text: string) => {
    const filled = fillVariables(text, values, { html: true });
    filled.unknown.forEach((n) => unknown.add(n));
    filled.empty.forEach((n) => empty.add(n));
    return filled.text;
  };
  const blocks: string[] = [];
  if (parts.greeting.trim()) blocks.push(`<p>${fill(asHtml(parts.greeting))}</p>`);
  blocks.push(bodyHtml);
  if (parts.signature.trim()) blocks.push(`<div class="mr-signature">${fill(asHtml(parts.signature))}</div>`);
  const body = blocks.join('\n');
  const template = parts.htmlTemplate.trim();
  const text =
    template && template.includes('{{body}}')
      ? fill(template).split('{{body}}').join(body)
      : `<!doctype html><html><head><meta charset="utf-8"><style>.mr-signature{margin-top:16px;color:#48515c}</style></head><body>${body}</body></html>`;
  return { text, unknown: [...unknown], empty: [...empty] };
}
