/**
 * What must be fixed before a draft may go to the outbox, each problem at its field with
 * the fix in words (the composer shows them where they belong). Pure.
 */
import type { Draft, DraftProblem } from '../../../src-preload/contract';
import { fillVariables, variableProblems, type VariableValues } from '../../../src-preload/templates';

/** Base64 grows every 3 bytes to 4, plus a line break every 76 characters. */
export function base64Bytes(size: number): number {
  const encoded = Math.ceil(size / 3) * 4;
  return encoded + Math.ceil(encoded / 76) * 2;
}

/** Room for headers and MIME boundaries. */
const HEADER_BYTES = 8 * 1024;

/**
 * The mail's size on the wire, a little on the large side: the HTML (quoted-printable, and
 * pasted images staying base64), a plain-text part of at most the HTML's size, and each
 * attachment base64-encoded. The outbox measures the real MIME again before sending.
 */
export function estimateMessageBytes(bodyHtml: string, attachmentSizes: readonly number[]): number {
  const html = Buffer.byteLength(bodyHtml, 'utf8');
  const text = Buffer.byteLength(bodyHtml.replace(/<img\b[^>]*>/gi, '').replace(/<[^>]+>/g, ''), 'utf8');
  return Math.ceil(html * 1.1) + Math.ceil(text * 1.1) + attachmentSizes.reduce((sum, size) => sum + base64Bytes(size), 0) + HEADER_BYTES;
}

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

/** The message as it will go, or why it cannot: the body and subject with known variables filled. */
export interface CheckedDraft {
  problems: DraftProblem[];
  subject: string;
  bodyHtml: string;
}

export function checkDraft(draft: Draft, values: VariableValues, limits: { maxMessageBytes: number; now: number; scheduleAt: number | null }): CheckedDraft {
  const problems: DraftProblem[] = [];
  if (draft.to.length + draft.cc.length + draft.bcc.length === 0) {
    problems.push({ path: ['to'], message: 'Add at least one recipient.' });
  }
  const seen = new Map<string, string>();
  for (const field of ['to', 'cc', 'bcc'] as const) {
    draft[field].forEach((r, i) => {
      const key = r.address.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) problems.push({ path: [field, i], message: `${r.address} is already in ${first.toUpperCase()}: remove one of them.` });
      else seen.set(key, field);
    });
  }
  const body = fillVariables(draft.bodyHtml, values, { html: true });
  const subject = fillVariables(draft.subject, values);
  for (const message of variableProblems(subject)) problems.push({ path: ['subject'], message });
  for (const message of variableProblems(body)) problems.push({ path: ['bodyHtml'], message });
  const size = estimateMessageBytes(body.text, draft.attachments.map((a) => a.size));
  if (size > limits.maxMessageBytes) {
    problems.push({
      path: ['attachments'],
      message: `The mail would be about ${megabytes(size)} once encoded; this account sends at most ${megabytes(limits.maxMessageBytes)}. Remove attachments or share large files by link.`,
    });
  }
  if (limits.scheduleAt !== null && limits.scheduleAt <= limits.now) {
    problems.push({ path: ['scheduleAt'], message: 'Pick a time in the future, or send it now.' });
  }
  return { problems, subject: subject.text, bodyHtml: body.text };
}
