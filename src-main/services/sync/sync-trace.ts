/**
 * An opt-in trace for finding what a sync waits on: off unless MAILROOM_SYNC_TRACE names a
 * file, then one line per IMAP command of every connection and its tagged answer, each
 * EXISTS / EXPUNGE / VANISHED the server pushes, and the sync's and the team log's own
 * steps, each with the epoch milliseconds and the thread (imapflow masks credentials in
 * what it logs). Written synchronously (a line must not be lost with a killed process),
 * so it is for diagnosis only: the benchmark found the new-mail stall of issue 12 with it
 * (README, "Benchmark").
 */
import { appendFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

const file = process.env.MAILROOM_SYNC_TRACE || null;

/** Adds one line to the trace, when there is one. */
export function trace(what: string): void {
  if (file) appendFileSync(file, `${Date.now()} t${threadId} ${what}\n`);
}

interface ImapLogEntry {
  src?: string;
  msg?: string;
  cid?: string;
}

/** Untagged answers worth a line: the pushes that start a sync round. The rest (FETCH data) would drown them. */
const PUSH = /^\* (\d+ EXISTS|\d+ EXPUNGE|VANISHED)/;

/** imapflow's logger option: false without a trace, else a logger writing commands and answers to it. */
export function imapTraceLogger(server: string) {
  if (!file) return false as const;
  const line = (entry: ImapLogEntry) => {
    const msg = String(entry?.msg ?? '');
    if (entry?.src === 's' && msg.startsWith('*') && !PUSH.test(msg)) return;
    trace(`imap ${server} ${entry?.cid ?? ''} ${entry?.src ?? '-'} ${msg.slice(0, 160).replace(/\s+/g, ' ')}`);
  };
  const none = () => undefined;
  return { debug: line, info: none, warn: line, error: line, trace: none };
}
