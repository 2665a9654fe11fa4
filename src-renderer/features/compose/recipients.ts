import { RecipientSchema, type Recipient } from '../../../src-preload/contract';

export type ParsedRecipients = { recipients: Recipient[]; problem: string | null; rest: string };

/** One typed or pasted entry: "Ana Lima <ana@example.com>", "<ana@example.com>" or "ana@example.com". */
function parseOne(entry: string): Recipient | string {
  const angle = /^(.*)<([^<>]*)>$/.exec(entry);
  const name = angle ? angle[1]!.trim().replace(/^"(.*)"$/, '$1').trim() : '';
  const address = (angle ? angle[2]! : entry).trim();
  const parsed = RecipientSchema.safeParse({ name, address });
  if (parsed.success) return parsed.data;
  return `“${entry}” is not an email address: write it like customer@example.com, or Name <customer@example.com>.`;
}

/**
 * Splits what the agent typed or pasted at commas, semicolons and line breaks (not inside
 * a quoted name). The entries that are addresses become chips; the first one that is not
 * stays in the box with the problem, so nothing typed is lost.
 */
export function parseRecipients(text: string): ParsedRecipients {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === ',' || ch === ';' || ch === '\n')) {
      entries.push(current);
      current = '';
    } else current += ch;
  }
  entries.push(current);
  const recipients: Recipient[] = [];
  const rest: string[] = [];
  let problem: string | null = null;
  for (const entry of entries.map((e) => e.trim()).filter(Boolean)) {
    const result = parseOne(entry);
    if (typeof result === 'string') {
      problem ??= result;
      rest.push(entry);
    } else recipients.push(result);
  }
  return { recipients, problem, rest: rest.join(', ') };
}

/** Adds recipients not already there (same address, any case). */
export function mergeRecipients(existing: Recipient[], added: Recipient[]): Recipient[] {
  const seen = new Set(existing.map((r) => r.address.toLowerCase()));
  const merged = [...existing];
  for (const r of added) {
    if (seen.has(r.address.toLowerCase())) continue;
    seen.add(r.address.toLowerCase());
    merged.push(r);
  }
  return merged;
}

export function recipientLabel(r: Recipient): string {
  return r.name ? `${r.name} <${r.address}>` : r.address;
}
