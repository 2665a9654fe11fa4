import type { ImapFlow } from 'imapflow';
import type { TeamEvent } from './events';
import { formatEventMessage, inPieces, snapshotPartMessage } from './parse-event';

/**
 * APPENDs one event to the log folder, marked read so no mail program counts it as new
 * mail. The client event id travels inside, so an APPEND that landed although its answer
 * was lost is recognised when the log is read and folded once. Needs no selected folder.
 */
export async function appendEvent(client: ImapFlow, folder: string, event: TeamEvent, from: string): Promise<void> {
  await appendMessage(client, folder, formatEventMessage(event, from), event.at);
}

/**
 * Bytes of the gzipped state a snapshot part holds. The state of a million tickets is
 * about 50 MB gzipped: appended as one message, imapflow and TLS copied it three times
 * over and the connection held hundreds of MB of it until logout.
 */
export const SNAPSHOT_PART_BYTES = 4 * 1024 * 1024;

/**
 * A snapshot event whose state is the gzipped state JSON: the state in parts of
 * SNAPSHOT_PART_BYTES, each a message of its own written in turns (parse-event.ts
 * snapshotPartMessage), then the event naming how many, appended as appendEvent does. A
 * reader finds the event by its header and only then looks for its parts, so a snapshot
 * whose writer stopped half way is never read. False when `pace` stopped it first.
 */
export async function appendSnapshot(
  client: ImapFlow,
  folder: string,
  event: Extract<TeamEvent, { type: 'snapshot' }>,
  stateGz: readonly Buffer[],
  from: string,
  pace: () => Promise<boolean>,
  partBytes = SNAPSHOT_PART_BYTES,
): Promise<boolean> {
  if (event.state !== '' || event.parts !== 0) throw new Error('The snapshot event carries its state as stateGz: leave event.state empty and name no parts.');
  const parts = [...inPieces(stateGz, partBytes)];
  const named = { ...event, parts: parts.length };
  for (const [i, gz] of parts.entries()) {
    const steps = snapshotPartMessage(named, i + 1, gz, from);
    let step = steps.next();
    for (; !step.done; step = steps.next()) if (!(await pace())) return false;
    await appendMessage(client, folder, step.value, event.at);
  }
  await appendEvent(client, folder, named, from);
  return true;
}

async function appendMessage(client: ImapFlow, folder: string, message: Buffer, at: number): Promise<void> {
  const answer = await client.append(folder, message, ['\\Seen'], new Date(at));
  // imapflow answers false instead of throwing when the connection is gone.
  if (!answer) throw Object.assign(new Error(`Connection not available: appending to the team log ${folder} got no answer.`), { code: 'NoConnection' });
}
