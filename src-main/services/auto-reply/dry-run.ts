/**
 * The settings' dry run (pure): what these settings would do to the account's newest
 * incoming mails if each arrived now, by the same checks as the real thing: the robot
 * and list marks (rfc3834.ts, the importer's verdict) and the reducer's rule
 * (autoReplyRuleSkip: new tickets only, once per sender per hour or day). Time alone
 * is left out: every mail shown predates the switch, and only mail arriving after it
 * is answered (the form says so).
 */
import type { AutoReplyDryRun, AutoReplySettings, AutoReplyVerdict } from '../../../src-preload/contract/auto-reply';
import type { ImportRow } from '../store/ticket-import-repo';
import { autoReplyRuleSkip } from '../teamlog/reducer';
import type { TeamState } from '../teamlog/state';
import { messageKey } from '../tickets/ticket-importer';
import { autoReplyMark, REPLY_EXPLANATION, SKIP_EXPLANATIONS } from './rfc3834';

/** The dry run looks at this many of the newest incoming mails. */
export const DRY_RUN_SIZE = 100;

/** The mail opens its ticket (or is not in one yet): it is not a reply within an existing ticket. */
function opensTicket(state: TeamState, key: string): boolean {
  const ticket = state.tickets.ticketOfMessage(key);
  if (ticket === undefined) return true;
  return state.tickets.get(ticket)?.messages[0]?.key === key;
}

export function dryRun(newestFirst: ImportRow[], state: TeamState, settings: AutoReplySettings, ownAddresses: ReadonlySet<string>): AutoReplyDryRun {
  const lastReplied = new Map<string, number>();
  const verdicts: AutoReplyVerdict[] = [];
  // Oldest first, so the per-sender limit counts the replies earlier mail would have had.
  for (const row of [...newestFirst].reverse()) {
    const key = messageKey(row) ?? `#${row.id}`;
    const sender = row.from?.address.toLowerCase() ?? '';
    const reason =
      autoReplyMark({ from: row.from, headers: row.headers, outgoing: false }, ownAddresses) ??
      autoReplyRuleSkip(settings, opensTicket(state, key), lastReplied.get(sender), row.date);
    if (reason === null) lastReplied.set(sender, row.date);
    verdicts.push({
      messageId: key,
      date: row.date,
      from: row.from ? (row.from.name ? `${row.from.name} <${row.from.address}>` : row.from.address) : '',
      subject: row.subject,
      reply: reason === null,
      reason,
      explanation: reason === null ? REPLY_EXPLANATION : SKIP_EXPLANATIONS[reason],
    });
  }
  verdicts.reverse();
  return { considered: verdicts.length, replies: verdicts.filter((v) => v.reply).length, verdicts };
}
