import type { ImapFlow } from 'imapflow';

/**
 * Keeps imapflow's message count of the selected folder right when expunges come as
 * VANISHED (QRESYNC, which every connection enables): RFC 7162 3.2.10 has the client
 * lower the count by one per UID of a VANISHED without EARLIER, as for an EXPUNGE.
 * imapflow 2.1.2 lowers it for EXPUNGE only, and drops an EXISTS that repeats the count
 * it holds as "nothing changed". Without this, one expunge (another agent deleting a
 * message, the connection test removing its test email) left the count one too high,
 * so the next message to arrive brought the count back to the stale value and raised no
 * 'exists' event: the IDLE connection never woke the sync and the new mail waited for
 * the poll interval. Attach before connect(): the count matters from the first SELECT.
 */
export function countVanishedMessages(client: ImapFlow): void {
  client.on('expunge', (event) => {
    const mailbox = client.mailbox;
    // EARLIER reports what vanished before the SELECT: its EXISTS already left them out.
    if (!event.vanished || event.earlier || !mailbox || mailbox.path !== event.path || mailbox.exists <= 0) return;
    mailbox.exists -= 1;
  });
}
