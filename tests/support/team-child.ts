/**
 * A separate Mailroom client for the team log tests: the real services on their own data
 * dir, syncing one account, answering commands on stdin (one JSON object a line) with one
 * JSON line each on stdout. Run with `node --import tsx team-child.ts <dataDir> <draft JSON> <agent name>`:
 * the first run adds the account and the agent's profile, later runs resume them.
 */
import readline from 'node:readline';
import { NewAccountSchema, OutboxFilterSchema, type AgentStatus, type CannedAnswerInput, type DesktopNotification } from '../../src-preload/contract';
import type { SavedViewInput } from '../../src-preload/contract/views';
import { createServices } from '../../src-main/services';
import type { EventPayload } from '../../src-main/services/teamlog/events';
import type { TeamState } from '../../src-main/services/teamlog/state';
import { stateJson } from '../../src-main/services/teamlog/snapshot';
import { createNodePlatform } from '../../src-main/services/platform/node-platform';

/** What the test asks for; see team-child-process.ts. */
export type TeamCommand =
  | { op: 'append'; payload: EventPayload }
  | { op: 'state' }
  | { op: 'confirmed' }
  | { op: 'status' }
  | { op: 'refresh' }
  | { op: 'rejections' }
  /** This client's outgoing mail (the outbox's items, newest first). */
  | { op: 'outbox' }
  /** Moves this client's team clock forward (presence and offers age without waiting). */
  | { op: 'advanceClock'; ms: number }
  /** The canned answers this client offers on its account's tickets (all: the settings list), and changing them. */
  | { op: 'listCanned'; all: boolean }
  | { op: 'saveCanned'; answer: CannedAnswerInput }
  | { op: 'deleteCanned'; id: string }
  /** Deletes a ticket as the ticket pane's Delete does; serverDeletions: the persisted server steps left. */
  | { op: 'deleteTicket'; ticket: string; fromServer: boolean }
  | { op: 'serverDeletions' }
  /** The desktop notifications this client showed so far, and its unread count. */
  | { op: 'notifications' }
  | { op: 'setStatus'; status: AgentStatus }
  /** The saved views this client lists, and changing them. */
  | { op: 'listViews' }
  | { op: 'saveView'; view: SavedViewInput }
  | { op: 'deleteView'; id: string }
  /** How many tickets each save of the team state wrote, in order (what one save costs the event loop). */
  | { op: 'saves' }
  | { op: 'close' };

async function main(): Promise<void> {
  const [dataDir, draft, name] = process.argv.slice(2);
  if (!dataDir || !draft || !name) throw new Error('usage: team-child <dataDir> <draft JSON> <agent name>');
  let clockOffset = 0;
  const shown: DesktopNotification[] = [];
  const s = createServices({
    dataDir,
    // Notifications are kept for the test to read, as the browser host hands them to its page.
    platform: createNodePlatform(dataDir, { MAILROOM_SECRET_KEY: 'd4'.repeat(32) }, { onNotification: (n) => shown.push(n) }),
    host: 'browser',
    version: 'test',
    emit: () => undefined,
    heartbeat: { intervalMs: 2000, answerWithinMs: 2000 },
    teamClock: () => Date.now() + clockOffset,
  });
  if (s.accounts.list().length === 0) {
    s.team.saveProfile({ name });
    await s.accounts.add(NewAccountSchema.parse(JSON.parse(draft)));
    // What announcing the new account does in the app: its log hears this agent's profile and status.
    s.team.syncAccounts();
  }
  const saves: number[] = [];
  const saveState = s.store.team.saveState.bind(s.store.team);
  s.store.team.saveState = (id, saved) => {
    const tickets = [...saved.tickets];
    saves.push(tickets.length);
    saveState(id, { ...saved, tickets });
  };
  const accountId = s.accounts.list()[0]!.id;
  const log = s.team.log(accountId)!;
  const rejections: { ticket: string | null; message: string }[] = [];
  s.team.onActionRejected((r) => rejections.push({ ticket: r.ticket, message: r.message }));
  // As the app starts (bootstrap.ts): the outbox sends what this client queued, the auto-replier what the log gives it.
  s.sync.startAll();
  s.outbox.start();
  s.autoReply.start();

  /** The state as a snapshot writes it (presence left out), each ticket with its whole history (the log saves the lines apart): the parent parses it back. */
  const withHistory = (state: TeamState): string => stateJson(state, () => (ticket) => log.activity(ticket));

  const answer = async (command: TeamCommand): Promise<unknown> => {
    switch (command.op) {
      case 'append':
        return log.append(command.payload);
      case 'state':
        return withHistory(log.state());
      case 'confirmed':
        return withHistory(log.confirmed());
      case 'status':
        return { ...log.status(), seenUid: log.seenUid(), agentId: s.team.me().agentId, accountId };
      case 'refresh':
        return log.refresh();
      case 'rejections':
        return rejections;
      case 'outbox':
        return s.outbox.list(OutboxFilterSchema.parse({}), 0, 1000).items;
      case 'advanceClock':
        clockOffset += command.ms;
        return clockOffset;
      case 'listCanned':
        return s.canned.list({ accountId, text: '', all: command.all });
      case 'saveCanned':
        return s.canned.save(command.answer);
      case 'deleteCanned':
        return s.canned.delete(command.id);
      case 'deleteTicket':
        s.tickets.deleteTicket(accountId, command.ticket, command.fromServer);
        return true;
      case 'serverDeletions':
        return s.store.serverDeletions.forAccount(accountId).map((task) => ({ ...task, copies: s.store.serverDeletions.copies(task.id) }));
      case 'notifications':
        return { shown, unread: s.notifications.unreadCount() };
      case 'setStatus':
        return s.team.setStatus(command.status);
      case 'listViews':
        return s.views.list();
      case 'saveView':
        return s.views.save(command.view);
      case 'deleteView':
        return s.views.delete(command.id);
      case 'saves':
        return saves;
      case 'close':
        await s.close();
        return true;
    }
  };
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const { id, command } = JSON.parse(line) as { id: number; command: TeamCommand };
    answer(command).then(
      (value) => process.stdout.write(`${JSON.stringify({ id, value })}\n`),
      (err: unknown) => process.stdout.write(`${JSON.stringify({ id, error: String(err) })}\n`),
    );
  });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
