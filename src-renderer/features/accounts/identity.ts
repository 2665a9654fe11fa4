/**
 * What an agent's reply looks like with this account's sending identity:
 * greeting, the agent's text, signature, all inside the HTML template. Pure
 * string work; the caller sanitizes the result like any received email.
 */

export const AGENT_VARIABLES = [
  { token: '{{agent.name}}', label: 'Name' },
  { token: '{{agent.phone}}', label: 'Phone' },
  { token: '{{agent.mobile}}', label: 'Mobile' },
  { token: '{{agent.email}}', label: 'Email' },
  { token: '{{agent.fax}}', label: 'Fax' },
] as const;

export interface SampleAgent {
  name: string;
  phone: string;
  mobile: string;
  email: string;
  fax: string;
}

export function sampleAgent(domain: string | null): SampleAgent {
  return {
    name: 'Alex Morgan',
    phone: '+1 555 0100',
    mobile: '+1 555 0199',
    email: `alex.morgan@${domain ?? 'example.com'}`,
    fax: '+1 555 0101',
  };
}

export const SAMPLE_BODY =
  'Thanks for getting in touch. Your order left our warehouse this morning and should reach you within three working days. ' +
  'You can follow it with the tracking link in your account.';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const VARIABLE = /\{\{\s*agent\.(name|phone|mobile|email|fax)\s*\}\}/g;

/** Puts the sample agent's details where the variables are; values are escaped, they land in HTML. */
export function fillVariables(text: string, agent: SampleAgent): string {
  return text.replace(VARIABLE, (_whole, key: keyof SampleAgent) => escapeHtml(agent[key]));
}

/** Text stays text (line breaks kept); something that already is HTML is used as written. */
function asHtml(text: string): string {
  if (/<[a-z][\s\S]*>/i.test(text)) return text;
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

export interface IdentityParts {
  greeting: string;
  signature: string;
  htmlTemplate: string;
}

export function buildReplyHtml(parts: IdentityParts, agent: SampleAgent): string {
  const render = (text: string) => fillVariables(asHtml(text), agent);
  const blocks: string[] = [];
  if (parts.greeting.trim()) blocks.push(`<p>${render(parts.greeting)}</p>`);
  blocks.push(`<p>${escapeHtml(SAMPLE_BODY)}</p>`);
  if (parts.signature.trim()) blocks.push(`<div class="mr-signature">${render(parts.signature)}</div>`);
  const body = blocks.join('\n');
  const template = parts.htmlTemplate.trim();
  if (template && template.includes('{{body}}')) return fillVariables(template.split('{{body}}').join(body), agent);
  return `<!doctype html><html><head><style>.mr-signature{margin-top:16px;color:#48515c}</style></head><body>${body}</body></html>`;
}
