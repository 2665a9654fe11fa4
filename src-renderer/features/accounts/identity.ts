/**
 * The account form's preview of a reply with this account's sending identity: sample
 * values for the variables and a sample text, assembled by the one reply assembly
 * (src-preload/templates.ts) that main uses for what is sent. The caller sanitizes the
 * result like any received email.
 */
import { assembleHtml, escapeHtml, VARIABLES, type IdentityParts, type VariableName, type VariableValues } from '../../../src-preload/templates';

/** The agent's profile variables, the ones a greeting and signature use, with short labels for the chips. */
export const AGENT_VARIABLES = (Object.keys(VARIABLES) as VariableName[])
  .filter((name) => name.startsWith('agent.'))
  .map((name) => ({ token: `{{${name}}}`, label: VARIABLES[name].replace(/^Agent /, '') }));

/** Values as a reply from this account would fill them, for a made-up agent and customer. */
export function sampleValues(domain: string | null, accountName: string): VariableValues {
  const mailDomain = domain ?? 'example.com';
  return {
    'agent.name': 'Alex Morgan',
    'agent.email': `alex.morgan@${mailDomain}`,
    'agent.phone': '+1 555 0100',
    'agent.mobile': '+1 555 0199',
    'agent.fax': '+1 555 0101',
    'customer.name': 'Jamie Customer',
    'customer.email': 'jamie@customer.example',
    'ticket.number': '1042',
    'ticket.token': 'MR-1042',
    'ticket.subject': 'Where is my order?',
    'account.name': accountName || 'Support',
    'account.email': `support@${mailDomain}`,
    date: new Date().toLocaleDateString(),
  };
}

const SAMPLE_BODY =
  'Thanks for getting in touch. Your order left our warehouse this morning and should reach you within three working days. ' +
  'You can follow it with the tracking link in your account.';

export function buildReplyHtml(parts: IdentityParts, values: VariableValues): string {
  return assembleHtml(parts, `<p>${escapeHtml(SAMPLE_BODY)}</p>`, values).text;
}
