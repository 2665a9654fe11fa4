import type { ImapFlow } from 'imapflow';
import type { TeamEvent } from './events';
import { formatEventMessage, formatSnapshotMessage } from './parse-event';

/**
 * APPENDs one event to the log folder, marked read so no mail program counts it as new
 * mail. The client event id travels inside, so an APPEND that landed although its answer
 * was lost is recognised when the log is read and folded once. Needs no selected folder.
 */
export async function appendEvent(client: ImapFlow, folder: string, event: TeamEvent, from: string): Promise<void> {
  await appendMessage(client, folder, formatEventMessage(event, from), event.at);
}

/**
 * A snapshot event whose state is the gzipped state JSON, its message written in turns
 * (parse-event.ts formatSnapshotMessage), appended as appendEvent does. False when `pace`
 * stopped it before the APPEND.
 */
export async function appendSnapshot(
  client: ImapFlow,
  folder: string,
  event: Extract<TeamEvent, { type: 'snapshot' }>,
  stateGz: readonly Buffer[],
  from: string,
  pace: () => Promise<boolean>,
): Promise<boolean> {
  const message = await formatSnapshotMessage(event, stateGz, from, pace);
  if (message === null) return false;
  await appendMessage(client, folder, message, event.at);
  return true;
}

async function appendMessage(client: ImapFlow, folder: string, message: Buffer, at: number): Promise<void> {
  const answer = await client.append(folder, message, ['\\Seen'], new Date(at));
  // imapflow answers false instead of throwing when the connection is gone.
  if (!answer) throw Object.assign(new Error(`Connection not available: appending to the team log ${folder} got no answer.`), { code: 'NoConnection' });
}
