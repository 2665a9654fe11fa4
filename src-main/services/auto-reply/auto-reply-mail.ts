/**
 * The auto-reply to one customer mail, as the outbox takes it (pure): the settings'
 * subject and text with the variables filled, in the account's template, threaded onto
 * the customer's mail and marked as automatic (RFC 3834 section 3.1.7:
 * Auto-Submitted: auto-replied) so other robots do not answer it.
 */
import type { Address } from '../../../src-preload/contract';
import type { AutoReplySettings } from '../../../src-preload/contract/auto-reply';
import { assembleHtml, dateValue, fillVariables, type VariableValues } from '../../../src-preload/templates';
import type { OutgoingMail } from '../outbox/outgoing-mail';
import type { AccountRecord } from '../store/accounts-repo';
import type { ImportRow } from '../store/ticket-import-repo';
import type { TeamState, AutoReplyDue } from '../teamlog/state';
import { liveTicket } from '../teamlog/reducer';
import { ticketToken } from '../tickets/ticket-views';

export interface AutoReplyInput {
  account: AccountRecord;
  state: TeamState;
  /** The customer mail's key (Message-ID or hash:…) and what the reducer decided for it. */
  key: string;
  due: AutoReplyDue;
  /** The customer's mail as stored (its CC and References). */
  mail: Pick<ImportRow, 'cc' | 'references'>;
  /** Every account's address on this client, lower-cased: never copied on an auto-reply. */
  own: ReadonlySet<string>;
  agentId: string;
  now: number;
}

/** The idempotency key: one outbox item per account and customer mail, however often the decision is acted on. */
export function autoReplyKey(accountId: string, key: string): string {
  return `auto-reply:${accountId}:${key}`;
}

export function autoReplyValues(input: Pick<AutoReplyInput, 'account' | 'state' | 'due' | 'now'>): VariableValues {
  const { account, state, due } = input;
  const ticket = liveTicket(state, due.ticket);
  return {
    'customer.name': due.to.name,
    'customer.email': due.to.address,
    'ticket.number': ticket ? String(ticket.number) : '',
    'ticket.token': ticket ? ticketToken(state.settings, ticket.number) : '',
    'ticket.subject': ticket?.subject ?? '',
    'account.name': account.name,
    'account.email': account.email,
    date: dateValue(input.now),
  };
}

export function autoReplyMail(input: AutoReplyInput, settings: AutoReplySettings): OutgoingMail {
  const { account, key, due, mail } = input;
  const values = autoReplyValues(input);
  const to = due.to.address.toLowerCase();
  const cc: Address[] = settings.includeCc ? mail.cc.filter((a) => a.address && !input.own.has(a.address.toLowerCase()) && a.address.toLowerCase() !== to) : [];
  // The auto-reply speaks for the account, not for an agent: the account's template, without
  // the identity's greeting and signature (written for agents, with agent variables).
  const html = assembleHtml({ greeting: '', signature: '', htmlTemplate: account.identity.htmlTemplate }, fillVariables(settings.bodyHtml, values, { html: true }).text, values).text;
  const messageId = key.startsWith('hash:') ? null : key;
  const ticket = liveTicket(input.state, due.ticket);
  return {
    accountId: account.id,
    kind: 'auto-reply',
    agentId: input.agentId,
    from: { name: account.identity.senderName || account.name, address: account.email },
    to: [due.to],
    cc,
    bcc: [],
    subject: fillVariables(settings.subject, values).text.replace(/\s+/g, ' ').trim(),
    html,
    attachments: [],
    inReplyTo: messageId,
    references: messageId ? [...mail.references.filter((r) => r !== messageId), messageId] : mail.references,
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    ticket: ticket ? { accountId: account.id, key: ticket.key } : null,
    statusAfter: null,
    sendAfter: input.now,
    undoUntil: null,
    idempotencyKey: autoReplyKey(account.id, key),
    draftId: null,
  };
}
