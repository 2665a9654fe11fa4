import type { ImapFlow } from 'imapflow';
import type { TeamEvent } from './events';
import { formatEventMessage } from './parse-event';

/**
 * APPENDs one event to the log folder, marked read so no mail program counts it as new
 * mail. The client event id travels inside, so an APPEND that landed although its answer
 * was lost is recognised when the log is read and folded once. Needs no selected folder.
 */
export async function appendEvent(client: ImapFlow, folder: string, event: TeamEvent, from: string): Promise<void> {
  const answer = await client.append(folder, formatEventMessage(event, from), ['\\Seen'], new Date(event.at));
  // imapflow answers false instead of throwing when the connection is gone.
  if (!answer) throw Object.assign(new Error(`Connection not available: appending to the team log ${folder} got no answer.`), { code: 'NoConnection' });
}
